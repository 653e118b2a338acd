// SPDX-License-Identifier: MIT
// UTF-8 checks and conversions for revision files, slugs and revision ids.
#include "utf8.hpp"

#include <cstdint>
#include <cstring>

namespace migrate::script::utf8 {

namespace {

// Length of the leading run of ASCII bytes, eight at a time: revision files are mostly ASCII
// and are all checked on every command, so the per-code-point decoder is kept for the rest.
std::size_t ascii_prefix(std::string_view text) {
  std::size_t offset = 0;
  for (; offset + 8 <= text.size(); offset += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + offset, 8);
    if ((word & 0x8080808080808080ULL) != 0) {
      break;
    }
  }
  while (offset < text.size() && static_cast<unsigned char>(text[offset]) < 0x80) {
    ++offset;
  }
  return offset;
}

constexpr char32_t k_replacement = 0xFFFD;

// Decodes one sequence at `offset`. Returns the number of bytes consumed, or 0 when the bytes
// there are not a well-formed sequence (RFC 3629: shortest form, no surrogates, <= U+10FFFF).
std::size_t decode_one(std::string_view text, std::size_t offset, char32_t& out) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    out = lead;
    return 1;
  }
  std::size_t size = 0;
  char32_t minimum = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2;
    out = lead & 0x1Fu;
    minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3;
    out = lead & 0x0Fu;
    minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4;
    out = lead & 0x07u;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (offset + size > text.size()) {
    return 0;
  }
  for (std::size_t i = 1; i < size; ++i) {
    if ((byte(i) & 0xC0u) != 0x80u) {
      return 0;
    }
    out = (out << 6) | (byte(i) & 0x3Fu);
  }
  if (out < minimum || out > 0x10FFFF || (out >= 0xD800 && out <= 0xDFFF)) {
    return 0;
  }
  return size;
}

} // namespace

std::size_t find_invalid(std::string_view text) {
  std::size_t offset = 0;
  while (true) {
    offset += ascii_prefix(text.substr(offset));
    if (offset == text.size()) {
      return std::string_view::npos;
    }
    char32_t code_point = 0;
    const std::size_t size = decode_one(text, offset, code_point);
    if (size == 0) {
      return offset;
    }
    offset += size;
  }
}

std::u32string decode(std::string_view text) {
  std::u32string out;
  std::size_t offset = 0;
  while (offset < text.size()) {
    char32_t code_point = 0;
    const std::size_t size = decode_one(text, offset, code_point);
    out += size == 0 ? k_replacement : code_point;
    offset += size == 0 ? 1 : size;
  }
  return out;
}

std::string encode(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::size_t length(std::string_view text) {
  if (ascii_prefix(text) == text.size()) {
    return text.size();
  }
  return decode(text).size();
}

} // namespace migrate::script::utf8
