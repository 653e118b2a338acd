// SPDX-License-Identifier: MIT
// execute() and query(): one round trip, statement attribution, transaction semantics, rows.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>
#include <thread>

using migrate::DatabaseError;
using migrate::Row;
using migrate::SqlError;
using migrate::test::scalar;
using migrate::test::ScratchDatabase;

namespace {

// Runs `sql` and returns the SqlError it must throw.
SqlError sql_error_of(migrate::Database& database, const std::string& sql) {
  try {
    database.execute(sql);
  } catch (const SqlError& error) {
    return error;
  }
  FAIL("no SqlError from: " << sql);
  throw; // unreachable: FAIL throws
}

} // namespace

TEST_CASE("query returns rows as text, NULL as nullopt, from the last statement") {
  ScratchDatabase scratch;
  const std::vector<Row> rows =
      scratch.db().query("SELECT 1, NULL::text, 'x''y' UNION ALL SELECT 2, 'b', '' ORDER BY 1");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == Row{"1", std::nullopt, "x'y"});
  CHECK(rows[1] == Row{"2", "b", ""});
  CHECK(scratch.db().query("CREATE TABLE t (x int)").empty());
  CHECK(scratch.db().query("SELECT 1; SELECT 'second'") == std::vector<Row>{Row{"second"}});
  CHECK(scratch.db().query("SELECT x FROM t").empty());
}

TEST_CASE("execute runs every statement of a text, and empty texts are fine") {
  ScratchDatabase scratch;
  scratch.db().execute(
      "CREATE TABLE t (x int);\nINSERT INTO t VALUES (1); INSERT INTO t VALUES (2);"
      "-- a comment; with a semicolon\n");
  CHECK(scalar(scratch.db(), "SELECT sum(x) FROM t") == "3");
  scratch.db().execute("");
  scratch.db().execute("  -- only a comment\n");
}

