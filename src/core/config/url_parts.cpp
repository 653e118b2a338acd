// SPDX-License-Identifier: MIT
// split_url: locating scheme, user info, password and query in a database URL.
#include "url_parts.hpp"

namespace migrate::config {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_scheme_char(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

} // namespace

std::optional<UrlParts> split_url(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && is_scheme_char(text[end])) {
    ++end;
  }
  if (end == 0 || !is_alpha(text[0]) || text.substr(end, 3) != "://") {
    return std::nullopt;
  }
  UrlParts parts;
  parts.scheme = text.substr(0, end);
  parts.rest = end + 3;
  // The user info ends at the last '@' before the query. The query is taken to start at the
  // first '?' after the first '/', so a raw '?' in a password (before any '/') stays in it and
  // a '@' in a query value (user=me@corp) is not taken for the end of the user info.
  const std::size_t slash = text.find('/', parts.rest);
  const std::size_t question =
      slash == std::string_view::npos ? std::string_view::npos : text.find('?', slash);
  const std::string_view region = text.substr(0, question);
  const std::size_t at = region.rfind('@');
  if (at != std::string_view::npos && at >= parts.rest) {
    parts.at = at;
    const std::size_t colon = text.find(':', parts.rest);
    if (colon < at) {
      parts.password = colon + 1;
    }
  }
  const std::size_t query = text.find('?', parts.at ? *parts.at : parts.rest);
  if (query != std::string_view::npos) {
    parts.query = query;
  }
  return parts;
}

} // namespace migrate::config
