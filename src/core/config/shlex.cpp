// SPDX-License-Identifier: MIT
// shlex_split: Python's shlex.split (POSIX mode, no comments), for post-write hook options.
#include <migrate/config.hpp>

namespace migrate::config {

namespace {

bool is_shlex_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

std::vector<std::string> shlex_split(std::string_view text) {
  std::vector<std::string> tokens;
  std::string token;
  bool in_token = false; // also true for an empty quoted token such as ""
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (is_shlex_space(c)) {
      if (in_token) {
        tokens.push_back(std::move(token));
        token.clear();
        in_token = false;
      }
      continue;
    }
    in_token = true;
    if (c == '\\') {
      if (pos >= text.size()) {
        throw ConfigError("No escaped character in '" + std::string(text) + "'");
      }
      token += text[pos++];
    } else if (c == '\'') {
      const std::size_t close = text.find('\'', pos);
      if (close == std::string_view::npos) {
        throw ConfigError("No closing quotation in '" + std::string(text) + "'");
      }
      token.append(text.substr(pos, close - pos));
      pos = close + 1;
    } else if (c == '"') {
      // Inside double quotes a backslash escapes only '"' and '\'; otherwise it is kept.
      while (true) {
        if (pos >= text.size()) {
          throw ConfigError("No closing quotation in '" + std::string(text) + "'");
        }
        const char q = text[pos++];
        if (q == '"') {
          break;
        }
        if (q == '\\' && pos >= text.size()) {
          throw ConfigError("No escaped character in '" + std::string(text) + "'");
        }
        if (q == '\\' && (text[pos] == '"' || text[pos] == '\\')) {
          token += text[pos++];
        } else {
          token += q;
        }
      }
    } else {
      token += c;
    }
  }
  if (in_token) {
    tokens.push_back(std::move(token));
  }
  return tokens;
}

} // namespace migrate::config
