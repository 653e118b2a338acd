// SPDX-License-Identifier: MIT
// mask_password: hides passwords in URLs and libpq conninfo strings before anything prints them.
#include "url_parts.hpp"

#include <migrate/config.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::config {

namespace {

constexpr std::string_view k_mask = "***";

// Masks the value of every query parameter after `from` whose name, percent-decoded as libpq
// decodes it, is "password" in any case (libpq takes only the lower-case one; hiding more costs
// nothing). A parameter starts after '?' or '&' and ends at the next '&'.
std::string mask_query_passwords(const std::string& text, std::size_t from) {
  std::string out = text.substr(0, from);
  std::size_t pos = from;
  while (pos < text.size()) {
    const std::size_t start = text.find_first_of("?&", pos);
    if (start == std::string::npos) {
      break;
    }
    out.append(text, pos, start + 1 - pos);
    pos = start + 1;
    const std::size_t end = std::min(text.find('&', pos), text.size());
    const std::size_t equals = text.find('=', pos);
    if (equals < end
        && util::to_lower(percent_decoded(text.substr(pos, equals - pos))) == "password") {
      out.append(text, pos, equals + 1 - pos).append(k_mask);
      pos = end;
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
  bool seen_password = false;
  while (pos < text.size()) {
    out.append(copy_while(util::is_space));
    const std::size_t key_at = out.size();
    const std::string_view key = copy_while([](char c) { return c != '=' && !util::is_space(c); });
    out.append(key);
    out.append(copy_while(util::is_space));
    if (pos >= text.size() || text[pos] != '=') {
      if (seen_password && !key.empty()) {
        // libpq stops here; what follows may be the rest of a password ("password=two words").
        out.resize(key_at);
        out.append(k_mask);
        break;
      }
      continue;
    }
    out += '=';
    ++pos;
    out.append(copy_while(util::is_space));
    const std::size_t start = pos;
    if (pos < text.size() && text[pos] == '\'') {
      ++pos;
      while (pos < text.size() && text[pos] != '\'') {
        pos += text[pos] == '\\' ? 2 : 1;
      }
      pos = std::min(pos + 1, text.size());
    } else {
      while (pos < text.size() && !util::is_space(text[pos])) {
        pos += text[pos] == '\\' ? 2 : 1;
      }
      pos = std::min(pos, text.size());
    }
    if (util::to_lower(key) == "password") {
      seen_password = true;
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
