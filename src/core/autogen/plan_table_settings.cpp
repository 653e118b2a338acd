// SPDX-License-Identifier: MIT
// Planning table settings: persistence, storage parameters, replica identity and row level
// security (docs/autogenerate.md, "Table settings"). A new table gets its persistence and
// storage parameters in its CREATE TABLE (with_options); the rest is ALTER TABLE, after
// the indexes a replica identity may name.
#include "planner.hpp"

#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::autogen::detail {

namespace {

std::string option_name(const std::string& option) {
  return option.substr(0, option.find('='));
}

// "fillfactor='70'": the value quoted, as pg_dump writes it, whatever it holds.
std::string option_setting(const std::string& option) {
  const std::size_t equals = option.find('=');
  if (equals == std::string::npos) {
    return option;
  }
  std::string value = "'";
  for (const char c : option.substr(equals + 1)) {
    value += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return option.substr(0, equals) + "=" + value + "'";
}

void plan_options(Planner& planner, const Table& from, const Table& to) {
  std::vector<std::string> reset;
  for (const std::string& option : from.options) {
    const bool kept = std::any_of(to.options.begin(), to.options.end(), [&](const std::string& o) {
      return option_name(o) == option_name(option);
    });
    if (!kept) {
      reset.push_back(option_name(option));
    }
  }
  std::vector<std::string> set;
  for (const std::string& option : to.options) {
    if (std::find(from.options.begin(), from.options.end(), option) == from.options.end()) {
      set.push_back(option_setting(option));
    }
  }
  if (!reset.empty()) {
    planner.add(alter_tables_after,
                "ALTER TABLE " + to.name + " RESET (" + util::join(reset, ", ") + ")");
  }
  if (!set.empty()) {
    planner.add(alter_tables_after,
                "ALTER TABLE " + to.name + " SET (" + util::join(set, ", ") + ")");
  }
}

std::string storage_name(char storage) {
  switch (storage) {
  case 'p':
    return "PLAIN";
  case 'e':
    return "EXTERNAL";
  case 'm':
    return "MAIN";
  default: // 'x'
    return "EXTENDED";
  }
}

// SET STATISTICS, STORAGE and COMPRESSION of the columns `to` has, where `from` (the table before,
// or an empty one for a new table) differs. A retyped column is back at its new type's storage.
void plan_column_settings(Planner& planner, const Table& from, const Table& to) {
  for (const Column& column : to.columns) {
    if (!column.local) {
      continue; // set on the parent, which passes them on
    }
    const Column* found = from.column(column.name);
    const std::string key = column_key(to.name, column.name);
    const bool fresh = found == nullptr || planner.dropped_columns.contains(key);
    const Column before = fresh ? Column{} : *found;
    const bool retyped = planner.retyped_columns.contains(key);
    const std::string alter = "ALTER TABLE " + to.name + " ALTER COLUMN " + column.name;
    if (before.statistics != column.statistics) {
      planner.add(alter_tables_after,
                  alter + " SET STATISTICS " + std::to_string(column.statistics));
    }
    if (before.storage != column.storage || (retyped && column.storage != 0)) {
      const char storage = column.storage != 0 ? column.storage : column.type_storage;
      planner.add(alter_tables_after, alter + " SET STORAGE " + storage_name(storage));
    }
    if (before.compression != column.compression) {
      const std::string method = column.compression == 'l'   ? "lz4"
                                 : column.compression == 'p' ? "pglz"
                                                             : "DEFAULT";
      planner.add(alter_tables_after, alter + " SET COMPRESSION " + method);
    }
  }
}

} // namespace

std::string with_options(const std::vector<std::string>& options) {
  if (options.empty()) {
    return "";
  }
  std::vector<std::string> settings;
  for (const std::string& option : options) {
    settings.push_back(option_setting(option));
  }
  return " WITH (" + util::join(settings, ", ") + ")";
}

void plan_table_settings(Planner& planner) {
  for (const auto& [name, table] : planner.to.tables) {
    const auto old = planner.from.tables.find(name);
    const bool created = old == planner.from.tables.end() || planner.rebuilt_tables.contains(name);
    const Table before = created ? Table{} : old->second;
    if (!created) {
      if (before.unlogged != table.unlogged) {
        // Rewrites the table (and, to LOGGED, writes it all to the WAL).
        planner.add(alter_tables_after,
                    "ALTER TABLE " + name + (table.unlogged ? " SET UNLOGGED" : " SET LOGGED"));
      }
      plan_options(planner, before, table);
    }
    plan_column_settings(planner, before, table);
    const bool index_recreated =
        table.replica_identity.starts_with("USING INDEX ")
        && planner.recreated_targets.contains("INDEX " + schema_prefix(name)
                                              + table.replica_identity.substr(12));
    if (before.replica_identity != table.replica_identity || index_recreated) {
      planner.add(add_constraints,
                  "ALTER TABLE " + name + " REPLICA IDENTITY "
                      + (table.replica_identity.empty() ? "DEFAULT" : table.replica_identity));
    }
    if (before.row_security != table.row_security) {
      planner.add(add_constraints,
                  "ALTER TABLE " + name + (table.row_security ? " ENABLE" : " DISABLE")
                      + " ROW LEVEL SECURITY");
    }
    if (before.force_row_security != table.force_row_security) {
      planner.add(add_constraints,
                  "ALTER TABLE " + name + (table.force_row_security ? " FORCE" : " NO FORCE")
                      + " ROW LEVEL SECURITY");
    }
  }
}

} // namespace migrate::autogen::detail
