// SPDX-License-Identifier: MIT
// Alembic's relative-revision regex by hand (std::regex recursion grows with user input).
#include "relative.hpp"

#include <migrate/util/strings.hpp>

namespace migrate::graph::detail {

namespace {

// Far beyond any revision graph: a walk stops at the graph's ends anyway.
constexpr std::int64_t k_max_steps = 1'000'000'000'000'000;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Value of an ASCII digit run, saturated, and its %d rendering (leading zeros dropped).
std::pair<std::int64_t, std::string> digits_value(std::string_view digits) {
  std::int64_t value = 0;
  std::string shown;
  for (char c : digits) {
    if (shown.empty() && c == '0') {
      continue;
    }
    shown += c;
    value = value >= k_max_steps / 10 ? k_max_steps : value * 10 + (c - '0');
  }
  // push_back rather than assigning a literal: g++ 12 at -O2 warns (-Wrestrict, a false positive
  // in libstdc++) on `shown = "0"` here.
  if (shown.empty()) {
    shown.push_back('0');
  }
  return {value, shown};
}

// (\w+)?((?:\+|-)\d+) anchored at the start of `text`.
std::optional<RelativeTarget> match_tail(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size() && is_word(text[pos])) {
    ++pos;
  }
  // Backtracking the greedy \w+ cannot help: a shorter run is followed by a word character.
  if (pos + 1 >= text.size() || (text[pos] != '+' && text[pos] != '-')
      || !is_digit(text[pos + 1])) {
    return std::nullopt;
  }
  std::size_t end = pos + 1;
  while (end < text.size() && is_digit(text[end])) {
    ++end;
  }
  RelativeTarget out;
  if (pos > 0) {
    out.symbol = std::string(text.substr(0, pos));
  }
  out.relative = std::string(text.substr(pos, end - pos));
  auto [value, shown] = digits_value(text.substr(pos + 1, end - pos - 1));
  out.magnitude = shown;
  out.negative = text[pos] == '-' && value != 0;
  out.steps = out.negative ? -value : value;
  return out;
}

} // namespace

std::string RelativeTarget::as_int() const {
  return steps == 0 ? std::string("0") : (negative ? "-" : "") + magnitude;
}

std::optional<RelativeTarget> match_relative(std::string_view target) {
  // The lazy (.+?)@ tries each '@' from the left; '.' does not match a newline.
  for (std::size_t at = 1; at < target.size(); ++at) {
    if (target[at - 1] == '\n') {
      break;
    }
    if (target[at] != '@') {
      continue;
    }
    if (auto tail = match_tail(target.substr(at + 1))) {
      tail->branch_label = std::string(target.substr(0, at));
      return tail;
    }
  }
  return match_tail(target);
}

std::optional<std::int64_t> negative_int(std::string_view text) {
  text = util::trim(text);
  if (text.size() < 2 || text[0] != '-') {
    return std::nullopt;
  }
  std::string digits;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    // Python allows single underscores between digits ("-1_000").
    if (c == '_' && i > 1 && i + 1 < text.size() && is_digit(text[i - 1])
        && is_digit(text[i + 1])) {
      continue;
    }
    if (!is_digit(c)) {
      return std::nullopt;
    }
    digits += c;
  }
  const std::int64_t value = digits_value(digits).first;
  if (value == 0) {
    return std::nullopt;
  }
  return -value;
}

std::size_t python_len(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++count;
    }
  }
  return count;
}

} // namespace migrate::graph::detail
