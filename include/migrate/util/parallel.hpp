// SPDX-License-Identifier: MIT
// Two independent jobs at once, with the errors of the sequential order.
#pragma once

#include <functional>

namespace migrate::util {

// Runs `first` on the calling thread and `second` on a thread of its own, and returns once both
// have finished. Then it rethrows first's exception if it threw, else second's: the error that
// `first(); second();` would have reported, so running concurrently changes no message.
// When `first` fails, `abandon_second` (if set) is called at once, so a long second job can stop
// early instead of doing work whose result (and error) nobody will see.
void run_both(const std::function<void()>& first,
              const std::function<void()>& second,
              const std::function<void()>& abandon_second = {});

} // namespace migrate::util
