// SPDX-License-Identifier: MIT
// mask_password: hides passwords in URLs and libpq conninfo strings before anything prints them.
#include "url_parts.hpp"

#include <migrate/config.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::config {

namespace {

constexpr std::string_view k_mask = "***";

bool is_conninfo_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Masks every "password=" query parameter after `from` (any case; also outside what looks like
// the query, because a password that leaks is worse than a URL that is masked too much).
std::string mask_query_passwords(std::string text, std::size_t from) {
  const std::string lower = util::to_lower(text);
  std::string out = text.substr(0, from);
  std::size_t pos = from;
  while (pos < text.size()) {
    const std::size_t found = lower.find("password=", pos);
    if (found == std::string::npos) {
      break;
    }
    const bool starts_param = found > 0 && (text[found - 1] == '?' || text[found - 1] == '&');
    const std::size_t value = found + 9;
    out.append(text, pos, value - pos);
    pos = value;
    if (starts_param) {
      out.append(k_mask);
      pos = std::min(text.find('&', value), text.size());
    }
  }
  out.append(text, std::min(pos, text.size()));
  return out;
}

std::string mask_url(std::string_view text, const UrlParts& parts) {
  std::string out;
  std::size_t after_user_info = parts.rest;
  if (parts.at) {
    after_user_info = *parts.at;
    if (parts.password) {
      out.append(text.substr(0, *parts.password)).append(k_mask);
    } else {
      out.append(text.substr(0, *parts.at));
    }
  } else {
    out.append(text.substr(0, parts.rest));
  }
  const std::size_t from = out.size();
  out.append(text.substr(after_user_info));
  return mask_query_passwords(out, from);
}

// A libpq "key = value" string: values are bare words or single-quoted with backslash escapes.
std::string mask_conninfo(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  const auto copy_while = [&](auto predicate) {
    const std::size_t start = pos;
    while (pos < text.size() && predicate(text[pos])) {
      ++pos;
    }
    return text.substr(start, pos - start);
  };
  while (pos < text.size()) {
    out.append(copy_while(is_conninfo_space));
    const std::string_view key =
        copy_while([](char c) { return c != '=' && !is_conninfo_space(c); });
    out.append(key);
    out.append(copy_while(is_conninfo_space));
    if (pos >= text.size() || text[pos] != '=') {
      continue;
    }
    out += '=';
    ++pos;
    out.append(copy_while(is_conninfo_space));
    const std::size_t start = pos;
    if (pos < text.size() && text[pos] == '\'') {
      ++pos;
      while (pos < text.size() && text[pos] != '\'') {
        pos += text[pos] == '\\' ? 2 : 1;
      }
      pos = std::min(pos + 1, text.size());
    } else {
      while (pos < text.size() && !is_conninfo_space(text[pos])) {
        pos += text[pos] == '\\' ? 2 : 1;
      }
      pos = std::min(pos, text.size());
    }
    if (util::to_lower(key) == "password") {
      out.append(k_mask);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

} // namespace

std::string mask_password(std::string_view url_or_conninfo) {
  if (const std::optional<UrlParts> parts = split_url(url_or_conninfo)) {
    return mask_url(url_or_conninfo, *parts);
  }
  return mask_conninfo(url_or_conninfo);
}

} // namespace migrate::config