TEST_CASE("the whole multi-statement text reaches the server as one message") {
  // pg_stat_activity.query shows the text of the message the backend is running: with one
  // message per statement it would show only "SELECT pg_sleep(1)".
  ScratchDatabase scratch;
  const int pid = scratch.db().backend_pid();
  const std::string text = "SELECT 1; SELECT pg_sleep(1); SELECT 2";
  auto running = std::async(std::launch::async, [&] { scratch.db().execute(text); });
  const std::unique_ptr<migrate::Database> observer = scratch.connect_again();
  std::optional<std::string> seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    const std::vector<Row> rows =
        observer->query("SELECT query FROM pg_stat_activity WHERE state = 'active' AND pid = "
                        + std::to_string(pid));
    if (!rows.empty()) {
      seen = rows[0][0];
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  running.get();
  CHECK(seen == text);
}

TEST_CASE(
    "a failing third statement is statement_index 2 and rolls back the implicit transaction") {
  ScratchDatabase scratch;
  const std::string text =
      "CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\nSELECT * FROM nope;\n"
      "INSERT INTO a VALUES (2);";
  const SqlError error = sql_error_of(scratch.db(), text);
  CHECK(error.fields().statement_index == 2);
  CHECK(error.fields().sqlstate == "42P01");
  CHECK(error.fields().message == "relation \"nope\" does not exist");
  // The position counts characters of the whole text, not of the statement.
  CHECK(error.fields().position == static_cast<int>(text.find("nope")) + 1);
  CHECK(std::string(error.what()) == "ERROR 42P01: relation \"nope\" does not exist");
  // Without BEGIN the text was one implicit transaction: the CREATE and INSERT are gone.
  CHECK(scalar(scratch.db(), "SELECT to_regclass('a') IS NULL") == "t");
}

TEST_CASE("an error inside BEGIN ... COMMIT rolls the block back and leaves the session usable") {
  ScratchDatabase scratch;
  scratch.db().execute("CREATE TABLE b (x int)");
  const SqlError error = sql_error_of(
      scratch.db(), "BEGIN;\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES ('x');\nCOMMIT;");
  CHECK(error.fields().statement_index == 2);
  CHECK(error.fields().sqlstate == "22P02");
  // Not "current transaction is aborted": execute() rolled the block back.
  CHECK(scalar(scratch.db(), "SELECT count(*) FROM b") == "0");
  scratch.db().execute("ROLLBACK"); // what a cautious caller may still send: only a warning
  scratch.db().execute("INSERT INTO b VALUES (5)");
  CHECK(scalar(scratch.db(), "SELECT sum(x) FROM b") == "5");
}

TEST_CASE("work committed earlier in the same text stays committed") {
  ScratchDatabase scratch;
  const SqlError error = sql_error_of(scratch.db(),
                                      "CREATE TABLE c (x int); BEGIN; INSERT INTO c VALUES (1); "
                                      "COMMIT; INSERT INTO c VALUES (1 / 0)");
  CHECK(error.fields().statement_index == 4);
  CHECK(error.fields().sqlstate == "22012");
  CHECK(scalar(scratch.db(), "SELECT count(*) FROM c") == "1");
}

TEST_CASE("a transaction left open by one execute continues in the next") {
  ScratchDatabase scratch;
  // Statements before a BEGIN in the same text join its block (the implicit transaction
  // becomes the explicit one), so even the CREATE is not visible to others yet.
  scratch.db().execute("CREATE TABLE d (x int); BEGIN; INSERT INTO d VALUES (1)");
  scratch.db().execute("INSERT INTO d VALUES (2)");
  const std::unique_ptr<migrate::Database> other = scratch.connect_again();
  CHECK(scalar(*other, "SELECT to_regclass('d') IS NULL") == "t");
  scratch.db().execute("COMMIT");
  CHECK(scalar(*other, "SELECT count(*) FROM d") == "2");
}

TEST_CASE("empty statements do not count in statement_index") {
  ScratchDatabase scratch;
  const SqlError error = sql_error_of(scratch.db(), "SELECT 1;; ;\n-- c;\nSELECT 2; SELECT 1/0;");
  CHECK(error.fields().statement_index == 2);
}

TEST_CASE("COPY from the client is refused, COPY to the client is drained") {
  ScratchDatabase scratch;
  scratch.db().execute("CREATE TABLE e (x int)");
  const SqlError error = sql_error_of(scratch.db(), "SELECT 1; COPY e FROM STDIN; SELECT 2");
  CHECK(error.fields().statement_index == 1);
  CHECK(error.fields().sqlstate == "57014");
  CHECK(error.fields().message
        == "COPY from stdin failed: migrate sends no COPY data; use COPY ... FROM a server file");
  scratch.db().execute("INSERT INTO e VALUES (1); COPY e TO STDOUT; INSERT INTO e VALUES (2)");
  CHECK(scalar(scratch.db(), "SELECT count(*) FROM e") == "2");
}

TEST_CASE("a NUL byte in the text is refused before anything is sent") {
  ScratchDatabase scratch;
  CHECK_THROWS_WITH(scratch.db().execute(std::string("SELECT 1;\0DROP", 14)),
                    "the SQL text contains a NUL byte");
}

TEST_CASE("quoting follows the connection's rules") {
  ScratchDatabase scratch;
  const std::string text = "it's a \\ back'slash";
  CHECK(scratch.db().quote_literal(text) == "'it''s a \\ back''slash'");
  CHECK(scalar(scratch.db(), "SELECT " + scratch.db().quote_literal(text)) == text);
  CHECK(scratch.db().quote_identifier("Weird \"Name\"") == "\"Weird \"\"Name\"\"\"");
  scratch.db().execute("CREATE TABLE " + scratch.db().quote_identifier("Weird \"Name\"")
                       + " (x int)");
  CHECK(scalar(scratch.db(), "SELECT count(*) FROM pg_class WHERE relname = 'Weird \"Name\"'")
        == "1");
}

TEST_CASE("backend_pid is the session's server process") {
  ScratchDatabase scratch;
  CHECK(scalar(scratch.db(), "SELECT pg_backend_pid()")
        == std::to_string(scratch.db().backend_pid()));
}

TEST_CASE("a terminated session is a one-line DatabaseError, then stays failed without crashing") {
  ScratchDatabase scratch;
  const std::unique_ptr<migrate::Database> killer = scratch.connect_again();
  killer->query("SELECT pg_terminate_backend(" + std::to_string(scratch.db().backend_pid()) + ")");
  std::string first;
  try {
    scratch.db().execute("SELECT 1");
    FAIL("no error after pg_terminate_backend");
  } catch (const DatabaseError& error) {
    first = error.what();
  }
  INFO(first);
  CHECK(first.find('\n') == std::string::npos);
  CHECK((first.find("terminating connection") != std::string::npos
         || first.find("connection to the server was lost") != std::string::npos));
  CHECK_THROWS_WITH(scratch.db().execute("SELECT 1"), "the connection to the server was lost");
  CHECK_THROWS_WITH(scratch.db().query("SELECT 1"), "the connection to the server was lost");
  CHECK_THROWS_AS(scratch.db().quote_identifier("x"), DatabaseError);
  scratch.db().cancel(); // harmless
}

TEST_CASE("server notices are not printed on stderr") {
  ScratchDatabase scratch;
  char path[] = "/tmp/migrate_test_stderr_XXXXXX";
  const int capture = ::mkstemp(path);
  REQUIRE(capture >= 0);
  std::fflush(stderr);
  const int saved = ::dup(2);
  ::dup2(capture, 2);
  scratch.db().execute("DO $$ BEGIN RAISE NOTICE 'a notice for nobody'; END $$; "
                       "DROP TABLE IF EXISTS not_there");
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::ifstream captured(path);
  const std::string text((std::istreambuf_iterator<char>(captured)),
                         std::istreambuf_iterator<char>());
  ::close(capture);
  ::unlink(path);
  CHECK(text.empty());
}
