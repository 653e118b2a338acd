// SPDX-License-Identifier: MIT
// UTF-8 checks and conversions for revision files, slugs and revision ids.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace migrate::script::utf8 {

// Offset of the first byte where `text` stops being well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are malformed), or npos when it is all valid.
std::size_t find_invalid(std::string_view text);

// Code points of `text`; each malformed byte becomes U+FFFD so callers never fail.
std::u32string decode(std::string_view text);

std::string encode(std::u32string_view text);

// Number of code points (PostgreSQL's varchar(n) counts characters, not bytes).
std::size_t length(std::string_view text);

} // namespace migrate::script::utf8
