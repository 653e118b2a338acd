// SPDX-License-Identifier: MIT
// parse_bool (Alembic's asbool), parse_duration and shlex_split (checked against Python's shlex).
#include <migrate/config.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using namespace migrate::config;
using Args = std::vector<std::string>;

TEST_CASE("parse_bool accepts asbool's words in any case, trimmed") {
  for (const char* yes : {"true", "Yes", "ON", "y", "t", "1", "  true  "}) {
    CHECK(parse_bool(yes) == true);
  }
  for (const char* no : {"false", "No", "OFF", "n", "f", "0"}) {
    CHECK(parse_bool(no) == false);
  }
  for (const char* neither : {"", "2", "yep", "truthy", "t r u e"}) {
    CHECK_FALSE(parse_bool(neither).has_value());
  }
}

TEST_CASE("parse_duration reads seconds with an optional unit") {
  CHECK(parse_duration("30") == Approx(30));
  CHECK(parse_duration("30s") == Approx(30));
  CHECK(parse_duration("30 sec") == Approx(30));
  CHECK(parse_duration("500ms") == Approx(0.5));
  CHECK(parse_duration("2min") == Approx(120));
  CHECK(parse_duration("1.5h") == Approx(5400));
  CHECK(parse_duration(" 0.25 S ") == Approx(0.25));
  CHECK(parse_duration("0") == Approx(0));
}

TEST_CASE("parse_duration rejects anything else") {
  for (const char* bad :
       {"", "s", "-1", "+1", "1.2.3", "30m", "30 seconds", "1e3", "abc", ".", "inf"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad).has_value());
  }
}

TEST_CASE("shlex_split splits on whitespace and keeps '#'") {
  CHECK(shlex_split("-l 79 REVISION_SCRIPT_FILENAME")
        == Args{"-l", "79", "REVISION_SCRIPT_FILENAME"});
  CHECK(shlex_split("  a\tb\nc  ") == Args{"a", "b", "c"});
  CHECK(shlex_split("#not comment") == Args{"#not", "comment"});
  CHECK(shlex_split("").empty());
}

TEST_CASE("shlex_split joins quoted parts and keeps empty quoted words") {
  CHECK(shlex_split(R"(a"b c"d)") == Args{"ab cd"});
  CHECK(shlex_split(R"(a "" b)") == Args{"a", "", "b"});
  CHECK(shlex_split(R"('a\b')") == Args{R"(a\b)"});
}

TEST_CASE("shlex_split backslashes: any character outside quotes, only \" and \\ inside") {
  CHECK(shlex_split(R"(a\ b)") == Args{"a b"});
  CHECK(shlex_split(R"(a\\b)") == Args{R"(a\b)"});
  CHECK(shlex_split(R"("a\"b")") == Args{R"(a"b)"});
  CHECK(shlex_split(R"("a\\b")") == Args{R"(a\b)"});
  CHECK(shlex_split(R"("a\nb")") == Args{R"(a\nb)"});
}

TEST_CASE("shlex_split: an unterminated quote is an error") {
  CHECK_THROWS_AS(shlex_split("it's"), ConfigError);
  CHECK_THROWS_WITH(shlex_split("it's"), "No closing quotation in 'it's'");
  CHECK_THROWS_WITH(shlex_split("\"open"), "No closing quotation in '\"open'");
}

TEST_CASE("shlex_split: a trailing backslash is an error") {
  CHECK_THROWS_WITH(shlex_split("x\\"), "No escaped character in 'x\\'");
  CHECK_THROWS_WITH(shlex_split("\"x\\"), "No escaped character in '\"x\\'");
}
