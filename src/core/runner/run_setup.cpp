// SPDX-License-Identifier: MIT
// The set-up statements of a run, and errors that name the set-up step.
#include "run_setup.hpp"

#include <cmath>

namespace migrate::runner {

SqlError setup_failure(std::string_view what, const SqlError& error) {
  const SqlError::Fields& fields = error.fields();
  std::string message = "set-up step '" + std::string(what) + "' failed: ERROR " + fields.sqlstate
                        + ": " + fields.message + "; no revision ran";
  if (!fields.detail.empty()) {
    message += "\n  detail: " + fields.detail;
  }
  if (!fields.hint.empty()) {
    message += "\n  hint: " + fields.hint;
  }
  return SqlError(message, fields);
}

DatabaseError setup_failure(std::string_view what, const DatabaseError& error) {
  return DatabaseError("set-up step '" + std::string(what) + "' failed: " + error.what()
                       + "; no revision ran");
}

bool table_exists(Database& database, const VersionTable& table) {
  const std::vector<Row> rows = database.query(
      "SELECT to_regclass(" + quote_literal(table.qualified_name()) + ") IS NOT NULL");
  return !rows.empty() && !rows[0].empty() && rows[0][0] == "t";
}

std::vector<std::string> select_heads(Database& database, const VersionTable& table) {
  std::vector<std::string> heads;
  for (const Row& row : database.query(table.select_sql())) {
    if (!row.empty() && row[0]) {
      heads.push_back(*row[0]);
    }
  }
  return heads;
}

std::string milliseconds_text(double seconds) {
  return std::to_string(static_cast<long long>(std::llround(seconds * 1000)));
}

std::string client_check_interval_sql(bool local) {
  return std::string("SELECT set_config(name, '500', ") + (local ? "true" : "false")
         + ") FROM pg_settings WHERE name = 'client_connection_check_interval'";
}

// client_connection_check_interval (PostgreSQL 14+, absent before, hence pg_settings) makes the
// server notice a client that died (kill -9) while a statement runs and abort it, so a message
// holding a revision and its COMMIT is not run to the end for nobody. lock_timeout is set for the
// session after the migration lock is held: it bounds the revisions' DDL lock waits, so a
// revision never queues every reader of a table behind it for longer (0 waits forever).
std::string session_settings_sql(const OnlineOptions& options) {
  std::string sql = client_check_interval_sql(false)
                    + ";\nSET lock_timeout = " + milliseconds_text(options.lock_timeout_seconds);
  if (options.statement_timeout_seconds) {
    sql += ";\nSET statement_timeout = " + milliseconds_text(*options.statement_timeout_seconds);
  }
  return sql + ";\n";
}

std::vector<std::string> read_heads(Database& database, const VersionTable& table) {
  return table_exists(database, table) ? select_heads(database, table) : std::vector<std::string>{};
}

} // namespace migrate::runner
