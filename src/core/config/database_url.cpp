// SPDX-License-Identifier: MIT
// Which database URL to use and how to hand it to libpq (docs/configuration.md, "Database URL").
#include "url_parts.hpp"

#include <migrate/config.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::config {

namespace {

std::optional<std::string> present(const std::optional<std::string>& url) {
  if (!url || util::trim(*url).empty()) {
    return std::nullopt;
  }
  return std::string(util::trim(*url));
}

// Alembic's generated alembic.ini says "driver://user:pass@localhost/dbname".
bool is_placeholder(const std::string& url) {
  const std::optional<UrlParts> parts = split_url(url);
  if (!parts) {
    return false;
  }
  const std::string scheme = util::to_lower(parts->scheme);
  return scheme == "driver" || scheme.rfind("driver+", 0) == 0;
}

bool is_postgresql_scheme(const std::string& scheme) {
  const std::size_t plus = scheme.find('+');
  const std::string dialect = scheme.substr(0, plus);
  const std::string driver = plus == std::string::npos ? "" : scheme.substr(plus + 1);
  if (dialect != "postgresql" && dialect != "postgres") {
    return false;
  }
  for (const char* known : {"", "asyncpg", "psycopg2", "psycopg", "pg8000"}) {
    if (driver == known) {
      return true;
    }
  }
  return false;
}

// asyncpg spells libpq's sslmode "ssl" (and also accepts true/false); libpq rejects "ssl".
std::string rewrite_query(std::string_view query) {
  std::vector<std::string> params = util::split(query, '&');
  bool has_sslmode = false;
  for (const std::string& param : params) {
    has_sslmode = has_sslmode || param.rfind("sslmode=", 0) == 0;
  }
  std::vector<std::string> out;
  for (const std::string& param : params) {
    if (param.rfind("ssl=", 0) != 0) {
      out.push_back(param);
      continue;
    }
    if (has_sslmode) {
      continue; // an explicit sslmode wins
    }
    std::string value = param.substr(4);
    if (const std::optional<bool> flag = parse_bool(value)) {
      value = *flag ? "require" : "disable";
    }
    out.push_back("sslmode=" + value);
  }
  return util::join(out, "&");
}

[[noreturn]] void bad_url(std::string_view url, const std::string& what) {
  throw ConfigError("database URL '" + mask_password(url) + "': " + what);
}

// What libpq would misread, or reject with a message quoting the text (which may be the
// password), is refused here with a message that does not. libpq ends the user info at the
// first '@' before the first '/'.
void check_uri_syntax(std::string_view text, const UrlParts& parts) {
  const std::size_t slash = std::min(text.find('/', parts.rest), text.size());
  const std::string_view authority = text.substr(parts.rest, slash - parts.rest);
  const std::size_t first_at = authority.find('@');
  if (first_at != std::string_view::npos
      && authority.find('@', first_at + 1) != std::string_view::npos) {
    bad_url(text, "a raw '@' in the user name or password; encode '@' in the password as %40");
  }
  const std::size_t question = std::min(text.find('?', slash), text.size());
  if (text.substr(slash, question - slash).find('@') != std::string_view::npos) {
    bad_url(text,
            "'@' after the first '/': encode '/' in the user name or password as %2F (and '@' as "
            "%40)");
  }
  if (text.find_first_of(" \t\n\r\f\v") != std::string_view::npos) {
    bad_url(text, "a raw space; encode spaces as %20");
  }
  if (!percent_encoding_valid(text)) {
    bad_url(text, "invalid percent-encoding; write a '%' in the password as %25");
  }
}

// libpq's key = value syntax: a value is a bare word or single-quoted, '\\' escaping the next
// character in both.
void check_conninfo_syntax(std::string_view text) {
  std::size_t pos = 0;
  const auto skip_spaces = [&] {
    while (pos < text.size() && util::is_space(text[pos])) {
      ++pos;
    }
  };
  while (true) {
    skip_spaces();
    if (pos >= text.size()) {
      return;
    }
    while (pos < text.size() && text[pos] != '=' && !util::is_space(text[pos])) {
      ++pos;
    }
    skip_spaces();
    if (pos >= text.size() || text[pos] != '=') {
      throw ConfigError("invalid connection string '" + mask_password(text)
                        + "': a keyword without '=' (key = value pairs)");
    }
    ++pos;
    skip_spaces();
    if (pos < text.size() && text[pos] == '\'') {
      ++pos;
      while (pos < text.size() && text[pos] != '\'') {
        pos += text[pos] == '\\' ? 2 : 1;
      }
      if (pos >= text.size()) {
        throw ConfigError("invalid connection string '" + mask_password(text)
                          + "': unterminated quoted string");
      }
      ++pos;
      continue;
    }
    while (pos < text.size() && !util::is_space(text[pos])) {
      pos += text[pos] == '\\' ? 2 : 1;
    }
  }
}

[[noreturn]] void unsupported(std::string_view url) {
  throw ConfigError("unsupported database URL '" + mask_password(url)
                    + "': migrate only speaks PostgreSQL (postgresql://...)");
}

} // namespace

std::optional<std::string> resolve_database_url(const std::optional<std::string>& cli_url,
                                                const std::optional<std::string>& env_url,
                                                const std::optional<std::string>& ini_url) {
  if (std::optional<std::string> url = present(cli_url)) {
    return url;
  }
  if (std::optional<std::string> url = present(env_url)) {
    return url;
  }
  std::optional<std::string> url = present(ini_url);
  if (url && is_placeholder(*url)) {
    return std::nullopt;
  }
  return url;
}

void check_connection_string(std::string_view url_or_conninfo) {
  const std::string_view text = util::trim(url_or_conninfo);
  if (const std::optional<UrlParts> parts = split_url(text)) {
    check_uri_syntax(text, *parts);
  } else {
    check_conninfo_syntax(text);
  }
}

std::string normalize_database_url(std::string_view url) {
  const std::string_view text = util::trim(url);
  const std::optional<UrlParts> parts = split_url(text);
  if (!parts) {
    if (text.empty() || text.find('=') != std::string_view::npos) {
      check_conninfo_syntax(text);
      return std::string(text); // a libpq key=value string (or libpq's environment)
    }
    unsupported(text);
  }
  if (!is_postgresql_scheme(util::to_lower(parts->scheme))) {
    unsupported(text);
  }
  check_uri_syntax(text, *parts);
  // Percent-encoding stays as written: libpq decodes it.
  std::string out = "postgresql://";
  if (!parts->query) {
    return out.append(text.substr(parts->rest));
  }
  out.append(text.substr(parts->rest, *parts->query + 1 - parts->rest));
  return out + rewrite_query(text.substr(*parts->query + 1));
}

} // namespace migrate::config
