// SPDX-License-Identifier: MIT
// Scalar setting parsers: Alembic's asbool and our durations.
#include <migrate/config.hpp>
#include <migrate/util/strings.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace migrate::config {

std::optional<bool> parse_bool(std::string_view text) {
  const std::string word = util::to_lower(util::trim(text));
  for (const char* yes : {"true", "yes", "on", "y", "t", "1"}) {
    if (word == yes) {
      return true;
    }
  }
  for (const char* no : {"false", "no", "off", "n", "f", "0"}) {
    if (word == no) {
      return false;
    }
  }
  return std::nullopt;
}

std::optional<double> parse_duration(std::string_view text) {
  text = util::trim(text);
  // The number: digits, optionally a '.' and more digits; at least one digit overall.
  std::size_t pos = 0;
  std::size_t digits = 0;
  while (pos < text.size() && ((text[pos] >= '0' && text[pos] <= '9') || text[pos] == '.')) {
    digits += text[pos] == '.' ? 0 : 1;
    ++pos;
  }
  double value = 0;
  const std::string_view number = text.substr(0, pos);
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (digits == 0 || error != std::errc() || end != number.data() + number.size()
      || !std::isfinite(value)) {
    return std::nullopt;
  }
  const std::string unit = util::to_lower(util::trim(text.substr(pos)));
  static const std::array<std::pair<const char*, double>, 6> units{{
      {"", 1.0},
      {"s", 1.0},
      {"sec", 1.0},
      {"ms", 0.001},
      {"min", 60.0},
      {"h", 3600.0},
  }};
  for (const auto& [name, factor] : units) {
    if (unit == name) {
      return value * factor;
    }
  }
  return std::nullopt;
}

} // namespace migrate::config
