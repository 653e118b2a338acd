// SPDX-License-Identifier: MIT
// Python-compatible whitespace classification and universal-newline line splitting.
#include "py_text.hpp"

namespace migrate::config {

namespace {

bool is_ascii_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

// Whether the two- or three-byte UTF-8 sequence is one of the non-ASCII code points Python
// counts as whitespace.
bool is_multibyte_space(unsigned char a, unsigned char b) {
  return a == 0xc2 && (b == 0x85 || b == 0xa0);
}

bool is_multibyte_space(unsigned char a, unsigned char b, unsigned char c) {
  if (a == 0xe1) {
    return b == 0x9a && c == 0x80; // U+1680
  }
  if (a == 0xe2 && b == 0x80) {
    return (c >= 0x80 && c <= 0x8a) || c == 0xa8 || c == 0xa9 || c == 0xaf;
  }
  if (a == 0xe2 && b == 0x81) {
    return c == 0x9f; // U+205F
  }
  return a == 0xe3 && b == 0x80 && c == 0x80; // U+3000
}

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

} // namespace

std::size_t space_length_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) {
    return 0;
  }
  if (is_ascii_space(byte_at(text, pos))) {
    return 1;
  }
  if (pos + 1 < text.size() && is_multibyte_space(byte_at(text, pos), byte_at(text, pos + 1))) {
    return 2;
  }
  if (pos + 2 < text.size()
      && is_multibyte_space(byte_at(text, pos), byte_at(text, pos + 1), byte_at(text, pos + 2))) {
    return 3;
  }
  return 0;
}

std::size_t space_length_before(std::string_view text, std::size_t end) {
  if (end == 0 || end > text.size()) {
    return 0;
  }
  if (is_ascii_space(byte_at(text, end - 1))) {
    return 1;
  }
  if (end >= 2 && is_multibyte_space(byte_at(text, end - 2), byte_at(text, end - 1))) {
    return 2;
  }
  if (end >= 3
      && is_multibyte_space(
          byte_at(text, end - 3), byte_at(text, end - 2), byte_at(text, end - 1))) {
    return 3;
  }
  return 0;
}

std::string_view py_lstrip(std::string_view text) {
  std::size_t length = 0;
  while ((length = space_length_at(text, 0)) > 0) {
    text.remove_prefix(length);
  }
  return text;
}

std::string_view py_rstrip(std::string_view text) {
  std::size_t length = 0;
  while ((length = space_length_before(text, text.size())) > 0) {
    text.remove_suffix(length);
  }
  return text;
}

std::string_view py_strip(std::string_view text) {
  return py_rstrip(py_lstrip(text));
}

std::size_t indent_width(std::string_view line) {
  std::size_t characters = 0;
  std::size_t pos = 0;
  std::size_t length = 0;
  while ((length = space_length_at(line, pos)) > 0) {
    pos += length;
    ++characters;
  }
  return pos == line.size() ? 0 : characters;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c != '\n' && c != '\r') {
      continue;
    }
    lines.push_back(text.substr(start, pos - start));
    if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') {
      ++pos;
    }
    start = pos + 1;
  }
  if (start < text.size()) {
    lines.push_back(text.substr(start));
  }
  return lines;
}

} // namespace migrate::config
