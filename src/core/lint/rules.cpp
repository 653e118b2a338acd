// SPDX-License-Identifier: MIT
// The rule table (ids, severities, why, what instead: docs/lint.md) and the checks that apply it
// to libpg_query's parse trees. A table created earlier in the same revision is new and empty:
// the locking and rewrite rules do not apply to it.
#include "rules.hpp"

#include <migrate/lint.hpp>

#include <algorithm>
#include <array>

namespace migrate::lint {

namespace {

using nlohmann::json;

const std::vector<Rule> k_rules = {
    {"syntax-error",
     Severity::error,
     "PostgreSQL cannot parse the statement.",
     "fix the statement; the message and the position are PostgreSQL's own"},
    {"create-index-not-concurrently",
     Severity::error,
     "CREATE INDEX blocks every write to the table until the index is built.",
     "use CREATE INDEX CONCURRENTLY in a revision with transactional: false"},
    {"concurrently-in-transaction",
     Severity::error,
     "CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY cannot run inside a transaction: the "
     "revision fails.",
     "put it in a revision of its own with transactional: false"},
    {"foreign-key-not-valid",
     Severity::error,
     "Adding a foreign key checks every row while holding locks that block writes to both tables.",
     "add it NOT VALID, then VALIDATE CONSTRAINT in a later revision (in the same transaction the "
     "ADD's lock is held during the scan)"},
    {"check-not-valid",
     Severity::warning,
     "Adding a CHECK constraint scans the whole table under an ACCESS EXCLUSIVE lock.",
     "add it NOT VALID, then VALIDATE CONSTRAINT in a later revision (in the same transaction the "
     "ADD's lock is held during the scan)"},
    {"set-not-null",
     Severity::warning,
     "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, unless a validated CHECK "
     "(col IS NOT NULL) already proves it.",
     "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it, then SET NOT NULL and drop "
     "the check"},
    {"column-type-change",
     Severity::error,
     "ALTER COLUMN TYPE rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (only a "
     "few changes, such as varchar(n) to text, are free).",
     "add a new column, backfill it in batches, switch the code over, then drop the old one"},
    {"volatile-default",
     Severity::error,
     "A column added with a volatile default (random(), clock_timestamp(), gen_random_uuid(), a "
     "serial, an identity or a stored generated column) rewrites the whole table under an ACCESS "
     "EXCLUSIVE lock.",
     "add the column without the default, backfill it in batches, then SET DEFAULT"},
    {"add-column-not-null-no-default",
     Severity::error,
     "ADD COLUMN ... NOT NULL without a default fails as soon as the table has a row.",
     "add it with a non-volatile DEFAULT, or nullable and backfilled, then SET NOT NULL"},
    {"unique-constraint-builds-index",
     Severity::warning,
     "ADD PRIMARY KEY / UNIQUE builds its index under an ACCESS EXCLUSIVE lock.",
     "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX"},
    {"drop-column",
     Severity::warning,
     "DROP COLUMN loses its data, and code still reading the column fails.",
     "stop reading the column in a release first, then drop it in a later revision"},
    {"drop-table",
     Severity::warning,
     "DROP TABLE loses its data, and code still using the table fails.",
     "stop using the table in a release first, then drop it in a later revision"},
    {"rename-column",
     Severity::warning,
     "Renaming a column breaks the code that is running while the migration deploys.",
     "add the new column, write both, backfill, switch reads, then drop the old one"},
    {"rename-table",
     Severity::warning,
     "Renaming a table breaks the code that is running while the migration deploys.",
     "create the new name as a view of the old table (or the reverse) for the deploy"},
    {"vacuum-full",
     Severity::error,
     "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock: no reads, no writes.",
     "use plain VACUUM, or pg_repack outside the migration"},
    {"cluster",
     Severity::error,
     "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock: no reads, no writes.",
     "leave physical ordering to maintenance (pg_repack), not to a migration"},
    {"lock-table",
     Severity::warning,
     "LOCK TABLE holds its lock until the transaction ends, queueing every conflicting query "
     "behind it.",
     "take no explicit lock; let each statement take the lock it needs, under lock_timeout"},
    {"truncate",
     Severity::warning,
     "TRUNCATE deletes every row, under an ACCESS EXCLUSIVE lock.",
     "delete what must go in batches, or make the data loss explicit in review"},
    {"enum-value-in-transaction",
     Severity::warning,
     "A value added by ALTER TYPE ... ADD VALUE cannot be used until its transaction commits (and "
     "before PostgreSQL 12 the statement fails in a transaction).",
     "add the value in a revision of its own, or with transactional: false"},
    {"session-timeout",
     Severity::warning,
     "SET lock_timeout / statement_timeout without LOCAL lasts for the rest of the session: every "
     "later revision of the run inherits it (and in a transactional: false revision SET LOCAL "
     "has no effect).",
     "use SET LOCAL in a transactional revision, or the lock_timeout key of alembic.ini"},
    {"missing-downgrade",
     Severity::warning,
     "A revision without a downgrade section cannot be downgraded: a rollback stops at it.",
     "add a -- migrate:downgrade section (empty when there is nothing to undo)"},
};

// Functions whose value changes per row: a column default calling one is computed for every
// existing row, rewriting the table.
constexpr std::array k_volatile_functions = {"random",
                                             "clock_timestamp",
                                             "timeofday",
                                             "gen_random_uuid",
                                             "uuid_generate_v1",
                                             "uuid_generate_v1mc",
                                             "uuid_generate_v4",
                                             "nextval",
                                             "txid_current",
                                             "statement_timestamp"};

// Types whose columns get a sequence default.
constexpr std::array k_serial_types = {
    "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"};

const json& field(const json& node, const char* name) {
  static const json null;
  const auto found = node.find(name);
  return found == node.end() ? null : *found;
}

// A boolean field: libpg_query's JSON leaves out the ones that are false.
bool flag(const json& node, const char* name) {
  return field(node, name) == true;
}

std::string text_of(const json& value) {
  return value.is_string() ? value.get<std::string>() : std::string();
}

// "schema.table" or "table", from a RangeVar.
std::string relation_name(const json& range_var) {
  const std::string schema = text_of(field(range_var, "schemaname"));
  const std::string name = text_of(field(range_var, "relname"));
  return schema.empty() ? name : schema + "." + name;
}

// Whether a table named `name` was created earlier in the revision (an unqualified name matches
// a qualified one and the reverse: the search path is not known here).
bool created_here(const RevisionContext& context, const std::string& name) {
  const auto bare = [](const std::string& n) { return n.substr(n.rfind('.') + 1); };
  return std::any_of(context.created_tables.begin(),
                     context.created_tables.end(),
                     [&](const std::string& created) {
                       return created == name
                              || (bare(created) == bare(name)
                                  && (created.find('.') == std::string::npos
                                      || name.find('.') == std::string::npos));
                     });
}

// The last element of a list of String nodes ("pg_catalog", "int4" -> "int4").
std::string last_name(const json& names) {
  if (!names.is_array() || names.empty()) {
    return "";
  }
  return text_of(field(field(names.back(), "String"), "sval"));
}

// Whether an expression calls a volatile function anywhere in it.
bool calls_volatile(const json& expression) {
  if (expression.is_object()) {
    const json& call = field(expression, "FuncCall");
    if (!call.is_null()) {
      const std::string name = last_name(field(call, "funcname"));
      if (std::find(k_volatile_functions.begin(), k_volatile_functions.end(), name)
          != k_volatile_functions.end()) {
        return true;
      }
    }
    for (const auto& [key, value] : expression.items()) {
      if (calls_volatile(value)) {
        return true;
      }
    }
  } else if (expression.is_array()) {
    for (const json& item : expression) {
      if (calls_volatile(item)) {
        return true;
      }
    }
  }
  return false;
}

void check_add_column(const json& column, const std::string& table, std::vector<Hit>& hits) {
  const std::string name = text_of(field(column, "colname"));
  const std::string type = last_name(field(field(column, "typeName"), "names"));
  bool has_default = false;
  bool not_null = false;
  bool rewrites =
      std::find(k_serial_types.begin(), k_serial_types.end(), type) != k_serial_types.end();
  for (const json& item : field(column, "constraints")) {
    const json& constraint = field(item, "Constraint");
    const std::string kind = text_of(field(constraint, "contype"));
    if (kind == "CONSTR_DEFAULT") {
      has_default = true;
      rewrites = rewrites || calls_volatile(field(constraint, "raw_expr"));
    } else if (kind == "CONSTR_NOTNULL" || kind == "CONSTR_PRIMARY") {
      not_null = true;
    } else if (kind == "CONSTR_IDENTITY" || kind == "CONSTR_GENERATED") {
      has_default = true;
      rewrites = true;
    } else if (kind == "CONSTR_FOREIGN" && !flag(constraint, "skip_validation")) {
      hits.push_back({"foreign-key-not-valid", "ADD COLUMN " + name + " REFERENCES on " + table});
    }
  }
  if (rewrites) {
    hits.push_back({"volatile-default", "ADD COLUMN " + name + " on " + table});
  } else if (not_null && !has_default) {
    hits.push_back({"add-column-not-null-no-default", "ADD COLUMN " + name + " on " + table});
  }
}

void check_alter_table(const json& statement, RevisionContext& context, std::vector<Hit>& hits) {
  const std::string table = relation_name(field(statement, "relation"));
  const bool is_new = created_here(context, table);
  for (const json& item : field(statement, "cmds")) {
    const json& command = field(item, "AlterTableCmd");
    const std::string subtype = text_of(field(command, "subtype"));
    const std::string column = text_of(field(command, "name"));
    if (subtype == "AT_DropColumn") {
      hits.push_back({"drop-column", "DROP COLUMN " + column + " on " + table});
    }
    if (subtype == "AT_ValidateConstraint") {
      context.validated_tables.insert(table);
      const auto added = context.not_valid_constraints.find(table + "." + column);
      if (added != context.not_valid_constraints.end() && context.transactional) {
        hits.push_back({added->second,
                        "VALIDATE CONSTRAINT " + column + " on " + table
                            + " in the transaction that added it NOT VALID"});
      }
    }
    if (is_new) {
      continue; // a table created in this revision: empty, and no one else uses it yet
    }
    if (subtype == "AT_AddColumn") {
      check_add_column(field(field(command, "def"), "ColumnDef"), table, hits);
    } else if (subtype == "AT_SetNotNull" && !context.validated_tables.contains(table)) {
      hits.push_back({"set-not-null", "SET NOT NULL on " + table + "." + column});
    } else if (subtype == "AT_AlterColumnType") {
      hits.push_back({"column-type-change", "ALTER COLUMN " + column + " TYPE on " + table});
    } else if (subtype == "AT_AddConstraint") {
      const json& constraint = field(field(command, "def"), "Constraint");
      const std::string kind = text_of(field(constraint, "contype"));
      const bool not_valid = flag(constraint, "skip_validation");
      if (not_valid) {
        context.not_valid_constraints[table + "." + text_of(field(constraint, "conname"))] =
            kind == "CONSTR_FOREIGN" ? "foreign-key-not-valid" : "check-not-valid";
      }
      if (kind == "CONSTR_FOREIGN" && !not_valid) {
        hits.push_back({"foreign-key-not-valid", "ADD FOREIGN KEY on " + table});
      } else if (kind == "CONSTR_CHECK" && !not_valid) {
        hits.push_back({"check-not-valid", "ADD CHECK on " + table});
      } else if ((kind == "CONSTR_UNIQUE" || kind == "CONSTR_PRIMARY")
                 && !field(constraint, "indexname").is_string()) {
        hits.push_back({"unique-constraint-builds-index",
                        std::string(kind == "CONSTR_UNIQUE" ? "ADD UNIQUE" : "ADD PRIMARY KEY")
                            + " on " + table});
      }
    }
  }
}

bool is_concurrent_drop(const json& statement) {
  return text_of(field(statement, "removeType")) == "OBJECT_INDEX" && flag(statement, "concurrent");
}

bool reindex_concurrently(const json& statement) {
  for (const json& option : field(statement, "params")) {
    if (text_of(field(field(option, "DefElem"), "defname")) == "concurrently") {
      return true;
    }
  }
  return false;
}

} // namespace

std::string_view severity_name(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

const std::vector<Rule>& rules() {
  return k_rules;
}

const Rule* find_rule(std::string_view id) {
  const auto found =
      std::find_if(k_rules.begin(), k_rules.end(), [&](const Rule& rule) { return rule.id == id; });
  return found == k_rules.end() ? nullptr : &*found;
}

std::vector<Hit> check_statement(const json& node, RevisionContext& context) {
  std::vector<Hit> hits;
  if (!node.is_object() || node.empty()) {
    return hits;
  }
  const std::string& kind = node.begin().key();
  const json& statement = node.begin().value();
  if (kind == "CreateStmt") {
    context.created_tables.insert(relation_name(field(statement, "relation")));
  } else if (kind == "IndexStmt") {
    const std::string table = relation_name(field(statement, "relation"));
    const bool concurrent = flag(statement, "concurrent");
    if (concurrent && context.transactional) {
      hits.push_back({"concurrently-in-transaction", "CREATE INDEX CONCURRENTLY on " + table});
    } else if (!concurrent && !created_here(context, table)) {
      hits.push_back({"create-index-not-concurrently", "CREATE INDEX on " + table});
    }
  } else if (kind == "DropStmt") {
    if (is_concurrent_drop(statement) && context.transactional) {
      hits.push_back({"concurrently-in-transaction", "DROP INDEX CONCURRENTLY"});
    } else if (text_of(field(statement, "removeType")) == "OBJECT_TABLE") {
      hits.push_back({"drop-table", "DROP TABLE"});
    }
  } else if (kind == "ReindexStmt") {
    if (reindex_concurrently(statement) && context.transactional) {
      hits.push_back({"concurrently-in-transaction", "REINDEX CONCURRENTLY"});
    }
  } else if (kind == "AlterTableStmt") {
    if (text_of(field(statement, "objtype")) == "OBJECT_TABLE") {
      check_alter_table(statement, context, hits);
    }
  } else if (kind == "RenameStmt") {
    const std::string type = text_of(field(statement, "renameType"));
    const std::string table = relation_name(field(statement, "relation"));
    if (type == "OBJECT_COLUMN" && !created_here(context, table)) {
      hits.push_back({"rename-column",
                      "RENAME COLUMN " + text_of(field(statement, "subname")) + " on " + table});
    } else if (type == "OBJECT_TABLE" && !created_here(context, table)) {
      hits.push_back({"rename-table", "RENAME " + table});
    }
  } else if (kind == "VacuumStmt") {
    for (const json& option : field(statement, "options")) {
      if (text_of(field(field(option, "DefElem"), "defname")) == "full") {
        hits.push_back({"vacuum-full", "VACUUM FULL"});
      }
    }
  } else if (kind == "ClusterStmt") {
    hits.push_back({"cluster", "CLUSTER"});
  } else if (kind == "LockStmt") {
    hits.push_back({"lock-table", "LOCK TABLE"});
  } else if (kind == "TruncateStmt") {
    hits.push_back({"truncate", "TRUNCATE"});
  } else if (kind == "AlterEnumStmt") {
    if (field(statement, "newVal").is_string() && !field(statement, "oldVal").is_string()
        && context.transactional) {
      hits.push_back({"enum-value-in-transaction",
                      "ALTER TYPE " + last_name(field(statement, "typeName")) + " ADD VALUE"});
    }
  } else if (kind == "VariableSetStmt") {
    const std::string name = text_of(field(statement, "name"));
    const bool local = flag(statement, "is_local");
    if ((name == "lock_timeout" || name == "statement_timeout")
        && (!local || !context.transactional)) {
      hits.push_back({"session-timeout", std::string(local ? "SET LOCAL " : "SET ") + name});
    }
  }
  return hits;
}

} // namespace migrate::lint
