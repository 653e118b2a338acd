// SPDX-License-Identifier: MIT
// The relative-identifier matcher against Alembic's regex (?:(.+?)@)?(\w+)?((?:\+|-)\d+).
#include "relative.hpp"

#include <catch2/catch.hpp>

using namespace migrate::graph::detail;

TEST_CASE("relative forms with and without symbol and label") {
  auto m = match_relative("-2");
  REQUIRE(m);
  CHECK_FALSE(m->branch_label);
  CHECK_FALSE(m->symbol);
  CHECK(m->relative == "-2");
  CHECK(m->steps == -2);
  CHECK(m->negative);

  m = match_relative("ae10+3");
  REQUIRE(m);
  CHECK(m->symbol == "ae10");
  CHECK(m->steps == 3);
  CHECK_FALSE(m->negative);

  m = match_relative("core@head-1");
  REQUIRE(m);
  CHECK(m->branch_label == "core");
  CHECK(m->symbol == "head");
  CHECK(m->steps == -1);

  m = match_relative("c2branch@+1");
  REQUIRE(m);
  CHECK(m->branch_label == "c2branch");
  CHECK_FALSE(m->symbol);
  CHECK(m->steps == 1);
}

TEST_CASE("the match is anchored at the start only") {
  auto m = match_relative("abc-1xyz");
  REQUIRE(m);
  CHECK(m->symbol == "abc");
  CHECK(m->relative == "-1");
  CHECK_FALSE(match_relative("x-y"));
  CHECK_FALSE(match_relative("abc"));
  CHECK_FALSE(match_relative("+"));
  CHECK_FALSE(match_relative(""));
  CHECK_FALSE(match_relative("+-2"));
  // A symbol with a non-word character cannot take part.
  CHECK_FALSE(match_relative("a.b+1"));
}

TEST_CASE("the lazy label takes the first '@' that lets the rest match") {
  auto m = match_relative("a@b@c-1");
  REQUIRE(m);
  CHECK(m->branch_label == "a@b");
  CHECK(m->symbol == "c");
  m = match_relative("x@-1");
  REQUIRE(m);
  CHECK(m->branch_label == "x");
  // Without a usable '@' the whole text is tried without a label.
  m = match_relative("-1@x");
  REQUIRE(m);
  CHECK_FALSE(m->branch_label);
  CHECK(m->relative == "-1");
}

TEST_CASE("numbers print as Python's int does") {
  auto m = match_relative("-05");
  REQUIRE(m);
  CHECK(m->relative == "-05");
  CHECK(m->magnitude == "5");
  CHECK(m->as_int() == "-5");
  m = match_relative("+0");
  REQUIRE(m);
  CHECK(m->steps == 0);
  CHECK(m->as_int() == "0");
  m = match_relative("-0");
  REQUIRE(m);
  CHECK_FALSE(m->negative);
  m = match_relative("-99999999999999999999999");
  REQUIRE(m);
  CHECK(m->magnitude == "99999999999999999999999");
  CHECK(m->steps < -1'000'000'000);
}

TEST_CASE("negative_int accepts what Python's int() reads as negative") {
  CHECK(negative_int("-1") == -1);
  CHECK(negative_int(" -12 ") == -12);
  CHECK(negative_int("-1_0") == -10);
  CHECK_FALSE(negative_int("-0"));
  CHECK_FALSE(negative_int("5"));
  CHECK_FALSE(negative_int("+5"));
  CHECK_FALSE(negative_int("-a"));
  CHECK_FALSE(negative_int("-1__0"));
  CHECK_FALSE(negative_int("-"));
}

TEST_CASE("python_len counts code points") {
  CHECK(python_len("abcd") == 4);
  CHECK(python_len("\xc3\xa9t\xc3\xa9") == 3);
}
