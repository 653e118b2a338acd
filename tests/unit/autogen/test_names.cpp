// SPDX-License-Identifier: MIT
// Rename hints, scratch connection strings and the planner's name helpers.
#include "planner.hpp"

#include <migrate/autogen.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using namespace migrate::autogen;

TEST_CASE("rename hints parse as OLD=NEW and invert") {
  const Rename rename = parse_rename("users.username=login");
  CHECK(rename.old_name == "users.username");
  CHECK(rename.new_name == "login");
  const std::vector<Rename> back = inverted({rename, Rename{"orders", "purchases"}});
  CHECK(back[0].old_name == "users.login");
  CHECK(back[0].new_name == "username");
  CHECK(back[1].old_name == "purchases");
  CHECK(back[1].new_name == "orders");
  for (const char* bad : {"users", "=x", "x=", "a=b=c", "t.a=t.b"}) {
    REQUIRE_THROWS_MATCHES(parse_rename(bad),
                           UsageError,
                           Catch::Message(std::string("invalid --rename '") + bad
                                          + "': expected OLD=NEW, e.g. users.username=login or "
                                            "orders=purchases"));
  }
}

TEST_CASE("a scratch database replaces the database of any connection string form") {
  CHECK(conninfo_with_dbname("", "s1") == "dbname=s1");
  CHECK(conninfo_with_dbname("host=h dbname=app", "s1") == "host=h dbname=app dbname=s1");
  CHECK(conninfo_with_dbname("postgresql://u@h/app", "s1") == "postgresql://u@h/app?dbname=s1");
  CHECK(conninfo_with_dbname("postgresql:///app?host=/tmp", "s1")
        == "postgresql:///app?host=/tmp&dbname=s1");
}

TEST_CASE("qualified names split on dots outside quotes") {
  using namespace migrate::autogen::detail;
  CHECK(split_qualified("public.t") == std::vector<std::string>{"public", "t"});
  CHECK(split_qualified("\"a.b\".\"c\"\"d\"") == std::vector<std::string>{"\"a.b\"", "\"c\"\"d\""});
  CHECK(unquote("\"c\"\"d\"") == "c\"d");
  CHECK(unquote("plain") == "plain");
  CHECK(last_part("s.\"T\"") == "\"T\"");
  CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
  CHECK(literal("it's") == "'it''s'");
}

TEST_CASE("dependency order puts referenced names first, ties by name, cycles broken") {
  using migrate::autogen::detail::dependency_order;
  CHECK(dependency_order({"a", "b", "c"}, {{"a", "c"}, {"c", "b"}})
        == std::vector<std::string>{"b", "c", "a"});
  CHECK(dependency_order({"a", "b"}, {{"a", "b"}, {"b", "a"}, {"a", "outside"}})
        == std::vector<std::string>{"a", "b"});
}
