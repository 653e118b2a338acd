// SPDX-License-Identifier: MIT
// Ctrl-C and SIGTERM: while a command runs, a watcher thread turns them into a cancel of the
// running statement and an interrupt request, so the runner rolls back and exits cleanly.
#pragma once

#include <migrate/database.hpp>

#include <atomic>
#include <thread>

namespace migrate::cli {

class SignalWatcher {
public:
  // Blocks SIGINT and SIGTERM in this thread (and so in threads started later) and starts
  // watching for them. The destructor leaves them ignored: it runs when the command has
  // reported, and a late Ctrl-C must not change the exit code.
  SignalWatcher();
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // The connection whose statement a signal cancels; nullptr when none is open. Without one, a
  // signal ends the process at once (exit 130), as it would without the watcher.
  static void set_cancel_target(Database* database) noexcept;
  // Two connections working at once (autogenerate's scratch databases): a signal cancels the
  // statement of each non-null one. set_cancel_target(d) is set_cancel_targets(d, nullptr).
  static void set_cancel_targets(Database* first, Database* second) noexcept;
  // A fleet run (fleet.cpp) polls the interrupt request itself and passes it on to its
  // children: a signal then only requests the interrupt, even with no connection to cancel.
  static void set_interrupt_polled(bool polled) noexcept;

private:
  void watch();

  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

} // namespace migrate::cli
