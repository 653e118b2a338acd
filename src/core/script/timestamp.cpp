// SPDX-License-Identifier: MIT
// Timestamps for create_date and file_template: now, in local time or in an IANA timezone.
//
// libstdc++ 12 has no std::chrono time zone database, so a zone is applied through the C
// library: TZ is pointed at the zone file for one localtime_r call and then restored. That is
// not thread-safe; the CLI is single-threaded and nothing else reads TZ concurrently.
#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace migrate::script {

namespace {

// A zone name as Python's ZoneInfo accepts it: a relative path of plain components.
bool is_valid_zone_key(std::string_view key) {
  if (key.empty() || key.front() == '/' || key.back() == '/') {
    return false;
  }
  for (const std::string& part : util::split(key, '/')) {
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
  }
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '+' || c == '/';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::filesystem::path zoneinfo_directory() {
  const char* tzdir = std::getenv("TZDIR");
  return tzdir != nullptr && *tzdir != '\0' ? std::filesystem::path(tzdir)
                                            : std::filesystem::path("/usr/share/zoneinfo");
}

// The TZif file of `key`, or nullopt when there is none (not every file there is a zone).
std::optional<std::filesystem::path> find_zone_file(const std::string& key) {
  if (!is_valid_zone_key(key)) {
    return std::nullopt;
  }
  const std::filesystem::path file = zoneinfo_directory() / key;
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  char magic[4] = {};
  if (!in.read(magic, sizeof magic) || std::string_view(magic, 4) != "TZif") {
    return std::nullopt;
  }
  return file;
}

// Sets TZ for its lifetime and restores the previous value (or its absence) afterwards.
class ScopedTz {
public:
  explicit ScopedTz(const std::string& value) {
    if (const char* old = std::getenv("TZ")) {
      m_old = old;
    }
    ::setenv("TZ", value.c_str(), 1);
    ::tzset();
  }
  ~ScopedTz() {
    if (m_old) {
      ::setenv("TZ", m_old->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  ScopedTz(const ScopedTz&) = delete;
  ScopedTz& operator=(const ScopedTz&) = delete;

private:
  std::optional<std::string> m_old;
};

std::string format_offset(long seconds) {
  const char sign = seconds < 0 ? '-' : '+';
  const long magnitude = seconds < 0 ? -seconds : seconds;
  char buffer[64];
  if (magnitude % 60 != 0) {
    std::snprintf(buffer,
                  sizeof buffer,
                  "%c%02ld:%02ld:%02ld",
                  sign,
                  magnitude / 3600,
                  magnitude / 60 % 60,
                  magnitude % 60);
  } else {
    std::snprintf(
        buffer, sizeof buffer, "%c%02ld:%02ld", sign, magnitude / 3600, magnitude / 60 % 60);
  }
  return buffer;
}

} // namespace

std::string Timestamp::to_string() const {
  char buffer[64];
  std::snprintf(buffer,
                sizeof buffer,
                "%04d-%02d-%02d %02d:%02d:%02d",
                year,
                month,
                day,
                hour,
                minute,
                second);
  std::string out = buffer;
  if (microsecond != 0) {
    // Python's str(datetime) leaves the fraction out entirely when it is zero.
    std::snprintf(buffer, sizeof buffer, ".%06d", microsecond);
    out += buffer;
  }
  return out + utc_offset;
}

Timestamp timestamp_at(std::chrono::system_clock::time_point when,
                       const std::optional<std::string>& timezone) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count();
  long long seconds = micros / 1'000'000;
  long long fraction = micros % 1'000'000;
  if (fraction < 0) {
    fraction += 1'000'000;
    --seconds;
  }
  const auto epoch = static_cast<std::time_t>(seconds);
  std::tm local{};
  bool converted = false;
  if (timezone) {
    // Python's ZoneInfo is tried with the name as written, then upper-cased ("utc" -> "UTC").
    std::optional<std::filesystem::path> file = find_zone_file(*timezone);
    if (!file) {
      std::string upper = *timezone;
      for (char& c : upper) {
        c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      }
      file = find_zone_file(upper);
    }
    if (!file) {
      throw CommandError("Can't locate timezone: " + *timezone);
    }
    const ScopedTz scoped(":" + file->string());
    converted = ::localtime_r(&epoch, &local) != nullptr;
  } else {
    converted = ::localtime_r(&epoch, &local) != nullptr;
  }
  if (!converted) {
    throw CommandError("cannot convert time " + std::to_string(seconds) + " to a calendar date");
  }
  Timestamp out;
  out.year = local.tm_year + 1900;
  out.month = local.tm_mon + 1;
  out.day = local.tm_mday;
  out.hour = local.tm_hour;
  out.minute = local.tm_min;
  out.second = local.tm_sec;
  out.microsecond = static_cast<int>(fraction);
  out.epoch = seconds;
  out.utc_offset = timezone ? format_offset(local.tm_gmtoff) : "";
  return out;
}

Timestamp now_in(const std::optional<std::string>& timezone) {
  return timestamp_at(std::chrono::system_clock::now(), timezone);
}

} // namespace migrate::script
