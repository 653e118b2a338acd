// SPDX-License-Identifier: MIT
// The signal watcher thread.
#include "signals.hpp"

#include "runner/interrupt.hpp"

#include <pthread.h>

#include <csignal>
#include <cstdlib>

namespace migrate::cli {

namespace {
std::atomic<Database*> g_cancel_target{nullptr};

// SIGUSR2 is how the destructor wakes the watcher at the end of a command, so no command waits
// for a timeout on its way out.
constexpr int k_stop_signal = SIGUSR2;

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, k_stop_signal);
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
  pthread_kill(m_thread.native_handle(), k_stop_signal);
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
  while (!m_stop.load()) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0 || signal == k_stop_signal) {
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
