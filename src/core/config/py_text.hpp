// SPDX-License-Identifier: MIT
// Python's idea of whitespace and lines, so the ini reader strips and indents exactly as
// ConfigParser.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace migrate::config {

// Byte length of the whitespace character starting at text[pos] (Python's str.isspace over
// UTF-8: ASCII \t \n \v \f \r space and \x1c-\x1f, plus U+0085, U+00A0, U+1680, U+2000-U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000), or 0 when it is not whitespace.
std::size_t space_length_at(std::string_view text, std::size_t pos);

// Byte length of the whitespace character ending just before text[end], or 0.
std::size_t space_length_before(std::string_view text, std::size_t end);

std::string_view py_lstrip(std::string_view text);
std::string_view py_rstrip(std::string_view text);
std::string_view py_strip(std::string_view text);

// Number of whitespace characters (not bytes) before the first non-whitespace one: Python's
// NONSPACECRE.search(line).start(). 0 for an all-whitespace line.
std::size_t indent_width(std::string_view line);

// Splits text into lines the way a file opened in text mode iterates: "\n", "\r\n" and a lone
// "\r" end a line (universal newlines). The terminators are not part of the lines; a final
// terminator does not start an extra empty line.
std::vector<std::string_view> split_lines(std::string_view text);

} // namespace migrate::config
