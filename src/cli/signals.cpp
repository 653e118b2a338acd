// SPDX-License-Identifier: MIT
// The signal watcher thread.
#include "signals.hpp"

#include <migrate/util/interrupt.hpp>

#include <pthread.h>

#include <array>
#include <csignal>
#include <cstdlib>

namespace migrate::cli {

namespace {
// Two slots, for the two connections autogenerate drives at once; most commands use the first.
std::array<std::atomic<Database*>, 2> g_cancel_targets{nullptr, nullptr};

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
  set_cancel_targets(nullptr, nullptr);
  // A Ctrl-C that came after the watcher stopped is pending: discard it (ignored while
  // unblocking) rather than let it kill a command that has finished and reported.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_int {};
  struct sigaction old_term {};
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGTERM, &ignore, &old_term);
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
}

void SignalWatcher::set_cancel_target(Database* database) noexcept {
  set_cancel_targets(database, nullptr);
}

void SignalWatcher::set_cancel_targets(Database* first, Database* second) noexcept {
  g_cancel_targets[0].store(first);
  g_cancel_targets[1].store(second);
}

void SignalWatcher::watch() {
  const sigset_t set = watched_signals();
  while (!m_stop.load()) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0 || signal == k_stop_signal) {
      continue;
    }
    util::request_interrupt();
    const std::array<Database*, 2> targets{g_cancel_targets[0].load(), g_cancel_targets[1].load()};
    if (targets[0] == nullptr && targets[1] == nullptr) {
      std::_Exit(128 + signal);
    }
    for (Database* database : targets) {
      if (database != nullptr) {
        database->cancel();
      }
    }
  }
}

} // namespace migrate::cli
