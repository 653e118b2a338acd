// SPDX-License-Identifier: MIT
// The migration lock over pg_try_advisory_lock, polled with backoff.
#include "advisory_lock.hpp"

#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace migrate::runner {

std::int64_t lock_key(std::string_view qualified_table) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : std::string("migrate:") + std::string(qualified_table)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return static_cast<std::int64_t>(hash);
}

namespace {
// Whether the lock was taken; `pid` is the server backend that took it (the connection's own
// backend pid is a pooler's invention behind PgBouncer).
bool try_lock(Database& database, std::int64_t key, int& pid) {
  const std::vector<Row> rows =
      database.query("SELECT pg_try_advisory_lock(" + std::to_string(key) + "), pg_backend_pid()");
  if (rows.empty() || rows[0].size() < 2 || rows[0][0] != "t") {
    return false;
  }
  pid = std::stoi(rows[0][1].value_or("0"));
  return true;
}

// The condition on pg_locks `l` that it is the advisory lock `key`, granted: a bigint key is
// stored as classid (high 32 bits) and objid (low 32 bits).
std::string holds_key(std::int64_t key) {
  return "l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
         "AND ((l.classid::bigint << 32) | l.objid::bigint) = "
         + std::to_string(key);
}

std::string format_seconds(double seconds) {
  const double rounded = std::round(seconds * 1000) / 1000;
  std::string text = std::to_string(rounded);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') {
    text.pop_back();
  }
  return text;
}
} // namespace

AdvisoryLock::AdvisoryLock(Database& database,
                           std::string qualified_table,
                           double timeout_seconds,
                           const std::function<void(const std::string&)>& waiting)
    : m_database(database), m_table(std::move(qualified_table)), m_key(lock_key(m_table)) {
  poll_migration_lock(m_database, m_key, m_table, timeout_seconds, waiting, [this] {
    return try_lock(m_database, m_key, m_pid);
  });
}

void poll_migration_lock(Database& database,
                         std::int64_t key,
                         const std::string& table,
                         double timeout_seconds,
                         const std::function<void(const std::string&)>& waiting,
                         const std::function<bool()>& try_once) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto deadline = started
                        + std::chrono::duration_cast<clock::duration>(
                            std::chrono::duration<double>(std::max(0.0, timeout_seconds)));
  auto pause = std::chrono::milliseconds(20);
  bool told = false;
  while (!try_once()) {
    util::throw_if_interrupted();
    const auto now = clock::now();
    if (waiting && !told && now - started >= std::chrono::seconds(1)) {
      told = true;
      waiting("Waiting for the migration lock on " + table + ": held by "
              + describe_lock_holder(database, key));
    }
    if (now >= deadline) {
      throw migration_lock_timeout(database, key, table, timeout_seconds);
    }
    std::this_thread::sleep_for(std::min<clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

AdvisoryLock::~AdvisoryLock() {
  if (!m_held) {
    return;
  }
  try {
    m_database.query("SELECT pg_advisory_unlock(" + std::to_string(m_key) + ")");
  } catch (...) {
    // A lost connection released the lock with the session; nothing more to do.
  }
}

void AdvisoryLock::release() {
  m_held = false;
  const std::vector<Row> rows =
      m_database.query("SELECT pg_advisory_unlock(" + std::to_string(m_key) + ")");
  if (rows.empty() || rows[0].empty() || rows[0][0] != "t") {
    throw DatabaseError("the migration lock on " + m_table
                        + " was no longer held by this session when the run released it (a "
                          "connection pooler in transaction mode? set pooler = transaction); "
                          "concurrent runs may not have been kept apart; "
                        + end_leaked_lock(m_database, m_key, m_pid));
  }
}

std::string describe_lock_holder(Database& database, std::int64_t key) {
  const std::string sql = "SELECT a.pid, coalesce(a.application_name, ''), "
                          "coalesce(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SSOF'), '?') "
                          "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE "
                          + holds_key(key) + " LIMIT 1";
  const std::vector<Row> rows = database.query(sql);
  if (rows.empty() || rows[0].size() < 3) {
    return "another session (it has just released it; try again)";
  }
  return "pid " + rows[0][0].value_or("?") + " (application_name '"
         + util::escape_control(rows[0][1].value_or("")) + "', connected since "
         + rows[0][2].value_or("?") + ")";
}

LockTimeoutError migration_lock_timeout(Database& database,
                                        std::int64_t key,
                                        const std::string& table,
                                        double timeout_seconds) {
  std::string holder;
  try {
    holder = describe_lock_holder(database, key);
  } catch (const Error&) {
    holder = "another session";
  }
  return LockTimeoutError("could not take the migration lock on " + table + " within "
                          + format_seconds(timeout_seconds)
                          + " s (migration_lock_timeout): held by " + holder);
}

std::string end_leaked_lock(Database& database, std::int64_t key, int pid) {
  // An idle backend still holding the session lock after its run is a pooled server
  // connection the lock was left on: nothing runs there, and every later run would wait for it.
  try {
    const std::vector<Row> rows =
        database.query("SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN "
                       "pg_stat_activity a ON a.pid = l.pid WHERE l.pid = "
                       + std::to_string(pid) + " AND a.state = 'idle' AND " + holds_key(key));
    if (!rows.empty() && !rows[0].empty() && rows[0][0] == "t") {
      return "the lock was left on the idle server connection pid " + std::to_string(pid)
             + ", which migrate ended so later runs are not blocked";
    }
  } catch (const Error&) {
    // Said below.
  }
  return "if server connection pid " + std::to_string(pid)
         + " still holds it, end it: SELECT pg_terminate_backend(" + std::to_string(pid) + ")";
}

} // namespace migrate::runner
