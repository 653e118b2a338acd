// SPDX-License-Identifier: MIT
// Small string helpers the standard library lacks; shared by every core area.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migrate::util {

// ASCII whitespace: space, tab, CR, LF, FF, VT (C's isspace in the C locale, which is what
// PostgreSQL's lexer and libpq's connection-string parser skip).
bool is_space(char c);

// Removes ASCII whitespace (space, tab, CR, LF, FF, VT) from both ends.
std::string_view trim(std::string_view text);

// Splits on a single character; keeps empty pieces ("a,,b" -> "a", "", "b").
std::vector<std::string> split(std::string_view text, char separator);

// Splits a comma-separated list, trimming each item and dropping empty ones ("a, b," -> a, b).
std::vector<std::string> split_list(std::string_view text);

// Joins with a separator ("a", "b" + ", " -> "a, b").
std::string join(const std::vector<std::string>& items, std::string_view separator);

std::string to_lower(std::string_view text);

// `text` with every occurrence of `from` replaced by `to`, left to right, replacements not
// searched again; an empty `from` replaces nothing.
std::string replace_all(std::string text, std::string_view from, std::string_view to);

// The words of `text` (split on ASCII whitespace) joined by single spaces: "a\n  b " -> "a b".
std::string collapse_spaces(std::string_view text);

// `text` with control characters (below 0x20, and 0x7f) written as escapes: \n, \t, \r, \x1b...,
// for printing a value read from a file or the database on one line
// without letting it move the cursor or recolour the terminal.
std::string escape_control(std::string_view text);
// The same, but keeping '\n': for messages that are several lines on purpose.
std::string escape_control_keep_lines(std::string_view text);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` within a small distance, or "" when none is close.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

} // namespace migrate::util
