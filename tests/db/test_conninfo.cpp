// SPDX-License-Identifier: MIT
// Password masking of connection strings (no server needed, but built with the database layer).
#include "conninfo.hpp"

#include <catch2/catch.hpp>

using migrate::db::conninfo_passwords;
using migrate::db::first_line;
using migrate::db::mask_conninfo;
using migrate::db::scrub;
using Strings = std::vector<std::string>;

TEST_CASE("URIs: the password of user:password@ and of a password= parameter is masked") {
  CHECK(mask_conninfo("postgresql://bob:s3cret@db.example:5432/app")
        == "postgresql://bob:***@db.example:5432/app");
  CHECK(mask_conninfo("postgres://bob:@host/app") == "postgres://bob:***@host/app");
  CHECK(mask_conninfo("postgresql://bob@host/app?sslmode=require&password=x%40y&connect_timeout=3")
        == "postgresql://bob@host/app?sslmode=require&password=***&connect_timeout=3");
  // A raw '@' or '/' in the password still ends at the last '@' before the query.
  CHECK(mask_conninfo("postgresql://bob:p@ss/w@host/app?x=1")
        == "postgresql://bob:***@host/app?x=1");
  CHECK(mask_conninfo("postgresql://host:5432/app") == "postgresql://host:5432/app");
  CHECK(mask_conninfo("postgresql:///app?host=/tmp") == "postgresql:///app?host=/tmp");
}

TEST_CASE("key=value strings: quoted and bare password values are masked") {
  CHECK(mask_conninfo("host=h password=s3cret dbname=d") == "host=h password=*** dbname=d");
  CHECK(mask_conninfo("password = 'two words' user=u") == "password = *** user=u");
  CHECK(mask_conninfo("password='it\\'s' user=u") == "password=*** user=u");
  CHECK(mask_conninfo("user=u passwordx=1 password=") == "user=u passwordx=1 password=***");
  CHECK(mask_conninfo("dbname=app") == "dbname=app");
  CHECK(mask_conninfo("") == "");
}

TEST_CASE("after a syntax error, the rest of a string with a password is masked") {
  CHECK(mask_conninfo("host=h password=two words") == "host=h password=*** ***");
  CHECK(mask_conninfo("host=h password='unterminated") == "host=h ***");
  // Without any password there is nothing to hide.
  CHECK(mask_conninfo("host=h oops") == "host=h oops");
}

TEST_CASE("the passwords found, for scrubbing messages") {
  CHECK(conninfo_passwords("postgresql://u:a%2Fb@h/d") == Strings{"a%2Fb", "a/b"});
  CHECK(conninfo_passwords("password='x y'") == Strings{"'x y'", "x y"});
  CHECK(conninfo_passwords("password=abc secretpart") == Strings{"abc", "secretpart"});
  CHECK(conninfo_passwords("host=h").empty());
  CHECK(scrub("bad token \"a%2Fb\" and a/b", {"a%2Fb", "a/b"}) == "bad token \"***\" and ***");
  CHECK(scrub("nothing", {"", "zzz"}) == "nothing");
  CHECK(scrub("aaaa", {"aa"}) == "******");
}

TEST_CASE("first_line keeps libpq's first line, trimmed") {
  CHECK(first_line("connection failed: refused\n\tIs the server running?\n")
        == "connection failed: refused");
  CHECK(first_line("  one  ") == "one");
  CHECK(first_line("") == "");
}
