// SPDX-License-Identifier: MIT
// What the runner's lock-timeout retries rely on: an error can roll back to a savepoint and keep
// the transaction, and a statement that waits is observed while it waits.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

using migrate::SqlError;
using migrate::test::scalar;
using migrate::test::ScratchDatabase;
using std::chrono::milliseconds;

TEST_CASE("with a rollback savepoint an error keeps the transaction and the work before it") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  db.set_rollback_savepoint("retry_here");
  CHECK_THROWS_AS(db.execute("BEGIN; CREATE TABLE kept (id int); SAVEPOINT retry_here;"
                             "CREATE TABLE lost (id int); SELECT 1/0;"),
                  SqlError);
  // The transaction is open and usable: the savepoint can be used again, then it commits.
  db.execute("SAVEPOINT retry_here; CREATE TABLE again (id int); RELEASE SAVEPOINT retry_here;"
             "COMMIT");
  CHECK(scalar(db, "SELECT to_regclass('kept') IS NOT NULL") == "t");
  CHECK(scalar(db, "SELECT to_regclass('again') IS NOT NULL") == "t");
  CHECK(scalar(db, "SELECT to_regclass('lost') IS NULL") == "t");
}

TEST_CASE("a failure before the savepoint exists rolls the whole transaction back") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  db.set_rollback_savepoint("retry_here");
  CHECK_THROWS_AS(db.execute("BEGIN; CREATE TABLE gone (id int); SELECT 1/0;"), SqlError);
  db.set_rollback_savepoint({});
  CHECK(scalar(db, "SELECT to_regclass('gone') IS NULL") == "t");
  // Idle, not in a failed transaction: a plain statement works.
  CHECK(scalar(db, "SELECT 42") == "42");
}

TEST_CASE("the wait observer sees a waiting statement about every 100 ms, and only then") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  std::vector<milliseconds> seen;
  db.set_wait_observer([&](milliseconds waited) { seen.push_back(waited); });
  db.execute("SELECT pg_sleep(0.45)");
  REQUIRE(seen.size() >= 3);
  CHECK(seen.size() <= 6);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    CHECK(seen[i] > seen[i - 1]);
  }
  CHECK(seen.back() >= milliseconds(300));
  const std::size_t after_sleep = seen.size();
  db.set_wait_observer({});
  db.execute("SELECT pg_sleep(0.25)");
  CHECK(seen.size() == after_sleep);
}
