// SPDX-License-Identifier: MIT
// SqlError carries PostgreSQL's fields: SQLSTATE, message, DETAIL, HINT, position, statement.
#include "support.hpp"

#include <catch2/catch.hpp>

using migrate::SqlError;
using migrate::test::ScratchDatabase;

namespace {

SqlError::Fields fields_of(migrate::Database& database, const std::string& sql) {
  try {
    database.execute(sql);
  } catch (const SqlError& error) {
    return error.fields();
  }
  FAIL("no SqlError from: " << sql);
  return {};
}

} // namespace

TEST_CASE("a syntax error: position in the whole text, index unknown (nothing ran yet)") {
  ScratchDatabase scratch;
  const std::string text = "CREATE TABLE s (x int);\nSELEC 2;";
  const SqlError::Fields fields = fields_of(scratch.db(), text);
  CHECK(fields.sqlstate == "42601");
  CHECK(fields.message == "syntax error at or near \"SELEC\"");
  CHECK(fields.position == static_cast<int>(text.find("SELEC")) + 1);
  // The server parsed the whole text before running any of it: statement 0 never ran either.
  CHECK(fields.statement_index == -1);
  CHECK(fields.detail.empty());
  CHECK(fields.hint.empty());
  CHECK(migrate::test::scalar(scratch.db(), "SELECT to_regclass('s') IS NULL") == "t");
}

TEST_CASE("a missing relation in the first statement is located by its position") {
  ScratchDatabase scratch;
  const SqlError::Fields fields = fields_of(scratch.db(), "SELECT * FROM missing_table");
  CHECK(fields.sqlstate == "42P01");
  CHECK(fields.message == "relation \"missing_table\" does not exist");
  CHECK(fields.position == 15);
  CHECK(fields.statement_index == -1);
}

TEST_CASE("a unique violation carries DETAIL and no position") {
  ScratchDatabase scratch;
  const SqlError::Fields fields = fields_of(scratch.db(),
                                            "CREATE TABLE u (id int PRIMARY KEY);\n"
                                            "INSERT INTO u VALUES (1);\nINSERT INTO u VALUES (1);");
  CHECK(fields.sqlstate == "23505");
  CHECK(fields.message == "duplicate key value violates unique constraint \"u_pkey\"");
  CHECK(fields.detail == "Key (id)=(1) already exists.");
  CHECK(fields.hint.empty());
  CHECK(fields.position == 0);
  CHECK(fields.statement_index == 2);
}

TEST_CASE("RAISE with DETAIL, HINT and ERRCODE in a DO block") {
  ScratchDatabase scratch;
  const SqlError::Fields fields = fields_of(
      scratch.db(),
      "SELECT 1;\nDO $$ BEGIN RAISE EXCEPTION 'custom failure %', 42 USING DETAIL = 'some "
      "detail', HINT = 'try again', ERRCODE = 'P0099'; END $$;");
  CHECK(fields.sqlstate == "P0099");
  CHECK(fields.message == "custom failure 42");
  CHECK(fields.detail == "some detail");
  CHECK(fields.hint == "try again");
  CHECK(fields.position == 0);
  CHECK(fields.statement_index == 1);
}

TEST_CASE("a server hint without RAISE: a missing function") {
  ScratchDatabase scratch;
  const std::string text = "SELECT 1;\nSELECT no_such_function(1);";
  const SqlError::Fields fields = fields_of(scratch.db(), text);
  CHECK(fields.sqlstate == "42883");
  CHECK(fields.message == "function no_such_function(integer) does not exist");
  CHECK(fields.hint
        == "No function matches the given name and argument types. You might need to add explicit "
           "type casts.");
  CHECK(fields.position == static_cast<int>(text.find("no_such")) + 1);
  CHECK(fields.statement_index == 1);
}

TEST_CASE("query() failures are SqlErrors with the same fields") {
  ScratchDatabase scratch;
  try {
    scratch.db().query("SELECT 1/0");
    FAIL("no error");
  } catch (const SqlError& error) {
    CHECK(std::string(error.what()) == "ERROR 22012: division by zero");
    CHECK(error.fields().sqlstate == "22012");
    CHECK(error.fields().statement_index == 0);
    CHECK(error.exit_code() == migrate::ExitCode::database);
  }
}
