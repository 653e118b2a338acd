// SPDX-License-Identifier: MIT
// The migration lock: a session advisory lock keyed on the version table's qualified name, so
// concurrent runs against one database apply each revision exactly once.
#pragma once

#include <migrate/database.hpp>

#include <cstdint>
#include <string>

namespace migrate::runner {

// The 64-bit advisory-lock key for a qualified version table name (FNV-1a: stable across
// versions and platforms, so every migrate build contends for the same lock).
std::int64_t lock_key(std::string_view qualified_table);

class AdvisoryLock {
public:
  // Polls pg_try_advisory_lock with backoff until it succeeds or `timeout_seconds` pass; then
  // throws LockTimeoutError naming the holder (pid, application_name, since).
  AdvisoryLock(Database& database, std::string qualified_table, double timeout_seconds);
  ~AdvisoryLock();
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

private:
  std::string holder_description();

  Database& m_database;
  std::string m_table;
  std::int64_t m_key;
};

} // namespace migrate::runner
