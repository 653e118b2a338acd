// SPDX-License-Identifier: MIT
// The migration lock: a session advisory lock keyed on the version table's qualified name, so
// concurrent runs against one database apply each revision exactly once.
#pragma once

#include <migrate/database.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace migrate::runner {

// The 64-bit advisory-lock key for a qualified version table name (FNV-1a: stable across
// versions and platforms, so every migrate build contends for the same lock).
std::int64_t lock_key(std::string_view qualified_table);

class AdvisoryLock {
public:
  // Polls pg_try_advisory_lock with backoff until it succeeds or `timeout_seconds` pass; then
  // throws LockTimeoutError naming the holder (pid, application_name, since). After a second of
  // waiting, `waiting` (if set) hears once who holds it.
  AdvisoryLock(Database& database,
               std::string qualified_table,
               double timeout_seconds,
               const std::function<void(const std::string&)>& waiting = {});
  // Unlocks if release() did not (a failed run: a lost connection released it anyway).
  ~AdvisoryLock();
  // Unlocks; a server that says the lock was not held throws DatabaseError: the lock was lost
  // on the way (a pooler that switched connections), so concurrent runs were not kept apart.
  void release();
  // The server backend holding the lock (not the connection's pid, which a pooler may invent).
  int backend_pid() const { return m_pid; }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

private:
  Database& m_database;
  std::string m_table;
  std::int64_t m_key;
  int m_pid = 0;
  bool m_held = true;
};

// Calls `try_once` until it takes the lock, pausing 20 ms doubling to 500 ms; after 1 s
// `waiting` (if set) hears once who holds it, and after `timeout_seconds` LockTimeoutError names
// the holder. `database` asks who holds it: it must be idle between tries.
void poll_migration_lock(Database& database,
                         std::int64_t key,
                         const std::string& table,
                         double timeout_seconds,
                         const std::function<void(const std::string&)>& waiting,
                         const std::function<bool()>& try_once);

// "pid 4242 (application_name 'migrate', connected since 2026-12-02 13:00:00+00)": who holds the
// advisory lock `key`, asked on `database`.
std::string describe_lock_holder(Database& database, std::int64_t key);

// "could not take the migration lock on T within 60 s (migration_lock_timeout): held by ...".
LockTimeoutError migration_lock_timeout(Database& database,
                                        std::int64_t key,
                                        const std::string& table,
                                        double timeout_seconds);

// After the session lock `key` was lost to a pooler: ends backend `pid` when it is idle and still
// holds the lock, and says what was done (or what the user should do).
std::string end_leaked_lock(Database& database, std::int64_t key, int pid);

} // namespace migrate::runner
