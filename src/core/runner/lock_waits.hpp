// SPDX-License-Identifier: MIT
// DDL lock waits: a revision whose statement waited longer than lock_timeout (55P03) is tried
// again after a backoff, and when the tries run out the error names who blocked it. Who blocks is
// asked, while the statement waits, on a second connection (pg_blocking_pids of ours).
#pragma once

#include <migrate/database.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace migrate::runner {

// SQLSTATE 55P03 (lock_not_available): what lock_timeout raises.
bool is_lock_timeout(const SqlError& error);

// The pause before try `retry` (1-based): 1 s, 2 s, 4 s ... at most 30 s, times a random factor
// in [0.75, 1.25) so runners that timed out together do not come back together.
std::chrono::milliseconds lock_retry_delay(int retry, double random_unit);

// Sleeps `pause`, waking every 100 ms to honour Ctrl-C (throws DatabaseError "interrupted").
void sleep_interruptibly(std::chrono::milliseconds pause);

// "1.5 s", "30 s", "250 ms": a duration for messages.
std::string describe_seconds(double seconds);

// Who blocks one backend, as last seen while its statement waited.
class BlockerWatch {
public:
  using Open = std::function<std::unique_ptr<Database>()>;
  // `blocked_pid` is SQL for the waiting backend's pid: a number, or a subquery finding it (a
  // pooler hides which server backend runs our statements).
  BlockerWatch(Open open, std::string blocked_pid)
      : m_open(std::move(open)), m_pid(std::move(blocked_pid)) {}

  // Called by the main connection's wait observer: after 100 ms of waiting, and then every
  // second, asks the server who blocks the backend (opening the monitor connection the first
  // time). Failures only leave the list as it was.
  void observe(std::chrono::milliseconds waited);
  // Forgets what was seen (a new statement starts waiting).
  void reset();

  // "pid 4242 (application_name 'psql', idle in transaction for 12 s): SELECT * FROM users", one
  // per blocking backend; empty when nothing was seen blocking.
  const std::vector<std::string>& blockers() const { return m_blockers; }

private:
  Open m_open;
  std::string m_pid;
  std::unique_ptr<Database> m_monitor;
  bool m_monitor_failed = false;
  std::chrono::milliseconds m_next_look{100};
  std::vector<std::string> m_blockers;
};

// The retry policy of a run: lock_timeout and lock_retries, the backoff, the note each retry
// prints, and the error that names the blockers when the tries run out.
class LockRetries {
public:
  LockRetries(double lock_timeout_seconds,
              int lock_retries,
              BlockerWatch blockers,
              std::function<void(const std::string&)> note)
      : m_timeout(lock_timeout_seconds),
        m_retries(lock_retries),
        m_blockers(std::move(blockers)),
        m_note(std::move(note)) {}

  // Both lock_timeout and lock_retries are set: there is something to retry.
  bool enabled() const { return m_timeout > 0 && m_retries > 0; }
  // For the connection's wait observer.
  void observe(std::chrono::milliseconds waited) { m_blockers.observe(waited); }

  // Runs `attempt` until it does not fail with a lock timeout, pausing between tries, at most
  // lock_retries more times; then the failure also says how often it was tried and who blocked
  // `what` ("upgrade a -> b"). A failure for which `retryable()` says false (it rolled back more
  // than the attempt) is thrown as it is, and so is any other error.
  void run(const std::string& what,
           const std::function<void()>& attempt,
           const std::function<bool()>& retryable);

  // How a pause is taken (tests record it instead of sleeping).
  std::function<void(std::chrono::milliseconds)> pause = sleep_interruptibly;

private:
  std::string blocked_by_summary() const;
  SqlError with_blockers(const SqlError& error, int tries) const;

  double m_timeout;
  int m_retries;
  BlockerWatch m_blockers;
  std::function<void(const std::string&)> m_note;
  std::mt19937 m_engine{std::random_device{}()};
  std::uniform_real_distribution<double> m_random{0.0, 1.0};
};

} // namespace migrate::runner
