// SPDX-License-Identifier: MIT
// run_both: a std::jthread for the second job, exception_ptrs to carry both outcomes.
#include <migrate/util/parallel.hpp>

#include <exception>
#include <thread>

namespace migrate::util {

void run_both(const std::function<void()>& first,
              const std::function<void()>& second,
              const std::function<void()>& abandon_second) {
  std::exception_ptr first_error;
  std::exception_ptr second_error;
  {
    // Joined at the end of this block, also when abandon_second throws.
    const std::jthread worker([&] {
      try {
        second();
      } catch (...) {
        second_error = std::current_exception();
      }
    });
    try {
      first();
    } catch (...) {
      first_error = std::current_exception();
      if (abandon_second) {
        abandon_second();
      }
    }
  }
  if (first_error) {
    std::rethrow_exception(first_error);
  }
  if (second_error) {
    std::rethrow_exception(second_error);
  }
}

} // namespace migrate::util
