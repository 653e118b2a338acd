// SPDX-License-Identifier: MIT
// Planning schemas, enum types, sequences and functions: the objects tables and views use.
#include "planner.hpp"

#include <migrate/util/strings.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace migrate::autogen::detail {

namespace {

std::string enum_labels(const EnumType& type) {
  std::vector<std::string> quoted;
  for (const std::string& label : type.labels) {
    quoted.push_back(literal(label));
  }
  return util::join(quoted, ", ");
}

// The labels of `to` minus the new ones equal `from`'s: only additions, each placed with
// ADD VALUE ... AFTER its predecessor (or BEFORE the first old label).
bool only_additions(const EnumType& from, const EnumType& to) {
  std::vector<std::string> kept;
  for (const std::string& label : to.labels) {
    if (std::find(from.labels.begin(), from.labels.end(), label) != from.labels.end()) {
      kept.push_back(label);
    }
  }
  return kept == from.labels;
}

void add_labels(Planner& planner, const EnumType& from, const EnumType& to) {
  for (std::size_t i = 0; i < to.labels.size(); ++i) {
    const std::string& label = to.labels[i];
    if (std::find(from.labels.begin(), from.labels.end(), label) != from.labels.end()) {
      continue;
    }
    std::string sql = "ALTER TYPE " + to.name + " ADD VALUE " + literal(label);
    if (i > 0) {
      sql += " AFTER " + literal(to.labels[i - 1]);
    } else if (!from.labels.empty()) {
      sql += " BEFORE " + literal(from.labels.front());
    }
    planner.add(types, std::move(sql));
  }
}

} // namespace

bool mentions(const std::string& text, const std::string& type) {
  for (std::size_t at = text.find(type); at != std::string::npos; at = text.find(type, at + 1)) {
    const std::size_t end = at + type.size();
    const bool starts =
        at == 0 || text[at - 1] == ' ' || text[at - 1] == '(' || text[at - 1] == ':';
    const bool ends = end == text.size()
                      || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'
                           || text[end] == '$' || text[end] == '"');
    if (starts && ends) {
      return true;
    }
  }
  return false;
}

namespace {

bool uses_recreated_enum(const Planner& planner, const std::string& key, const Function& function) {
  for (const std::string& type : planner.recreated_enums) {
    if (mentions(key, type) || mentions(function.result, type)) {
      return true;
    }
  }
  return false;
}

std::string function_sql(const Function& function) {
  return std::string(util::trim(function.definition));
}

} // namespace

void plan_schemas(Planner& planner) {
  for (const std::string& schema : planner.to.schemas) {
    if (std::find(planner.from.schemas.begin(), planner.from.schemas.end(), schema)
        == planner.from.schemas.end()) {
      planner.add(create_schemas, "CREATE SCHEMA " + schema);
    }
  }
  for (const std::string& schema : planner.from.schemas) {
    if (std::find(planner.to.schemas.begin(), planner.to.schemas.end(), schema)
        == planner.to.schemas.end()) {
      planner.add(drop_schemas, "DROP SCHEMA " + schema);
    }
  }
}

namespace {

// The one label replaced in place, when that is the only change: a rename (RENAME VALUE keeps
// every row that holds it), not a removal and an addition.
std::optional<std::pair<std::string, std::string>> renamed_label(const EnumType& from,
                                                                 const EnumType& to) {
  if (from.labels.size() != to.labels.size()) {
    return std::nullopt;
  }
  std::optional<std::pair<std::string, std::string>> change;
  for (std::size_t i = 0; i < from.labels.size(); ++i) {
    if (from.labels[i] == to.labels[i]) {
      continue;
    }
    const bool fresh =
        std::find(from.labels.begin(), from.labels.end(), to.labels[i]) == from.labels.end();
    const bool gone =
        std::find(to.labels.begin(), to.labels.end(), from.labels[i]) == to.labels.end();
    if (change || !fresh || !gone) {
      return std::nullopt;
    }
    change = std::make_pair(from.labels[i], to.labels[i]);
  }
  return change;
}

} // namespace

void plan_enums(Planner& planner) {
  for (const auto& [name, type] : planner.to.enums) {
    const auto old = planner.from.enums.find(name);
    if (old == planner.from.enums.end()) {
      planner.add(types, "CREATE TYPE " + name + " AS ENUM (" + enum_labels(type) + ")");
    } else if (old->second == type) {
      continue;
    } else if (only_additions(old->second, type)) {
      add_labels(planner, old->second, type);
    } else if (const auto renamed = renamed_label(old->second, type)) {
      planner.add(types,
                  "ALTER TYPE " + name + " RENAME VALUE " + literal(renamed->first) + " TO "
                      + literal(renamed->second));
    } else {
      // Labels cannot be removed or reordered: rename the old type away, create the new
      // one, convert the columns through text (plan_columns), drop the old one last.
      planner.recreated_enums.insert(name);
      planner.recreated_targets.insert("TYPE " + name);
      const std::vector<std::string> parts = split_qualified(name);
      const std::string old_name = unquote(parts.back()) + "__old";
      const std::string schema = parts.size() > 1 ? parts.front() + "." : "";
      planner.add(recreate_enums,
                  "ALTER TYPE " + name + " RENAME TO " + quote_identifier(old_name));
      planner.add(recreate_enums, "CREATE TYPE " + name + " AS ENUM (" + enum_labels(type) + ")");
      std::vector<std::string> removed;
      for (const std::string& label : old->second.labels) {
        if (std::find(type.labels.begin(), type.labels.end(), label) == type.labels.end()) {
          removed.push_back(literal(label));
        }
      }
      planner.add(drop_late,
                  "DROP TYPE " + schema + quote_identifier(old_name),
                  removed.empty()
                      ? std::optional<std::string>()
                      : "removes labels " + util::join(removed, ", ") + " of type " + name);
    }
  }
  for (const auto& [name, type] : planner.from.enums) {
    if (!planner.to.enums.contains(name)) {
      planner.add(drop_late, "DROP TYPE " + name, "drops type " + name);
    }
  }
}

