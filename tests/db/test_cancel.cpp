// SPDX-License-Identifier: MIT
// cancel() from another thread interrupts the running statement.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using migrate::SqlError;
using migrate::test::scalar;
using migrate::test::ScratchDatabase;

TEST_CASE("cancel() from another thread stops pg_sleep(30) quickly with SQLSTATE 57014") {
  ScratchDatabase scratch;
  migrate::Database& db = scratch.db();
  const std::unique_ptr<migrate::Database> observer = scratch.connect_again();
  const std::string pid = std::to_string(db.backend_pid());
  // Cancels once the server is inside pg_sleep, so a slow start cannot make the cancel miss.
  std::thread canceller([&db, &observer, &pid] {
    try {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (std::chrono::steady_clock::now() < deadline
             && observer
                    ->query("SELECT 1 FROM pg_stat_activity WHERE pid = " + pid
                            + " AND wait_event = 'PgSleep'")
                    .empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    } catch (const std::exception&) {
      // Cancel anyway; the assertions below report what happened.
    }
    db.cancel();
  });
  const auto started = std::chrono::steady_clock::now();
  std::string sqlstate;
  int index = -2;
  try {
    db.execute("BEGIN; SELECT 1; SELECT pg_sleep(30); COMMIT;");
  } catch (const SqlError& error) {
    sqlstate = error.fields().sqlstate;
    index = error.fields().statement_index;
  }
  canceller.join();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(sqlstate == "57014");
  CHECK(index == 2);
  CHECK(elapsed < std::chrono::seconds(5));
  // The aborted block was rolled back: the session is usable.
  CHECK(scalar(db, "SELECT 1") == "1");
}

TEST_CASE("cancel() with nothing running is harmless") {
  ScratchDatabase scratch;
  scratch.db().cancel();
  CHECK(scalar(scratch.db(), "SELECT 2") == "2");
}
