// SPDX-License-Identifier: MIT
// Timestamp::to_string (Python's str(datetime)) and time zone conversion.
#include "support.hpp"

using migrate::CommandError;
using migrate::script::now_in;
using migrate::script::Timestamp;
using migrate::script::timestamp_at;

namespace {

std::chrono::system_clock::time_point at(long long seconds, long long micros = 0) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds)
                                               + std::chrono::microseconds(micros));
}

} // namespace

TEST_CASE("to_string is Python's str(datetime)") {
  Timestamp when;
  when.year = 2026;
  when.month = 11;
  when.day = 24;
  when.hour = 10;
  when.minute = 40;
  when.second = 27;
  when.microsecond = 89406;
  CHECK(when.to_string() == "2026-11-24 10:40:27.089406");
  when.utc_offset = "+00:00";
  CHECK(when.to_string() == "2026-11-24 10:40:27.089406+00:00");
  when.microsecond = 0; // str() drops a zero fraction
  CHECK(when.to_string() == "2026-11-24 10:40:27+00:00");
}

TEST_CASE("timestamp_at in UTC: the captured Alembic create_date") {
  const Timestamp when = timestamp_at(at(1795486651, 54031), std::string("UTC"));
  CHECK(when.to_string() == "2026-11-24 02:17:31.054031+00:00");
  CHECK(when.epoch == 1795486651);
  CHECK(when.year == 2026);
  CHECK(when.month == 11);
  CHECK(when.day == 24);
  CHECK(when.hour == 2);
  CHECK(when.minute == 17);
  CHECK(when.second == 31);
  CHECK(when.microsecond == 54031);
}

TEST_CASE("timestamp_at in named zones, with Python's offsets") {
  CHECK(timestamp_at(at(1795486651), std::string("America/New_York")).to_string()
        == "2026-11-23 21:17:31-05:00");
  CHECK(timestamp_at(at(1795486651), std::string("Asia/Kolkata")).to_string()
        == "2026-11-24 07:47:31+05:30");
  CHECK(timestamp_at(at(1795486651), std::string("Europe/Paris")).to_string()
        == "2026-11-24 03:17:31+01:00");
  // An offset with seconds (Monrovia's LMT) prints them, as Python does.
  CHECK(timestamp_at(at(0), std::string("Africa/Monrovia")).to_string()
        == "1969-12-31 23:15:30-00:44:30");
  CHECK(timestamp_at(at(-1), std::string("UTC")).to_string() == "1969-12-31 23:59:59+00:00");
}

TEST_CASE("a lower-case zone name falls back to upper case, as Alembic does") {
  CHECK(timestamp_at(at(0), std::string("utc")).utc_offset == "+00:00");
}

TEST_CASE("an unknown or malformed zone is Can't locate timezone") {
  for (const std::string name :
       {"Mars/Olympus", "", "/etc/passwd", "../zoneinfo/UTC", "zone.tab"}) {
    CHECK_THROWS_MATCHES(
        timestamp_at(at(0), name), CommandError, Catch::Message("Can't locate timezone: " + name));
  }
}

TEST_CASE("converting in a zone leaves TZ as it was") {
  ::setenv("TZ", "Asia/Tokyo", 1);
  ::tzset();
  timestamp_at(at(0), std::string("UTC"));
  REQUIRE(std::getenv("TZ") != nullptr);
  CHECK(std::string(std::getenv("TZ")) == "Asia/Tokyo");
  const Timestamp local = timestamp_at(at(0), std::nullopt);
  CHECK(local.hour == 9); // local time is Tokyo's, without an offset in the text
  CHECK(local.to_string() == "1970-01-01 09:00:00");
  ::unsetenv("TZ");
  ::tzset();
  timestamp_at(at(0), std::string("UTC"));
  CHECK(std::getenv("TZ") == nullptr);
}

TEST_CASE("now_in is close to the clock") {
  const Timestamp now = now_in(std::string("UTC"));
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  CHECK(now.epoch <= seconds);
  CHECK(now.epoch >= seconds - 5);
  CHECK(now.utc_offset == "+00:00");
  CHECK(now_in(std::nullopt).utc_offset.empty());
}
