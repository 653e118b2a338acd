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
