// SPDX-License-Identifier: MIT
// The signal watcher thread.
#include "signals.hpp"

#include "runner/interrupt.hpp"

#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <ctime>

namespace migrate::cli {

namespace {
std::atomic<Database*> g_cancel_target{nullptr};

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}
} // namespace

SignalWatcher::SignalWatcher() {
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  m_thread = std::thread([this] { watch(); });
}

SignalWatcher::~SignalWatcher() {
  m_stop.store(true);
  m_thread.join();
  g_cancel_target.store(nullptr);
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void SignalWatcher::set_cancel_target(Database* database) noexcept {
  g_cancel_target.store(database);
}

void SignalWatcher::watch() {
  const sigset_t set = watched_signals();
  // Woken every 100 ms to notice the end of the command.
  const timespec tick{0, 100'000'000};
  while (!m_stop.load()) {
    const int signal = sigtimedwait(&set, nullptr, &tick);
    if (signal <= 0) {
      continue;
    }
    runner::request_interrupt();
    Database* database = g_cancel_target.load();
    if (database == nullptr) {
      std::_Exit(128 + signal);
    }
    database->cancel();
  }
}

} // namespace migrate::cli
