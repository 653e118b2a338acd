// SPDX-License-Identifier: MIT
// The start of each transaction of a run: what pooler = transaction and pooler = none send, the
// names their failures are reported under, and the version rows a plan expects along the way.
#include "pooled.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using migrate::SqlError;
using migrate::graph::Plan;
using migrate::graph::Step;
using migrate::runner::heads_along;
using migrate::runner::is_lock_busy;
using migrate::runner::is_version_rows_changed;
using migrate::runner::is_wrong_connection;
using migrate::runner::OnlineOptions;
using migrate::runner::pooled_transaction_start;
using migrate::runner::same_heads;
using migrate::runner::session_guard;

namespace {

std::size_t statements(const std::string& sql) {
  return static_cast<std::size_t>(std::count(sql.begin(), sql.end(), '\n'));
}

SqlError failure(const std::string& sqlstate, const std::string& message) {
  SqlError::Fields fields;
  fields.sqlstate = sqlstate;
  fields.message = message;
  return SqlError("ERROR " + sqlstate + ": " + message, fields);
}

} // namespace

TEST_CASE("pooler = transaction: lock try, LOCAL settings and the version-row check") {
  OnlineOptions options;
  options.lock_timeout_seconds = 4;
  options.statement_timeout_seconds = 1.5;
  const std::vector<std::string> expected{"b'x", "a"};
  const auto start = pooled_transaction_start(options, 42, true, &expected);
  CHECK(start.sql.starts_with("SELECT CASE WHEN pg_try_advisory_xact_lock(42) THEN 0 ELSE "));
  CHECK(start.sql.find("SET LOCAL lock_timeout = 4000;\n") != std::string::npos);
  CHECK(start.sql.find("SET LOCAL statement_timeout = 1500;\n") != std::string::npos);
  CHECK(start.sql.find("set_config(name, '500', true)") != std::string::npos);
  CHECK(start.sql.find("ARRAY['b''x', 'a']::text[]") != std::string::npos);
  CHECK(start.sql.find("FROM alembic_version ORDER BY 1") != std::string::npos);
  // One name per statement, so a failure's statement index finds its name.
  REQUIRE(start.names.size() == statements(start.sql));
  CHECK(start.names.front() == migrate::runner::k_taking_lock);
  CHECK(start.names.back() == migrate::runner::k_checking_rows);
  // Nothing session-level, nothing prepared.
  CHECK(start.sql.find("SET lock_timeout") == std::string::npos);
  CHECK(start.sql.find("PREPARE") == std::string::npos);
}

TEST_CASE("pooler = transaction: without the lock or the check") {
  const OnlineOptions options;
  const auto start = pooled_transaction_start(options, 42, false, nullptr);
  CHECK(start.sql.find("advisory") == std::string::npos);
  CHECK(start.sql.find("version_num") == std::string::npos);
  CHECK(start.names.size() == statements(start.sql));
  const std::vector<std::string> none;
  CHECK(pooled_transaction_start(options, 42, false, &none).sql.find("ARRAY[]::text[]")
        != std::string::npos);
}

TEST_CASE("pooler = none: each transaction checks the lock's backend") {
  const auto guard = session_guard(4242);
  CHECK(guard.sql.starts_with("SELECT CASE WHEN pg_backend_pid() = 4242 THEN 0 ELSE "));
  CHECK(guard.names == std::vector<std::string>{migrate::runner::k_checking_connection});
}

TEST_CASE("the checks' failures are told apart from a revision's own") {
  const std::string cast = "invalid input syntax for type integer: ";
  CHECK(is_lock_busy(failure("22P02",
                             cast
                                 + "\"migrate: the migration lock is held elsewhere "
                                   "(pid 12)\"")));
  CHECK(is_version_rows_changed(failure(
      "22P02", cast + "\"migrate: the version rows are not what the run expects (pid 1)\"")));
  CHECK(is_wrong_connection(
      failure("22P02", cast + "\"migrate: not the connection holding the lock (pid 1)\"")));
  CHECK_FALSE(is_lock_busy(failure("22P02", cast + "\"abc\"")));
  CHECK_FALSE(is_version_rows_changed(
      failure("P0001", "migrate: the version rows are not what the run expects")));
}

TEST_CASE("the version rows a plan expects before each step") {
  Plan plan;
  Step first;
  first.heads_after = {"a"};
  Step second;
  second.heads_after = {"b", "c"};
  plan.steps = {first, second};
  const auto along = heads_along({}, plan);
  REQUIRE(along.size() == 3);
  CHECK(along[0].empty());
  CHECK(along[1] == std::vector<std::string>{"a"});
  CHECK(along[2] == std::vector<std::string>{"b", "c"});
  CHECK(same_heads({"c", "b"}, {"b", "c"}));
  CHECK_FALSE(same_heads({"b"}, {"b", "c"}));
  CHECK(same_heads({}, {}));
}
