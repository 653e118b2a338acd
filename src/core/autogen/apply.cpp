// SPDX-License-Identifier: MIT
// Running SQL in a scratch database: the schema file (errors on its line) and a plan.
#include "runner/sql_lexer.hpp"

#include <migrate/autogen.hpp>
#include <migrate/error.hpp>

namespace migrate::autogen {

void load_schema_file(Database& database, const std::string& sql, const std::string& path) {
  // Statement by statement, so a failure names the line of schema.sql it starts on.
  const std::vector<runner::Statement> statements = runner::split_statements(sql, Location{path});
  database.execute("SET check_function_bodies = off");
  for (const runner::Statement& statement : statements) {
    try {
      database.execute(statement.text);
    } catch (const SqlError& e) {
      int line = statement.line;
      if (e.fields().position > 0) {
        line += runner::line_of_position(statement.text, e.fields().position) - 1;
      }
      throw CommandError(path + ":" + std::to_string(line) + ": " + e.what());
    }
  }
}

void apply_plan(Database& database, const Plan& plan) {
  if (plan.needs_no_transaction) {
    for (const Statement& statement : plan.statements) {
      database.execute(statement.sql);
    }
    return;
  }
  database.execute("BEGIN;\n" + plan.render() + "\nCOMMIT");
}

} // namespace migrate::autogen
