// SPDX-License-Identifier: MIT
#include <migrate/util/parallel.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

using migrate::util::run_both;

namespace {

// Waits up to 10 s for `flag`: a job that waits for the other one proves they overlap, and the
// bound keeps a broken run_both from hanging the suite.
bool wait_for(const std::atomic<bool>& flag) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!flag.load()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

} // namespace

TEST_CASE("run_both runs the two jobs at the same time and waits for both") {
  std::atomic<bool> first_started{false};
  std::atomic<bool> second_started{false};
  bool first_saw_second = false;
  bool second_saw_first = false;
  run_both(
      [&] {
        first_started = true;
        first_saw_second = wait_for(second_started);
      },
      [&] {
        second_started = true;
        second_saw_first = wait_for(first_started);
      });
  CHECK(first_saw_second);
  CHECK(second_saw_first);
}

TEST_CASE("run_both reports the first job's error, as the sequential order would") {
  std::atomic<bool> abandoned{false};
  std::atomic<bool> second_finished{false};
  try {
    run_both([] { throw std::runtime_error("first"); },
             [&] {
               wait_for(abandoned);
               second_finished = true;
               throw std::runtime_error("second");
             },
             [&] { abandoned = true; });
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "first");
  }
  CHECK(abandoned);
  CHECK(second_finished); // joined before returning
}

TEST_CASE("run_both reports the second job's error when the first succeeds") {
  bool abandoned = false;
  bool first_ran = false;
  try {
    run_both([&] { first_ran = true; },
             [] { throw std::runtime_error("second"); },
             [&] { abandoned = true; });
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "second");
  }
  CHECK(first_ran);
  CHECK_FALSE(abandoned);
}
