// SPDX-License-Identifier: MIT
// The one masking function against libpq's own parser (PQconninfoParse) on generated connection
// strings: whatever characters a password holds, the masked text never contains it and parses
// to the same connection with the password "***"; what libpq cannot parse is refused before it
// reaches libpq.
#include "conninfo.hpp"

#include <migrate/config.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <map>
#include <optional>
#include <random>
#include <string>

using migrate::ConfigError;
using migrate::config::check_connection_string;
using migrate::config::mask_password;
using migrate::db::first_line;
using migrate::db::hide_conninfo;

namespace {

using Fields = std::map<std::string, std::string>;

// libpq's reading of `conninfo` (keyword -> value, set ones only); nullopt when it refuses it.
std::optional<Fields> libpq_parse(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return std::nullopt;
  }
  Fields fields;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val != nullptr) {
      fields[option->keyword] = option->val;
    }
  }
  PQconninfoFree(options);
  return fields;
}

std::string percent_encoded(const std::string& text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    }
  }
  return out;
}

std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

bool accepted(const std::string& conninfo) {
  try {
    check_connection_string(conninfo);
    return true;
  } catch (const ConfigError&) {
    return false;
  }
}

// The masked form parses as libpq would the original, but with the password "***", and does
// not contain the password.
void check_masked(const std::string& conninfo, const std::string& password) {
  INFO("conninfo: " << conninfo);
  const std::optional<Fields> original = libpq_parse(conninfo);
  REQUIRE(original.has_value());
  const std::string masked = mask_password(conninfo);
  INFO("masked: " << masked);
  CHECK(masked.find(password) == std::string::npos);
  const std::optional<Fields> reparsed = libpq_parse(masked);
  REQUIRE(reparsed.has_value());
  for (const char* key : {"host", "port", "user", "dbname", "sslmode"}) {
    CHECK(reparsed->count(key) == original->count(key));
    if (original->count(key) > 0) {
      CHECK(reparsed->at(key) == original->at(key));
    }
  }
  if (original->count("password") > 0) {
    CHECK(reparsed->at("password") == "***");
  }
}

} // namespace

TEST_CASE("generated passwords: encoded or quoted, libpq reads them and the mask hides them") {
  std::mt19937 random(20261202);
  const std::string alphabet = "aZ9@:/%?&=# '\\\"+;,[]{}!$*.~-_";
  std::uniform_int_distribution<std::size_t> length(1, 10);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < 400; ++i) {
    std::string password = "Zq";
    for (std::size_t n = length(random); n > 0; --n) {
      password += alphabet[pick(random)];
    }
    INFO("password: " << password);
    const std::string forms[] = {
        "postgresql://app:" + percent_encoded(password) + "@db.example:5432/app?sslmode=disable",
        "postgresql://app@db.example/app?password=" + percent_encoded(password)
            + "&sslmode=require",
        "host=db.example user=app password=" + single_quoted(password) + " dbname=app",
    };
    for (const std::string& conninfo : forms) {
      REQUIRE(accepted(conninfo));
      const std::optional<Fields> fields = libpq_parse(conninfo);
      REQUIRE(fields.has_value());
      CHECK(fields->at("password") == password);
      check_masked(conninfo, password);
    }
    // Written raw, as people paste them: refused, or hidden in whatever way libpq reads it.
    const std::string raw = "postgresql://app:" + password + "@db.example/app";
    CHECK(mask_password(raw).find(password) == std::string::npos);
    if (accepted(raw)) {
      if (const std::optional<Fields> fields = libpq_parse(raw);
          fields && fields->count("password")) {
        check_masked(raw, fields->at("password"));
      }
    }
  }
}

TEST_CASE("what libpq refuses is refused first, and the refusal hides the password") {
  for (const std::string& conninfo : {
           std::string("postgresql://app:p@ssXSECRET@host/db"),
           std::string("postgresql://app:bad%zzXSECRET@host/db"),
           std::string("postgresql://app:twoXSECRET words@host/db"),
           std::string("host=h password=abc XSECRET"),
           std::string("host=h password='XSECRET"),
       }) {
    INFO(conninfo);
    try {
      check_connection_string(conninfo);
      FAIL("accepted");
    } catch (const ConfigError& error) {
      CHECK(std::string(error.what()).find("XSECRET") == std::string::npos);
    }
  }
}

TEST_CASE("hide_conninfo replaces the whole string libpq quoted, not each copy of a password") {
  const std::string uri = "postgresql://u:ab@[::1/db";
  CHECK(hide_conninfo("invalid URI: \"" + uri + "\"", uri)
        == "invalid URI: \"postgresql://u:***@[::1/db\"");
  // A one-letter password elsewhere in the message stays: replacing it would point at it.
  CHECK(hide_conninfo("user \"a\" failed", "host=h user=a password=a") == "user \"a\" failed");
}

TEST_CASE("first_line keeps libpq's first line, trimmed") {
  CHECK(first_line("connection failed: refused\n\tIs the server running?\n")
        == "connection failed: refused");
  CHECK(first_line("  one  ") == "one");
  CHECK(first_line("") == "");
}
