// SPDX-License-Identifier: MIT
// introspect(): the catalog queries run in one read-only snapshot, folded into a Snapshot.
#include "catalog_queries.hpp"

#include <migrate/autogen.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::autogen {

namespace {

std::string text(const Row& row, std::size_t index) {
  return index < row.size() && row[index] ? *row[index] : std::string();
}

bool flag(const Row& row, std::size_t index) {
  return text(row, index) == "t";
}

std::optional<std::string> optional_text(const Row& row, std::size_t index) {
  return index < row.size() ? row[index] : std::nullopt;
}

// pg_get_indexdef says "ON ONLY" for a partitioned parent; running that text would leave the
// index invalid with no child indexes (docs/autogenerate.md, "Gotchas" 2).
std::string strip_on_only(std::string definition) {
  const std::string only = " ON ONLY ";
  if (const std::size_t at = definition.find(only); at != std::string::npos) {
    definition.replace(at, only.size(), " ON ");
  }
  return definition;
}

std::string strip_semicolon(std::string_view definition) {
  std::string_view trimmed = util::trim(definition);
  if (!trimmed.empty() && trimmed.back() == ';') {
    trimmed.remove_suffix(1);
  }
  return std::string(util::trim(trimmed));
}

void read_relations(Database& database, const std::string& exclude, Snapshot& snapshot) {
  for (const Row& row : database.query(queries::relations(exclude))) {
    const std::string name = text(row, 0);
    const char kind = text(row, 1).empty() ? 'r' : text(row, 1)[0];
    if (kind == 'v' || kind == 'm') {
      snapshot.views[name] =
          View{name,
               kind,
               strip_semicolon(text(row, 5)),
               text(row, 7).empty() ? std::vector<std::string>{} : util::split(text(row, 7), '\n')};
      continue;
    }
    Table table;
    table.name = name;
    table.kind = kind;
    table.partition_key = text(row, 2);
    table.partition_bound = text(row, 3);
    if (!text(row, 4).empty()) {
      table.parents = util::split(text(row, 4), '\n');
    }
    table.unlogged = flag(row, 6);
    if (!text(row, 7).empty()) {
      table.options = util::split(text(row, 7), '\n');
    }
    table.replica_identity = text(row, 8);
    table.row_security = flag(row, 9);
    table.force_row_security = flag(row, 10);
    snapshot.tables[name] = std::move(table);
  }
}

void read_columns(Database& database, const std::string& exclude, Snapshot& snapshot) {
  for (const Row& row : database.query(queries::columns(exclude))) {
    const auto table = snapshot.tables.find(text(row, 0));
    if (table == snapshot.tables.end()) {
      continue;
    }
    Column column;
    column.name = text(row, 1);
    column.type = text(row, 2);
    column.not_null = flag(row, 3);
    column.default_expr = optional_text(row, 4);
    column.generated_expr = optional_text(row, 5);
    column.identity = text(row, 6);
    column.collation = optional_text(row, 7);
    // A partition's columns are its parent's, whether it was created PARTITION OF (not local)
    // or attached later (still local in the catalog).
    column.local = flag(row, 8) && table->second.partition_bound.empty();
    column.identity_options = text(row, 9);
    column.statistics = text(row, 10).empty() ? -1 : std::stoi(text(row, 10));
    column.storage = text(row, 11).empty() ? char{0} : text(row, 11)[0];
    column.compression = text(row, 12).empty() ? char{0} : text(row, 12)[0];
    column.type_storage = text(row, 13).empty() ? char{0} : text(row, 13)[0];
    column.identity_sequence = text(row, 14);
    table->second.columns.push_back(std::move(column));
  }
}

void read_constraints(Database& database, const std::string& exclude, Snapshot& snapshot) {
  for (const Row& row : database.query(queries::constraints(exclude))) {
    const auto table = snapshot.tables.find(text(row, 0));
    if (table == snapshot.tables.end()) {
      continue;
    }
    const std::string type = text(row, 2);
    table->second.constraints.push_back(
        Constraint{text(row, 1), type.empty() ? 'c' : type[0], text(row, 3), text(row, 4)});
  }
}

} // namespace

IntrospectOptions introspect_options(const config::Config& config) {
  IntrospectOptions options;
  options.version_table = config.version_table;
  options.version_table_schema = config.version_table_schema.value_or("");
  return options;
}

