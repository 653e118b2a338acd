// SPDX-License-Identifier: MIT
// Password masking for connection strings, following libpq's URI and key=value syntax.
#include "conninfo.hpp"

#include <migrate/util/strings.hpp>

#include <algorithm>
#include <optional>

namespace migrate::db {

namespace {

constexpr std::string_view k_mask = "***";

// A part of the conninfo that holds a password: [begin, end) as written, and its value.
struct Secret {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string value;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The length of "scheme://" when the text is a URI, else nullopt.
std::optional<std::size_t> uri_prefix(std::string_view text) {
  const std::size_t separator = text.find("://");
  if (separator == std::string_view::npos || separator == 0) {
    return std::nullopt;
  }
  for (const char c : text.substr(0, separator)) {
    const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                             || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!scheme_char) {
      return std::nullopt;
    }
  }
  return separator + 3;
}

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

std::string percent_decode(std::string_view text) {
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

// URI: the password of user:password@ (the last '@' before the query, so a password holding
// '@' or '/' is still covered) and any password= query parameter.
std::vector<Secret> uri_secrets(std::string_view text, std::size_t start) {
  std::vector<Secret> secrets;
  const std::size_t query = std::min(text.find('?', start), text.size());
  const std::size_t at = text.substr(start, query - start).rfind('@');
  if (at != std::string_view::npos) {
    const std::size_t colon = text.substr(start, at).find(':');
    if (colon != std::string_view::npos) {
      const std::size_t begin = start + colon + 1;
      const std::size_t end = start + at;
      secrets.push_back({begin, end, percent_decode(text.substr(begin, end - begin))});
    }
  }
  std::size_t param = query + 1;
  while (param < text.size()) {
    const std::size_t next = std::min(text.find('&', param), text.size());
    const std::string_view pair = text.substr(param, next - param);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && percent_decode(pair.substr(0, equals)) == "password") {
      const std::size_t begin = param + equals + 1;
      secrets.push_back({begin, next, percent_decode(text.substr(begin, next - begin))});
    }
    param = next + 1;
  }
  return secrets;
}

// key=value: libpq's grammar (values quoted with '...' or bare, backslash escapes in both).
// Returns false, with `unparsed` set, where the text stops following it.
bool keyword_secrets(std::string_view text, std::vector<Secret>& secrets, std::size_t& unparsed) {
  std::size_t i = 0;
  const auto skip_spaces = [&] {
    while (i < text.size() && is_space(text[i])) {
      ++i;
    }
  };
  while (true) {
    skip_spaces();
    if (i >= text.size()) {
      return true;
    }
    const std::size_t key_begin = i;
    while (i < text.size() && text[i] != '=' && !is_space(text[i])) {
      ++i;
    }
    const std::string_view key = text.substr(key_begin, i - key_begin);
    skip_spaces();
    if (i >= text.size() || text[i] != '=') {
      unparsed = key_begin;
      return false;
    }
    ++i;
    skip_spaces();
    const std::size_t value_begin = i;
    std::string value;
    const bool quoted = i < text.size() && text[i] == '\'';
    if (quoted) {
      ++i;
    }
    bool closed = !quoted;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '\\' && i + 1 < text.size()) {
        value += text[i + 1];
        i += 2;
      } else if (quoted && c == '\'') {
        ++i;
        closed = true;
        break;
      } else if (!quoted && is_space(c)) {
        break;
      } else {
        value += c;
        ++i;
      }
    }
    if (!closed) {
      unparsed = key_begin;
      return false;
    }
    if (key == "password") {
      secrets.push_back({value_begin, i, value});
    }
  }
}

} // namespace

// The text after a key=value syntax error may be the rest of a password (password=two words):
// it is treated as secret whenever the string sets a password at all.
bool tail_is_secret(std::string_view conninfo, std::size_t unparsed) {
  return unparsed < conninfo.size() && conninfo.find("password") != std::string_view::npos;
}

std::string mask_conninfo(std::string_view conninfo) {
  std::vector<Secret> secrets;
  std::size_t end = conninfo.size();
  if (const std::optional<std::size_t> start = uri_prefix(conninfo)) {
    secrets = uri_secrets(conninfo, *start);
  } else {
    std::size_t unparsed = conninfo.size();
    keyword_secrets(conninfo, secrets, unparsed);
    if (tail_is_secret(conninfo, unparsed)) {
      end = unparsed;
    }
  }
  std::string out;
  std::size_t copied = 0;
  for (const Secret& secret : secrets) {
    out += conninfo.substr(copied, secret.begin - copied);
    out += k_mask;
    copied = secret.end;
  }
  out += conninfo.substr(copied, end - copied);
  if (end < conninfo.size()) {
    out += k_mask;
  }
  return out;
}

std::vector<std::string> conninfo_passwords(std::string_view conninfo) {
  std::vector<Secret> secrets;
  std::size_t unparsed = conninfo.size();
  if (const std::optional<std::size_t> start = uri_prefix(conninfo)) {
    secrets = uri_secrets(conninfo, *start);
  } else {
    keyword_secrets(conninfo, secrets, unparsed);
  }
  std::vector<std::string> passwords;
  for (const Secret& secret : secrets) {
    passwords.emplace_back(conninfo.substr(secret.begin, secret.end - secret.begin));
    if (secret.value != passwords.back()) {
      passwords.push_back(secret.value);
    }
  }
  if (tail_is_secret(conninfo, unparsed)) {
    for (const std::string& word : util::split(conninfo.substr(unparsed), ' ')) {
      passwords.push_back(word);
    }
  }
  return passwords;
}

std::string scrub(std::string message, const std::vector<std::string>& passwords) {
  for (const std::string& password : passwords) {
    if (password.empty()) {
      continue;
    }
    for (std::size_t at = message.find(password); at != std::string::npos;
         at = message.find(password, at + k_mask.size())) {
      message.replace(at, password.size(), k_mask);
    }
  }
  return message;
}

std::string first_line(std::string_view message) {
  return std::string(util::trim(message.substr(0, message.find('\n'))));
}

} // namespace migrate::db
