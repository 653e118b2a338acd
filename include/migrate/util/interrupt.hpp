// SPDX-License-Identifier: MIT
// Ctrl-C / SIGTERM: the CLI's signal watcher records the request here (and cancels the running
// statement); the runner checks it between steps and while waiting for the lock.
#pragma once

namespace migrate::util {

void request_interrupt() noexcept;
bool interrupt_requested() noexcept;
// Throws DatabaseError("interrupted ...") when an interrupt was requested.
void throw_if_interrupted();

} // namespace migrate::util
