// SPDX-License-Identifier: MIT
// Traversal order of iterate_revisions: every traversal case of Alembic's own tests
// (docs/alembic-compatibility.md, "Traversal order").
#include "graph_dsl.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace graph_dsl;
using migrate::RangeNotAncestorError;
using migrate::RevisionError;
using migrate::graph::IterateOptions;
using migrate::graph::RevisionMap;

namespace {

// Flags, written short: "ex" inclusive=False, "ib" implicit_base=True,
// "down" select_for_downgrade=True.
IterateOptions flags(std::string_view text) {
  IterateOptions options;
  options.inclusive = text.find("ex") == std::string_view::npos;
  options.implicit_base = text.find("ib") != std::string_view::npos;
  options.select_for_downgrade = text.find("down") != std::string_view::npos;
  return options;
}

Ids iter(const RevisionMap& map, const Ids& upper, const Ids& lower, std::string_view f = "") {
  return map.iterate_revisions(upper, lower, flags(f));
}

} // namespace

TEST_CASE("7.2 diamond, empty and long/short branches") {
  const RevisionMap diamond = make_map("a; b1<-a; b2<-a; c<-b1,b2; d<-c");
  CHECK(iter(diamond, {"d"}, {"a"}) == Ids{"d", "c", "b1", "b2", "a"});
  // Upgrades run it bottom-up: the parent listed last in down_revision first.
  CHECK(revisions_run(migrate::graph::plan_upgrade(diamond, {}, "d"))
        == Ids{"a", "b2", "b1", "c", "d"});
  CHECK(iter(make_map(""), {"head"}, {"base"}).empty());
  const RevisionMap long_short = make_map("a; b1<-a; b2<-a; c1<-b1; d11<-c1; d12<-c1");
  CHECK(iter(long_short, {"heads"}, {"base"}) == Ids{"b2", "d11", "d12", "c1", "b1", "a"});
}

TEST_CASE("7.2 multiple branches") {
  const RevisionMap map = make_map("a; b1<-a; b2<-a; cb1<-b1; cb2<-b2; d1cb1<-cb1; d2cb1<-cb1; "
                                   "d1cb2<-cb2; d2cb2<-cb2; d3cb2<-cb2; d1d2cb2<-d1cb2,d2cb2");
  CHECK(iter(map, {"d1d2cb2"}, {"a"}) == Ids{"d1d2cb2", "d1cb2", "d2cb2", "cb2", "b2", "a"});
  CHECK(iter(map, {"d2cb2", "d3cb2"}, {"a"}) == Ids{"d2cb2", "d3cb2", "cb2", "b2", "a"});
  CHECK(iter(map, {"d3cb2"}, {"base"}) == Ids{"d3cb2", "cb2", "b2", "a"});
  CHECK(iter(map, {"d3cb2", "cb1"}, {"base"}) == Ids{"cb1", "b1", "d3cb2", "cb2", "b2", "a"});
  CHECK(iter(map, {"d1cb1", "d2cb2", "d3cb2"}, {"b2"}) == Ids{"d2cb2", "d3cb2", "cb2", "b2"});
  CHECK_THROWS_MATCHES(iter(map, {"b1"}, {"d1cb1"}),
                       RangeNotAncestorError,
                       Catch::Message("Revision d1cb1 is not an ancestor of revision b1"));
  CHECK_THROWS_WITH(iter(map, {"d2cb2"}, {"b1"}),
                    "Revision b1 is not an ancestor of revision d2cb2");
  CHECK_THROWS_WITH(iter(map, {}, {"d1cb1"}), "Revision d1cb1 is not an ancestor of revision base");
}

TEST_CASE("7.2 effective heads with a dependency") {
  const RevisionMap map = make_map("y1[y]; x1[x]; y2<-y1 +dep x1; x2<-x1");
  CHECK(iter(map, {"x2", "y2"}, {"x@-1"}, "ex down") == Ids{"x2"});
  CHECK(iter(map, {"x1", "y2"}, {"x@-1"}, "ex down") == Ids{"y2", "x1"});
  CHECK(iter(map, {"y2"}, {"x@-1"}, "ex down") == Ids{"y2", "x1"});
}

