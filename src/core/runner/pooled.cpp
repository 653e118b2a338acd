// SPDX-License-Identifier: MIT
// The statements that open each transaction of a run, and what their failures mean.
#include "pooled.hpp"

#include "advisory_lock.hpp"
#include "run_setup.hpp"

#include <algorithm>

namespace migrate::runner {

namespace {

// A failed check casts one of these texts to integer: PostgreSQL's 22P02 error then quotes it,
// so it cannot be mistaken for a revision's own failure.
constexpr std::string_view k_rows_marker = "migrate: the version rows are not what the run expects";
constexpr std::string_view k_connection_marker = "migrate: not the connection holding the lock";
constexpr std::string_view k_busy_marker = "migrate: the migration lock is held elsewhere";

// The pid keeps the cast from being folded into a constant (and failing) when it is planned.
std::string fail_unless(const std::string& condition, std::string_view marker) {
  return "SELECT CASE WHEN " + condition + " THEN 0 ELSE (" + quote_literal(marker)
         + " || ' (pid ' || pg_backend_pid() || ')')::integer END;\n";
}

bool carries(const SqlError& error, std::string_view marker) {
  return error.fields().sqlstate == "22P02"
         && error.fields().message.find(marker) != std::string::npos;
}

std::string text_array(const std::vector<std::string>& values) {
  std::string sql = "ARRAY[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    sql += (i == 0 ? "" : ", ") + quote_literal(values[i]);
  }
  return sql + "]::text[]";
}

} // namespace

void TransactionStart::add(std::string statement, std::string name) {
  sql += statement;
  names.push_back(std::move(name));
}

void TransactionStart::append(const TransactionStart& other) {
  sql += other.sql;
  names.insert(names.end(), other.names.begin(), other.names.end());
}

TransactionStart pooled_transaction_start(const OnlineOptions& options,
                                          std::int64_t lock_key,
                                          bool take_lock,
                                          const std::vector<std::string>* expected) {
  TransactionStart start;
  if (take_lock) {
    // Tried, not waited for in the server: a statement waiting there would hold a snapshot,
    // and a CREATE INDEX CONCURRENTLY run by the lock's holder would wait for it in turn.
    start.add(
        fail_unless("pg_try_advisory_xact_lock(" + std::to_string(lock_key) + ")", k_busy_marker),
        k_taking_lock);
  }
  const std::string settings = "applying the transaction's settings";
  start.add("SET LOCAL lock_timeout = " + milliseconds_text(options.lock_timeout_seconds) + ";\n",
            settings);
  if (options.statement_timeout_seconds) {
    start.add("SET LOCAL statement_timeout = "
                  + milliseconds_text(*options.statement_timeout_seconds) + ";\n",
              settings);
  }
  start.add(client_check_interval_sql(true) + ";\n", settings);
  if (expected != nullptr) {
    const std::string& table = options.version_table.qualified_name();
    start.add(fail_unless("ARRAY(SELECT version_num::text FROM " + table
                              + " ORDER BY 1) = ARRAY(SELECT unnest(" + text_array(*expected)
                              + ") ORDER BY 1)",
                          k_rows_marker),
              k_checking_rows);
  }
  return start;
}

TransactionStart session_guard(int lock_pid) {
  TransactionStart start;
  start.add(fail_unless("pg_backend_pid() = " + std::to_string(lock_pid), k_connection_marker),
            k_checking_connection);
  return start;
}

bool is_version_rows_changed(const SqlError& error) {
  return carries(error, k_rows_marker);
}

bool is_wrong_connection(const SqlError& error) {
  return carries(error, k_connection_marker);
}

bool is_lock_busy(const SqlError& error) {
  return carries(error, k_busy_marker);
}

void wait_for_lock(Database& database,
                   const OnlineOptions& options,
                   std::int64_t lock_key,
                   const std::function<void(const std::string&)>& note,
                   const std::function<void()>& attempt) {
  poll_migration_lock(database,
                      lock_key,
                      options.version_table.qualified_name(),
                      options.migration_lock_timeout_seconds,
                      note,
                      [&] {
                        try {
                          attempt();
                          return true;
                        } catch (const MigrationLockBusy&) {
                          return false;
                        }
                      });
}

std::vector<std::vector<std::string>> heads_along(const std::vector<std::string>& starting,
                                                  const graph::Plan& plan) {
  std::vector<std::vector<std::string>> along{starting};
  for (const graph::Step& step : plan.steps) {
    along.push_back(step.heads_after);
  }
  return along;
}

bool same_heads(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

DatabaseError wrong_connection_error(Database& database, const std::string& table, int lock_pid) {
  return DatabaseError(
      "the run's statements reached a PostgreSQL connection other than the one holding the "
      "migration lock on "
      + table + " (pid " + std::to_string(lock_pid)
      + "): a connection pooler in transaction mode is in between; set pooler = transaction "
        "(docs/commands.md, \"Connection poolers\"); nothing was applied; "
      + end_leaked_lock(database, lock_key(table), lock_pid));
}

} // namespace migrate::runner