Snapshot introspect(Database& database, const IntrospectOptions& options) {
  const std::string schema =
      options.version_table_schema.empty() ? "public" : options.version_table_schema;
  // The version table and the applied-steps log beside it are the runner's, not the schema's.
  const std::string exclude = "n.nspname = " + database.quote_literal(schema)
                              + " AND c.relname IN ("
                              + database.quote_literal(options.version_table) + ", "
                              + database.quote_literal(options.version_table + "_log") + ")";

  // search_path = pg_catalog makes every deparsed name schema-qualified, on both sides alike.
  database.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                   "SET LOCAL search_path = pg_catalog");
  Snapshot snapshot;
  try {
    for (const Row& row : database.query(queries::schemas())) {
      snapshot.schemas.push_back(text(row, 0));
    }
    for (const Row& row : database.query(queries::enums())) {
      EnumType& type = snapshot.enums[text(row, 0)];
      type.name = text(row, 0);
      if (row.size() > 1 && row[1]) {
        type.labels.push_back(*row[1]);
      }
    }
    for (const Row& row : database.query(queries::sequences())) {
      snapshot.sequences[text(row, 0)] =
          Sequence{text(row, 0), text(row, 1), text(row, 2), text(row, 3)};
    }
    read_relations(database, exclude, snapshot);
    read_columns(database, exclude, snapshot);
    read_constraints(database, exclude, snapshot);
    for (const Row& row : database.query(queries::indexes())) {
      if (flag(row, 3)) {
        snapshot.partition_indexes[text(row, 0)] = text(row, 1); // its parent index's
      } else if (snapshot.tables.contains(text(row, 1)) || snapshot.views.contains(text(row, 1))) {
        snapshot.indexes[text(row, 0)] =
            Index{text(row, 0), text(row, 1), strip_on_only(text(row, 2))};
      }
    }
    for (const Row& row : database.query(queries::functions())) {
      snapshot.functions[text(row, 0)] =
          Function{text(row, 0), text(row, 1), text(row, 2), text(row, 3) == "p"};
    }
    for (const Row& row : database.query(queries::view_dependencies())) {
      snapshot.dependencies.push_back(Dependency{text(row, 0), text(row, 1), text(row, 2)});
    }
    for (const Row& row : database.query(queries::extensions())) {
      snapshot.extensions[text(row, 0)] = Extension{text(row, 0), text(row, 1)};
    }
    for (const Row& row : database.query(queries::domains())) {
      Domain domain;
      domain.name = text(row, 0);
      domain.base_type = text(row, 1);
      domain.not_null = flag(row, 2);
      domain.default_expr = optional_text(row, 3);
      domain.collation = optional_text(row, 4);
      snapshot.domains[domain.name] = std::move(domain);
    }
    for (const Row& row : database.query(queries::domain_checks())) {
      if (const auto domain = snapshot.domains.find(text(row, 0));
          domain != snapshot.domains.end()) {
        domain->second.checks.push_back(DomainCheck{text(row, 1), text(row, 2)});
      }
    }
    for (const Row& row : database.query(queries::composites())) {
      CompositeType& type = snapshot.composites[text(row, 0)];
      type.name = text(row, 0);
      if (row.size() > 1 && row[1]) {
        type.attributes.emplace_back(*row[1], text(row, 2));
      }
    }
    for (const Row& row : database.query(queries::triggers(exclude))) {
      snapshot.triggers[text(row, 0)] = Trigger{text(row, 0), text(row, 1), text(row, 2)};
    }
    for (const Row& row : database.query(queries::policies(exclude))) {
      Policy policy{text(row, 0),
                    text(row, 1),
                    text(row, 2),
                    flag(row, 3),
                    text(row, 4),
                    util::split(text(row, 5), '\n'),
                    optional_text(row, 6),
                    optional_text(row, 7)};
      snapshot.policies[policy.key] = std::move(policy);
    }
    for (const Row& row : database.query(queries::privileges(exclude))) {
      snapshot.privileges[text(row, 0)] = util::split(text(row, 1), '\n');
    }
    for (const Row& row : database.query(queries::comments(exclude))) {
      snapshot.comments[text(row, 0)] = text(row, 1);
    }
    database.execute("COMMIT");
  } catch (...) {
    try {
      database.execute("ROLLBACK");
    } catch (...) { // NOLINT(bugprone-empty-catch): the first error is the one to report
    }
    throw;
  }
  std::sort(snapshot.dependencies.begin(),
            snapshot.dependencies.end(),
            [](const Dependency& a, const Dependency& b) {
              return std::tie(a.dependent, a.referenced, a.column)
                     < std::tie(b.dependent, b.referenced, b.column);
            });
  return snapshot;
}

} // namespace migrate::autogen