TEST_CASE("7.2 branch traversal") {
  const RevisionMap map =
      make_map("a1; a2<-a1; a3<-a2; b1<-a3; b2<-a3; cb1<-b1; cb2<-b2; db1<-cb1; db2<-cb2; "
               "e1b1<-db1; fe1b1<-e1b1; e2b1<-db1; e2b2<-db2; merge<-e2b1,e2b2");
  CHECK(iter(map, {"merge"}, {"db1"}, "ib")
        == Ids{"merge", "e2b1", "db1", "e2b2", "db2", "cb2", "b2"});
  CHECK(
      iter(map, {"merge", "fe1b1"}, {"a3"})
      == Ids{
          "fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3"});
  CHECK(iter(map, {"merge"}, {"a1"})
        == Ids{"merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2", "a1"});
  CHECK(iter(map, {"merge"}, {"b1"}) == Ids{"merge", "e2b1", "db1", "cb1", "b1"});
  CHECK(iter(map, {"merge"}, {"a2"})
        == Ids{"merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2"});
  CHECK(iter(map, {"merge", "fe1b1"}, {"a1"})
        == Ids{"fe1b1",
               "e1b1",
               "merge",
               "e2b1",
               "db1",
               "cb1",
               "b1",
               "e2b2",
               "db2",
               "cb2",
               "b2",
               "a3",
               "a2",
               "a1"});
  CHECK(iter(map, {"merge", "fe1b1"}, {"cb1", "cb2"})
        == Ids{"fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "e2b2", "db2", "cb2"});
  CHECK(iter(map, {"merge", "fe1b1"}, {"cb1", "cb2"}, "ex")
        == Ids{"fe1b1", "e1b1", "merge", "e2b1", "db1", "e2b2", "db2"});
  CHECK(iter(map, {"e2b1", "b2", "fe1b1"}, {}, "ex")
        == Ids{"b2", "fe1b1", "e1b1", "e2b1", "db1", "cb1", "b1", "a3", "a2", "a1"});
  CHECK(iter(map, {"fe1b1"}, {"base"}, "ex")
        == Ids{"fe1b1", "e1b1", "db1", "cb1", "b1", "a3", "a2", "a1"});
  CHECK_THROWS_MATCHES(
      iter(map, {"db1", "b2", "fe1b1"}, {}),
      RevisionError,
      Catch::Message("Requested revision fe1b1 overlaps with other requested revisions db1"));
}

TEST_CASE("7.2 multiple bases") {
  const RevisionMap map = make_map("base1; base2; base3; a1a<-base1; a1b<-base1; a2<-base2; "
                                   "a3<-base3; b1a<-a1a; b1b<-a1b; b2<-a2; b3<-a3; c2<-b2; "
                                   "d2<-c2; mergeb3d2<-b3,d2");
  const Ids all{"b1a",
                "a1a",
                "b1b",
                "a1b",
                "base1",
                "mergeb3d2",
                "b3",
                "a3",
                "base3",
                "d2",
                "c2",
                "b2",
                "a2",
                "base2"};
  CHECK(iter(map, {"heads"}, {"base"}) == all);
  CHECK(iter(map, {"heads"}, {"base"}, "ex") == all);
  CHECK(iter(map, {"heads"}, {}) == all);
  CHECK(iter(map, {"heads"}, {"c2"}, "ex") == Ids{"mergeb3d2", "d2"});
  CHECK(iter(map, {"heads"}, {"c2"}, "ex ib")
        == Ids{"b1a", "a1a", "b1b", "a1b", "base1", "mergeb3d2", "b3", "a3", "base3", "d2"});
  CHECK(iter(map, {"heads"}, {"c2"}, "ib")
        == Ids{"b1a", "a1a", "b1b", "a1b", "base1", "mergeb3d2", "b3", "a3", "base3", "d2", "c2"});
  CHECK(iter(map, {"b3"}, {"base3"}) == Ids{"b3", "a3", "base3"});
  CHECK(iter(map, {"b3", "b2"}, {"base3"}, "ex ib") == Ids{"b2", "a2", "base2", "b3", "a3"});
  CHECK_THROWS_WITH(iter(map, {"c2"}, {"a2", "b2"}),
                    "Requested revision b2 overlaps with other requested revisions a2");
}

TEST_CASE("7.2 cross-branch dependencies (XDep1, listed load order)") {
  const RevisionMap map = make_map("base1[b_1]; a1a<-base1; a1b<-base1; b1a<-a1a; "
                                   "b1b<-a1b +dep a3; base2[b_2]; a2<-base2; b2<-a2; "
                                   "c2<-b2 +dep a3; d2<-c2; base3[b_3]; a3<-base3; b3<-a3");
  CHECK(map.heads() == Ids{"b1a", "b1b", "d2", "b3"});
  const Ids all{
      "b1a", "a1a", "b1b", "a1b", "base1", "d2", "c2", "b2", "a2", "base2", "b3", "a3", "base3"};
  CHECK(iter(map, {"heads"}, {"base"}) == all);
  CHECK(iter(map, {"heads"}, {"base"}, "down") == all);
  CHECK(iter(map, {"b_2@head"}, {"base"}) == Ids{"d2", "c2", "b2", "a2", "base2", "a3", "base3"});
  CHECK(iter(map, {"b_2@head"}, {"b_2@base"}, "down") == Ids{"d2", "c2", "b2", "a2", "base2"});
  CHECK(iter(map, {"b_3@head"}, {"base"}) == Ids{"b3", "a3", "base3"});
  CHECK(iter(map, {"b_3@head"}, {"base"}, "down") == Ids{"b3", "a3", "base3"});
  CHECK(iter(map, {"b1b@head"}, {"base"}) == Ids{"b1b", "a1b", "base1", "a3", "base3"});
  CHECK(iter(map, {"b1b@head"}, {"b1b@base"}, "down") == Ids{"b1b", "a1b", "base1"});
  CHECK(iter(map, {"heads"}, {"b_2@base"}) == Ids{"d2", "c2", "b2", "a2", "base2", "a3", "base3"});
  CHECK(iter(map, {"heads"}, {"b_2@base"}, "down") == Ids{"d2", "c2", "b2", "a2", "base2"});
  CHECK(iter(map, {"heads"}, {"b_3@base"}) == Ids{"b3", "a3", "base3"});
  CHECK(iter(map, {"heads"}, {"b_3@base"}, "down") == Ids{"b1b", "d2", "c2", "b3", "a3", "base3"});
  CHECK_THROWS_WITH(iter(map, {"b2"}, {"d2"}), "Revision d2 is not an ancestor of revision b2");
  CHECK_THROWS_WITH(iter(map, {"b3"}, {"d2"}), "Revision d2 is not an ancestor of revision b3");
}

TEST_CASE("7.2 XDep1 in sorted load order (see docs/alembic-compatibility.md)") {
  const RevisionMap map = make_map("base1[b_1]; base2[b_2]; base3[b_3]; a1a<-base1; a1b<-base1; "
                                   "a2<-base2; a3<-base3; b1a<-a1a; b1b<-a1b +dep a3; b2<-a2; "
                                   "b3<-a3; c2<-b2 +dep a3; d2<-c2");
  CHECK(iter(map, {"heads"}, {"base"})
        == Ids{"b1a",
               "a1a",
               "b1b",
               "a1b",
               "base1",
               "b3",
               "d2",
               "c2",
               "b2",
               "a2",
               "base2",
               "a3",
               "base3"});
}

TEST_CASE("7.2 cross-branch dependencies (XDep2)") {
  const RevisionMap map = make_map("base1[b_1]; a1<-base1; b1<-a1; c1<-b1; base2 +dep b_1 [b_2]; "
                                   "a2<-base2; b2<-a2; c2<-b2; d2<-c2; base3[b_3]; a3<-base3; "
                                   "b3<-a3; c3<-b3 +dep b2; d3<-c3");
  CHECK(map.heads() == Ids{"c1", "d2", "d3"});
  CHECK(iter(map, {"heads"}, {"base"})
        == Ids{"c1",
               "b1",
               "a1",
               "d2",
               "c2",
               "d3",
               "c3",
               "b3",
               "a3",
               "base3",
               "b2",
               "a2",
               "base2",
               "base1"});
  CHECK(iter(map, {"b_2@head"}, {"base"}) == Ids{"d2", "c2", "b2", "a2", "base2", "base1"});
  CHECK(iter(map, {"b_3@head"}, {"base"})
        == Ids{"d3", "c3", "b3", "a3", "base3", "b2", "a2", "base2", "base1"});
  CHECK(iter(map, {"b_1@head"}, {"base"}) == Ids{"c1", "b1", "a1", "base1"});
  CHECK(iter(map, {"heads"}, {"b_1@base"}) == Ids{"c1", "b1", "a1", "base1"});
  CHECK(iter(map, {"heads"}, {"b_2@base"}) == Ids{"d2", "c2", "b2", "a2", "base2", "base1"});
  CHECK(iter(map, {"heads"}, {"b_3@base"})
        == Ids{"d3", "c3", "b3", "a3", "base3", "b2", "a2", "base2", "base1"});
}

TEST_CASE("7.2 a dependency on a base-less branch (XDep3)") {
  const RevisionMap map = make_map("base1; a1<-base1; b1<-a1; c2 +dep a1; c3<-c2");
  CHECK(iter(map, {"heads"}, {"base"}) == Ids{"b1", "c3", "c2", "a1", "base1"});
}

TEST_CASE("7.2 normalized down revisions in traversal") {
  const RevisionMap map =
      make_map("a1; a2<-a1; a3<-a2; b1; b2<-b1 +dep a3; b3<-b2; b4<-b3 +dep a3; b5<-b4 +dep b4");
  CHECK(iter(map, {"b4"}, {"b1@base"}, "down") == Ids{"b4", "b3", "b2", "b1"});
  CHECK(iter(map, {"heads"}, {"base"}, "down")
        == Ids{"b5", "b4", "b3", "b2", "b1", "a3", "a2", "a1"});
  CHECK(iter(map, {"heads"}, {"a2"}, "down") == Ids{"b5", "b4", "b3", "b2", "a3", "a2"});
  CHECK(iter(map, {"heads"}, {"a2"}, "down ib") == Ids{"b5", "b4", "b3", "b2", "b1", "a3", "a2"});
  CHECK(iter(map, {"b5"}, {"b1"}, "ib") == Ids{"b5", "b4", "b3", "b2", "b1", "a3", "a2", "a1"});

  const RevisionMap variant = make_map("c1; a1; a2<-a1 +dep c1; a3<-a2 +dep c1; b1; "
                                       "b2<-b1 +dep a3; b3<-b2; b4<-b3 +dep a3; b5<-b4");
  CHECK(iter(variant, {"b5"}, {"b1"}, "ib")
        == Ids{"b5", "b4", "b3", "b2", "b1", "a3", "a2", "a1", "c1"});
}

TEST_CASE("7.2 an id that is a substring of its down revision is no loop (#784)") {
  CHECK(iter(make_map("user_foo; user<-user_foo"), {"heads"}, {}) == Ids{"user", "user_foo"});
  CHECK(iter(make_map("user_foo; user<-user_foo +dep user_foo"), {"heads"}, {})
        == Ids{"user", "user_foo"});
  CHECK(iter(make_map("user_foo; user +dep user_foo"), {"heads"}, {}) == Ids{"user", "user_foo"});
}
