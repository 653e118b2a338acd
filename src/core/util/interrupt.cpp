// SPDX-License-Identifier: MIT
// The interrupt flag shared by the signal watcher and the runner.
#include <migrate/error.hpp>
#include <migrate/util/interrupt.hpp>

#include <atomic>

namespace migrate::util {

namespace {
std::atomic<bool> g_interrupted{false};
}

void request_interrupt() noexcept {
  g_interrupted.store(true);
}

bool interrupt_requested() noexcept {
  return g_interrupted.load();
}

void throw_if_interrupted() {
  if (interrupt_requested()) {
    throw DatabaseError("interrupted (Ctrl-C or SIGTERM); the running transaction was rolled back");
  }
}

} // namespace migrate::util
