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
  std::size_t at = region.rfind('@');
  // A password written with a raw '/' and '?' puts its '@' past what looks like the query start:
  // with a ':' but no '@' before the first '/', the last '@' anywhere ends the user info. (A
  // port and an '@' in a query value then hide a little more than needed; never less.)
  const std::string_view authority = text.substr(parts.rest, slash - parts.rest);
  if (authority.find(':') != std::string_view::npos
      && authority.find('@') == std::string_view::npos) {
    at = text.rfind('@');
  }
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

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}
} // namespace

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0
        && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool percent_encoding_valid(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      continue;
    }
    // libpq also refuses "%00": a NUL cannot be part of a connection parameter.
    if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0
        || (text[i + 1] == '0' && text[i + 2] == '0')) {
      return false;
    }
    i += 2;
  }
  return true;
}

} // namespace migrate::config
