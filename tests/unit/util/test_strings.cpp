// SPDX-License-Identifier: MIT
#include <migrate/util/strings.hpp>

#include <catch2/catch.hpp>

using namespace migrate::util;

TEST_CASE("trim removes surrounding whitespace only") {
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("") == "");
  CHECK(trim(" \t ") == "");
}

TEST_CASE("split keeps empty pieces, split_list drops them") {
  CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string>{""});
  CHECK(split_list(" a , b,, ") == std::vector<std::string>{"a", "b"});
  CHECK(split_list("").empty());
}

TEST_CASE("join and to_lower") {
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(join({}, ", ") == "");
  CHECK(to_lower("Script_Location") == "script_location");
}

TEST_CASE("edit distance and closest match") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest_match("down_revison", {"message", "revision", "down_revision"}) == "down_revision");
  CHECK(closest_match("zzz", {"message", "revision"}).empty());
}

TEST_CASE("escape_control writes control characters as escapes") {
  using migrate::util::escape_control;
  using migrate::util::escape_control_keep_lines;
  CHECK(escape_control("plain text, é") == "plain text, é");
  CHECK(escape_control("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(escape_control("red\x1b[31m!\x7f") == "red\\x1b[31m!\\x7f");
  CHECK(escape_control(std::string("nul\0!", 5)) == "nul\\x00!");
  CHECK(escape_control_keep_lines("one\ntwo\x1b") == "one\ntwo\\x1b");
}

TEST_CASE("replace_all replaces every occurrence once, left to right") {
  using migrate::util::replace_all;
  CHECK(replace_all("a-b-c", "-", "--") == "a--b--c");
  CHECK(replace_all("x TOKEN y TOKEN", "TOKEN", "TOKEN!") == "x TOKEN! y TOKEN!");
  CHECK(replace_all("abc", "", "z") == "abc");
  CHECK(replace_all("abc", "d", "z") == "abc");
}

TEST_CASE("collapse_spaces joins the words by single spaces") {
  using migrate::util::collapse_spaces;
  CHECK(collapse_spaces("  CREATE TABLE t (\n    id int\n);\t") == "CREATE TABLE t ( id int );");
  CHECK(collapse_spaces("") == "");
  CHECK(collapse_spaces(" \n\t ") == "");
  CHECK(collapse_spaces("one") == "one");
}