void plan_functions(Planner& planner) {
  // A function whose argument names or types change is a new key under an old name: CREATE OR
  // REPLACE would refuse it ("cannot change name of input parameter"), so the old one is
  // dropped first.
  const auto name_of = [](const std::string& key) { return key.substr(0, key.find('(')); };
  std::set<std::string> new_names;
  for (const auto& [key, function] : planner.to.functions) {
    if (!planner.from.functions.contains(key)) {
      new_names.insert(name_of(key));
    }
  }
  std::set<std::string> replaced_names;
  std::set<std::string> dropped_early;
  for (const auto& [key, function] : planner.from.functions) {
    if (!planner.to.functions.contains(key) && new_names.contains(name_of(key))) {
      replaced_names.insert(name_of(key));
      dropped_early.insert(key);
      planner.early_dropped_functions.insert(key);
      planner.add(drop_recreated_functions,
                  std::string(function.is_procedure ? "DROP PROCEDURE " : "DROP FUNCTION ") + key,
                  Effects{{}, {}, {function_object(key)}, {}});
    }
  }
  bool creates = false;
  for (const auto& [key, function] : planner.to.functions) {
    const auto old = planner.from.functions.find(key);
    // CREATE OR REPLACE cannot change a result type, and a signature naming an enum that is
    // recreated would keep the old type: drop (after the views calling it, plan_views), create
    // again.
    const bool recreate = old != planner.from.functions.end()
                          && (old->second.result != function.result
                              || old->second.is_procedure != function.is_procedure
                              || uses_recreated_enum(planner, key, old->second));
    if (!recreate && old != planner.from.functions.end() && old->second == function) {
      continue;
    }
    creates = true;
    const Effects made{{function_object(key)}, {}, {}, {}};
    if (old == planner.from.functions.end() && replaced_names.contains(name_of(key))) {
      planner.add(recreate_functions, function_sql(function), made);
    } else if (recreate) {
      planner.recreated_functions.insert(key);
      planner.early_dropped_functions.insert(key);
      planner.recreated_targets.insert((function.is_procedure ? "PROCEDURE " : "FUNCTION ") + key);
      planner.add(drop_recreated_functions,
                  std::string(old->second.is_procedure ? "DROP PROCEDURE " : "DROP FUNCTION ")
                      + key,
                  Effects{{}, {}, {function_object(key)}, {}});
      planner.add(recreate_functions, function_sql(function), made);
    } else {
      planner.add(functions_early, function_sql(function), made);
    }
  }
  if (creates) {
    // As pg_dump does: bodies may name tables that are created later in the revision.
    planner.phases[create_schemas].insert(
        planner.phases[create_schemas].begin(),
        PlannedStatement{Statement{"SET check_function_bodies = off", {}}, {}});
  }
  for (const auto& [key, function] : planner.from.functions) {
    if (!planner.to.functions.contains(key) && !dropped_early.contains(key)) {
      planner.add(drop_functions,
                  std::string(function.is_procedure ? "DROP PROCEDURE " : "DROP FUNCTION ") + key,
                  Effects{{}, {}, {function_object(key)}, {}});
    }
  }
}

void plan_sequences(Planner& planner) {
  for (const auto& [name, sequence] : planner.to.sequences) {
    const auto old = planner.from.sequences.find(name);
    if (old == planner.from.sequences.end()) {
      planner.add(create_sequences,
                  "CREATE SEQUENCE " + name + " AS " + sequence.data_type + " " + sequence.options);
    } else if (old->second.data_type != sequence.data_type
               || old->second.options != sequence.options) {
      planner.add(alter_sequences,
                  "ALTER SEQUENCE " + name + " AS " + sequence.data_type + " " + sequence.options);
    }
    const std::string old_owner =
        old == planner.from.sequences.end() ? std::string() : old->second.owned_by;
    if (old_owner != sequence.owned_by) {
      planner.add(alter_sequences,
                  "ALTER SEQUENCE " + name + " OWNED BY "
                      + (sequence.owned_by.empty() ? std::string("NONE") : sequence.owned_by));
    }
  }
  for (const auto& [name, sequence] : planner.from.sequences) {
    if (planner.to.sequences.contains(name)) {
      continue;
    }
    // A sequence owned by a dropped table or column goes with it.
    if (!sequence.owned_by.empty()) {
      const std::vector<std::string> parts = split_qualified(sequence.owned_by);
      const std::string table = parts.size() == 3 ? parts[0] + "." + parts[1] : std::string();
      if (planner.dropped_tables.contains(table)
          || planner.dropped_columns.contains(column_key(table, parts.back()))) {
        continue;
      }
    }
    planner.add(drop_sequences, "DROP SEQUENCE " + name);
  }
}

} // namespace migrate::autogen::detail
