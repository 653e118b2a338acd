// SPDX-License-Identifier: MIT
// What a run sends at the start of each transaction so that it is safe without relying on the
// session (docs/commands.md, "Connection poolers"): with pooler = transaction the migration lock
// is taken by every transaction (pg_advisory_xact_lock) with its settings made LOCAL, and the
// version rows are checked to be what the plan expects at that step; with pooler = none every
// transaction checks it reached the server connection that holds the session lock.
#pragma once

#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/runner.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace migrate::runner {

// Statements sent after a BEGIN, each with the set-up name its failure is reported under.
struct TransactionStart {
  std::string sql; // each statement ends in ";\n"
  std::vector<std::string> names;

  void add(std::string statement, std::string name);
  void append(const TransactionStart& other);
};

// The names the statements whose failure means more than a failed set-up are given.
inline constexpr const char* k_taking_lock = "taking the migration lock";
inline constexpr const char* k_checking_rows = "checking the version rows";
inline constexpr const char* k_checking_connection = "checking the migration lock's connection";

// pooler = transaction: when `take_lock`, a try of the transaction-level migration lock (it
// fails with MigrationLockBusy, and wait_for_lock tries again), the LOCAL settings, and with
// `expected` the check that the version rows are exactly those heads.
TransactionStart pooled_transaction_start(const OnlineOptions& options,
                                          std::int64_t lock_key,
                                          bool take_lock,
                                          const std::vector<std::string>* expected);

// pooler = none: fails unless the statement runs on the server backend `lock_pid`, which holds
// the session's migration lock.
TransactionStart session_guard(int lock_pid);

// The check's failures, told apart from other errors by their own texts.
bool is_version_rows_changed(const SqlError& error);
bool is_wrong_connection(const SqlError& error);
bool is_lock_busy(const SqlError& error);

// A transaction's try of the migration lock failed: another runner holds it.
class MigrationLockBusy : public DatabaseError {
public:
  MigrationLockBusy() : DatabaseError("the migration lock is held by another runner") {}
};

// Runs `attempt` (a transaction starting with the lock's try) until it does not fail with
// MigrationLockBusy, pausing 20 ms doubling to 500 ms; after 1 s `note` hears once who holds
// the lock (asked on `database`, idle between tries); after migration_lock_timeout it throws
// LockTimeoutError naming the holder, as the session lock does.
void wait_for_lock(Database& database,
                   const OnlineOptions& options,
                   std::int64_t lock_key,
                   const std::function<void(const std::string&)>& note,
                   const std::function<void()>& attempt);

// Thrown when a transaction found version rows other than the plan expects before step `step`:
// another runner moved them between this run's transactions. The run re-reads them and goes on.
class VersionRowsChanged : public DatabaseError {
public:
  explicit VersionRowsChanged(std::size_t step)
      : DatabaseError("the version rows changed under the run"), m_step(step) {}
  std::size_t step() const noexcept { return m_step; }

private:
  std::size_t m_step;
};

// The version rows the plan expects before each step, and after the last: size steps + 1.
std::vector<std::vector<std::string>> heads_along(const std::vector<std::string>& starting,
                                                  const graph::Plan& plan);

// Whether two sets of version rows are the same, in any order.
bool same_heads(std::vector<std::string> a, std::vector<std::string> b);

// The error of a session lock taken through a pooler that switches server connections, after
// ending the backend the lock was left on (end_leaked_lock), asked on `database`.
DatabaseError wrong_connection_error(Database& database, const std::string& table, int lock_pid);

} // namespace migrate::runner
