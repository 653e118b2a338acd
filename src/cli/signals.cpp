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
std::atomic<bool> g_interrupt_polled{false};

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
  // The command has finished and reported: a Ctrl-C from now on (pending since the watcher
  // stopped, or arriving while the process exits, which takes a while under a leak checker) must
  // not turn its exit code into 130. They stay ignored: the process is on its way out.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGINT, &ignore, nullptr);
  sigaction(SIGTERM, &ignore, nullptr);
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void SignalWatcher::set_cancel_target(Database* database) noexcept {
  set_cancel_targets(database, nullptr);
}

void SignalWatcher::set_cancel_targets(Database* first, Database* second) noexcept {
  g_cancel_targets[0].store(first);
  g_cancel_targets[1].store(second);
}

void SignalWatcher::set_interrupt_polled(bool polled) noexcept {
  g_interrupt_polled.store(polled);
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
    if (targets[0] == nullptr && targets[1] == nullptr && !g_interrupt_polled.load()) {
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
