// SPDX-License-Identifier: MIT
// Relative identifiers ("+2", "-1", "ae10+2", "branch@-1"): Alembic's regex and int() use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace migrate::graph::detail {

// One match of (?:(.+?)@)?(\w+)?((?:\+|-)\d+), anchored at the start only (trailing text is
// ignored, as re.match does); \w and \d are ASCII.
struct RelativeTarget {
  std::optional<std::string> branch_label; // group 1
  std::optional<std::string> symbol;       // group 2
  std::string relative;                    // group 3 as written, e.g. "-05"
  std::string magnitude;                   // abs(int(relative)) as %d prints it: "5"
  bool negative = false;                   // int(relative) < 0
  std::int64_t steps = 0;                  // int(relative), saturated far beyond any graph depth

  // str(int(relative)): "-5", "0", "5".
  std::string as_int() const;
};

std::optional<RelativeTarget> match_relative(std::string_view target);

// When int(text) succeeds and is negative (get_revisions' "-N" form): that value, saturated.
std::optional<std::int64_t> negative_int(std::string_view text);

// len() of a Python str holding this UTF-8 text: its code points.
std::size_t python_len(std::string_view text);

} // namespace migrate::graph::detail
