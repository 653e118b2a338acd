// SPDX-License-Identifier: MIT
// Pipelines (docs/pipelining.md): answers in order, a failure told as if its text had gone
// alone, the rest skipped and drained, the session usable afterwards.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using migrate::DatabaseError;
using migrate::PipelineText;
using migrate::SqlError;
using migrate::test::scalar;
using migrate::test::ScratchDatabase;

namespace {

// The statements joined with ";\n", each one's byte range recorded as the runner's splitter
// would find it.
PipelineText text_of(const std::vector<std::string>& statements) {
  PipelineText text;
  for (const std::string& statement : statements) {
    if (!text.text.empty()) {
      text.text += ";\n";
    }
    text.statements.emplace_back(text.text.size(), statement.size());
    text.text += statement;
  }
  return text;
}

bool exists(migrate::Database& database, const std::string& table) {
  return scalar(database, "SELECT to_regclass('" + table + "') IS NOT NULL") == "t";
}

} // namespace

TEST_CASE("a pipeline answers text by text, with each statement's row count") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  REQUIRE(db.can_pipeline());
  db.pipeline_send({text_of({"CREATE TABLE p (id int)", "INSERT INTO p VALUES (1), (2)"}),
                    text_of({"UPDATE p SET id = id + 1"}),
                    text_of({"SELECT * FROM p"})});
  CHECK(db.pipeline_next() == std::vector<long long>{-1, 2});
  CHECK(db.pipeline_next() == std::vector<long long>{2});
  CHECK(db.pipeline_next() == std::vector<long long>{2});
  // Out of pipeline mode: the connection takes plain texts again.
  CHECK(scalar(db, "SELECT sum(id) FROM p") == "5");
}

TEST_CASE("a pipelined failure: its text's index and position, the rest skipped") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  const PipelineText failing =
      text_of({"BEGIN", "CREATE TABLE b (id int)", "SELECT * FROM missing_x"});
  db.pipeline_send({text_of({"BEGIN", "CREATE TABLE a (id int)", "COMMIT"}),
                    failing,
                    text_of({"CREATE TABLE c (id int)"})});
  CHECK(db.pipeline_next() == std::vector<long long>{-1, -1, -1});
  try {
    db.pipeline_next();
    FAIL("the second text should fail");
  } catch (const SqlError& error) {
    CHECK(error.fields().sqlstate == "42P01");
    CHECK(error.fields().statement_index == 2);
    // As the server counts it in the whole text: 1-based characters.
    CHECK(error.fields().position == static_cast<int>(failing.text.find("missing_x")) + 1);
  }
  // The committed text stays, the failing one's transaction was rolled back, the third never ran.
  CHECK(exists(db, "a"));
  CHECK_FALSE(exists(db, "b"));
  CHECK_FALSE(exists(db, "c"));
  CHECK_THROWS_AS(db.pipeline_next(), DatabaseError); // nothing is left to read
}

TEST_CASE("a pipelined syntax error is placed as in the whole text, index unknown") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  // The statement's own position is 1; after "SELECT 1;\n" it is 11, as one message reports it.
  db.pipeline_send({text_of({"SELECT 1", "SELEC 2"})});
  try {
    db.pipeline_next();
    FAIL("the text should fail");
  } catch (const SqlError& error) {
    CHECK(error.fields().sqlstate == "42601");
    CHECK(error.fields().position == 11);
    CHECK(error.fields().statement_index == -1);
  }
  CHECK(scalar(db, "SELECT 1") == "1");
}

TEST_CASE("a pipelined failure rolls back to the rollback savepoint when it exists") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  db.set_rollback_savepoint("sp");
  db.pipeline_send({text_of({"BEGIN", "CREATE TABLE f (id int)"}),
                    text_of({"SAVEPOINT sp", "CREATE TABLE g (id int)", "SELECT 1 / 0"})});
  CHECK(db.pipeline_next() == std::vector<long long>{-1, -1});
  CHECK_THROWS_AS(db.pipeline_next(), SqlError);
  db.execute("COMMIT"); // the transaction stayed open, with the work before the savepoint
  db.set_rollback_savepoint({});
  CHECK(exists(db, "f"));
  CHECK_FALSE(exists(db, "g"));
}

TEST_CASE("a pipeline left unread is read to its end before the next text") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  db.pipeline_send({text_of({"CREATE TABLE d (id int)"}), text_of({"CREATE TABLE e (id int)"})});
  CHECK(db.pipeline_next() == std::vector<long long>{-1});
  // The server ran the second text; its answer is drained, not mistaken for this one's.
  CHECK(scalar(db, "SELECT 42") == "42");
  CHECK(exists(db, "e"));
}

TEST_CASE("a NUL byte is refused before anything of the pipeline is sent") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  PipelineText bad = text_of({"CREATE TABLE n (id int)", "SELECT 'x'"});
  bad.text[bad.text.size() - 2] = '\0';
  CHECK_THROWS_WITH(db.pipeline_send({text_of({"CREATE TABLE m (id int)"}), bad}),
                    "the SQL text contains a NUL byte");
  CHECK_FALSE(exists(db, "m"));
  CHECK(scalar(db, "SELECT 1") == "1");
}
