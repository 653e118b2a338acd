// SPDX-License-Identifier: MIT
// Where the pieces of a "scheme://user:password@host/db?query" URL are, tolerant of raw '@', ':',
// '/' and '?' in passwords (people paste them unencoded; we must still find and hide them).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace migrate::config {

struct UrlParts {
  std::string_view scheme;             // before "://", as written
  std::size_t rest = 0;                // offset just after "://"
  std::optional<std::size_t> at;       // offset of the '@' ending the user info, if any
  std::optional<std::size_t> password; // offset of the password (after the ':'), if any
  std::optional<std::size_t> query;    // offset of the '?' starting the query, if any
};

// nullopt unless text starts with a scheme ([A-Za-z][A-Za-z0-9+.-]*) and "://".
std::optional<UrlParts> split_url(std::string_view text);

// "%40" -> "@" as libpq decodes a URI's parts; an invalid escape is kept as written.
std::string percent_decoded(std::string_view text);

// Whether every '%' starts a valid "%XX" escape (libpq refuses the URI otherwise, and its error
// quotes the token, which may be the password).
bool percent_encoding_valid(std::string_view text);

} // namespace migrate::config
