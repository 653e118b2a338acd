// SPDX-License-Identifier: MIT
// Lock-timeout retries without a server: the backoff's bounds, which failures are tried again,
// and the error when the tries run out.
#include "lock_waits.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using migrate::SqlError;
using migrate::runner::BlockerWatch;
using migrate::runner::lock_retry_delay;
using migrate::runner::LockRetries;
using std::chrono::milliseconds;

namespace {

SqlError failure(const std::string& sqlstate) {
  SqlError::Fields fields;
  fields.sqlstate = sqlstate;
  fields.message = sqlstate == "55P03" ? "canceling statement due to lock timeout" : "other";
  return SqlError("r.sql:3: upgrade a -> b failed: ERROR " + sqlstate, fields);
}

// A policy with no monitor connection, recording its notes and pauses.
struct Recorded {
  std::vector<std::string> notes;
  std::vector<milliseconds> pauses;
  LockRetries retries;

  Recorded(double timeout, int tries)
      : retries(timeout, tries, BlockerWatch({}, "0"), [this](const std::string& line) {
          notes.push_back(line);
        }) {
    retries.pause = [this](milliseconds pause) { pauses.push_back(pause); };
  }
};

} // namespace

TEST_CASE("the backoff doubles from 1 s to at most 30 s, with jitter of a quarter either way") {
  CHECK(lock_retry_delay(1, 0.0) == milliseconds(750));
  CHECK(lock_retry_delay(1, 0.5) == milliseconds(1000));
  CHECK(lock_retry_delay(2, 0.5) == milliseconds(2000));
  CHECK(lock_retry_delay(3, 0.5) == milliseconds(4000));
  CHECK(lock_retry_delay(5, 0.5) == milliseconds(16000));
  CHECK(lock_retry_delay(6, 0.5) == milliseconds(30000));
  CHECK(lock_retry_delay(6, 1.0) == milliseconds(30000)); // never past the cap
  CHECK(lock_retry_delay(40, 0.0) == milliseconds(22500));
}

TEST_CASE("a lock timeout is tried again until it succeeds, one note and one pause per retry") {
  Recorded run(4, 5);
  int calls = 0;
  run.retries.run(
      "upgrade a -> b",
      [&] {
        if (++calls < 3) {
          throw failure("55P03");
        }
      },
      [] { return true; });
  CHECK(calls == 3);
  REQUIRE(run.notes.size() == 2);
  CHECK(run.notes[0].starts_with("upgrade a -> b waited more than 4 s (lock_timeout) for a lock; "
                                 "trying again in "));
  CHECK(run.notes[0].ends_with(" (retry 1 of 5)"));
  CHECK(run.notes[1].ends_with(" (retry 2 of 5)"));
  REQUIRE(run.pauses.size() == 2);
  CHECK(run.pauses[0] >= milliseconds(750));
  CHECK(run.pauses[0] < milliseconds(1250));
  CHECK(run.pauses[1] >= milliseconds(1500));
  CHECK(run.pauses[1] < milliseconds(2500));
}

TEST_CASE("when the tries run out the error says so and keeps the server's fields") {
  Recorded run(1, 2);
  int calls = 0;
  try {
    run.retries.run(
        "upgrade a -> b",
        [&] {
          ++calls;
          throw failure("55P03");
        },
        [] { return true; });
    FAIL("no error");
  } catch (const SqlError& error) {
    CHECK(calls == 3);
    CHECK(error.fields().sqlstate == "55P03");
    CHECK(std::string(error.what())
          == "r.sql:3: upgrade a -> b failed: ERROR 55P03\n"
             "  lock: not granted within lock_timeout (1 s) in 3 tries\n"
             "  blocked by: (not seen: the lock was released before it could be asked)");
  }
  CHECK(run.pauses.size() == 2);
}

TEST_CASE("other errors, unretryable failures and a disabled policy are not tried again") {
  int calls = 0;
  const auto fail_with = [&](const std::string& state) {
    return [&calls, state] {
      ++calls;
      throw failure(state);
    };
  };
  Recorded run(4, 5);
  CHECK_THROWS_AS(run.retries.run("s", fail_with("42P01"), [] { return true; }), SqlError);
  CHECK(calls == 1);
  CHECK_THROWS_AS(run.retries.run("s", fail_with("55P03"), [] { return false; }), SqlError);
  CHECK(calls == 2);
  Recorded waits_forever(0, 5);
  CHECK_FALSE(waits_forever.retries.enabled());
  CHECK_THROWS_AS(waits_forever.retries.run("s", fail_with("55P03"), [] { return true; }),
                  SqlError);
  CHECK(calls == 3);
  Recorded no_retries(4, 0);
  CHECK_FALSE(no_retries.retries.enabled());
  CHECK(run.pauses.empty());
}
