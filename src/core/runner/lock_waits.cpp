// SPDX-License-Identifier: MIT
// Lock-timeout retries and naming the blockers.
#include "lock_waits.hpp"

#include <migrate/util/interrupt.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace migrate::runner {

bool is_lock_timeout(const SqlError& error) {
  return error.fields().sqlstate == "55P03";
}

std::chrono::milliseconds lock_retry_delay(int retry, double random_unit) {
  const double base = std::min(30.0, std::pow(2.0, std::max(0, retry - 1)));
  const double jittered = base * (0.75 + 0.5 * std::clamp(random_unit, 0.0, 1.0));
  return std::chrono::milliseconds(static_cast<long long>(std::min(30.0, jittered) * 1000));
}

void sleep_interruptibly(std::chrono::milliseconds pause) {
  const auto until = std::chrono::steady_clock::now() + pause;
  while (std::chrono::steady_clock::now() < until) {
    util::throw_if_interrupted();
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(100), until - std::chrono::steady_clock::now()));
  }
  util::throw_if_interrupted();
}

std::string describe_seconds(double seconds) {
  char text[32];
  if (seconds < 1) {
    std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
  } else if (seconds == std::floor(seconds)) {
    std::snprintf(text, sizeof text, "%.0f s", seconds);
  } else {
    std::snprintf(text, sizeof text, "%.1f s", seconds);
  }
  return text;
}

void BlockerWatch::observe(std::chrono::milliseconds waited) {
  if (waited < m_next_look || !m_open || m_monitor_failed) {
    return;
  }
  m_next_look = waited + std::chrono::seconds(1);
  try {
    if (!m_monitor) {
      m_monitor = m_open();
    }
    // state_change is when the blocker entered its state ("idle in transaction" since ...);
    // the query is its current or last one, on one line.
    const std::vector<Row> rows =
        m_monitor->query("SELECT pid, coalesce(application_name, ''), coalesce(state, '?'), "
                         "coalesce(floor(extract(epoch FROM now() - state_change))::bigint, 0), "
                         "left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 80) "
                         "FROM pg_stat_activity WHERE pid = ANY(pg_blocking_pids("
                         + m_pid + ")) ORDER BY pid");
    std::vector<std::string> blockers;
    for (const Row& row : rows) {
      if (row.size() < 5) {
        continue;
      }
      blockers.push_back("pid " + row[0].value_or("?") + " (application_name '"
                         + row[1].value_or("") + "', " + row[2].value_or("?") + " for "
                         + row[3].value_or("0") + " s): " + row[4].value_or(""));
    }
    if (!blockers.empty()) {
      m_blockers = std::move(blockers);
    }
  } catch (const Error&) {
    m_monitor_failed = true; // no second connection to be had: the error just names nobody
  }
}

void BlockerWatch::reset() {
  m_next_look = std::chrono::milliseconds(100);
  m_blockers.clear();
}

void LockRetries::run(const std::string& what,
                      const std::function<void()>& attempt,
                      const std::function<bool()>& retryable) {
  for (int retry = 1;; ++retry) {
    m_blockers.reset();
    try {
      attempt();
      return;
    } catch (const SqlError& error) {
      if (!is_lock_timeout(error) || !enabled() || !retryable()) {
        throw;
      }
      if (retry > m_retries) {
        throw with_blockers(error, retry);
      }
      const std::chrono::milliseconds wait = lock_retry_delay(retry, m_random(m_engine));
      if (m_note) {
        m_note(what + " waited more than " + describe_seconds(m_timeout)
               + " (lock_timeout) for a lock" + blocked_by_summary() + "; trying again in "
               + describe_seconds(static_cast<double>(wait.count()) / 1000) + " (retry "
               + std::to_string(retry) + " of " + std::to_string(m_retries) + ")");
      }
      pause(wait);
    }
  }
}

std::string LockRetries::blocked_by_summary() const {
  if (m_blockers.blockers().empty()) {
    return "";
  }
  const std::string& first = m_blockers.blockers().front();
  return ", blocked by " + first.substr(0, first.find(" ("));
}

SqlError LockRetries::with_blockers(const SqlError& error, int tries) const {
  std::string message = error.what();
  message += "\n  lock: not granted within lock_timeout (" + describe_seconds(m_timeout) + ") in "
             + std::to_string(tries) + " tries";
  for (const std::string& blocker : m_blockers.blockers()) {
    message += "\n  blocked by: " + blocker;
  }
  if (m_blockers.blockers().empty()) {
    message += "\n  blocked by: (not seen: the lock was released before it could be asked)";
  }
  return SqlError(message, error.fields());
}

} // namespace migrate::runner
