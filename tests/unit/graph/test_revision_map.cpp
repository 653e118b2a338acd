// SPDX-License-Identifier: MIT
// Building the map: derived sets, labels, normalized dependencies, and Alembic's invalid-graph
// errors (docs/alembic-compatibility.md, "Graph model").
#include "graph_dsl.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace graph_dsl;
using migrate::RevisionError;
using migrate::ScriptError;
using migrate::graph::RevisionMap;

TEST_CASE("heads and bases follow load order") {
  const RevisionMap g1 = make_map("a; b<-a; c<-b");
  CHECK(g1.heads() == Ids{"c"});
  CHECK(g1.bases() == Ids{"a"});
  CHECK(g1.order() == Ids{"a", "b", "c"});
  CHECK(make_map("a; b<-a; c<-b; d<-c").heads() == Ids{"d"});

  const RevisionMap g2 = make_map("a; b<-a; c1<-b; c2<-b");
  CHECK(g2.heads() == Ids{"c1", "c2"});
  CHECK(make_map("a; b<-a; c1<-b; c2<-b; d1<-c1").heads() == Ids{"c2", "d1"});
  CHECK(g2.node("b").is_branch_point);
  CHECK(g2.node("b").nextrev == Ids{"c1", "c2"});
  CHECK_FALSE(g2.node("c1").is_branch_point);

  const RevisionMap empty = make_map("");
  CHECK(empty.empty());
  CHECK(empty.heads().empty());
  CHECK_FALSE(empty.current_head().has_value());
}

TEST_CASE("real heads and bases leave out what dependencies connect") {
  // EffHead: y2 depends on x1, so x1 is an (effective) head but not a real one.
  const RevisionMap map = make_map("y1[y]; x1[x]; y2<-y1 +dep x1; x2<-x1");
  CHECK(map.heads() == Ids{"y2", "x2"});
  CHECK(map.real_heads() == Ids{"y2", "x2"});
  const RevisionMap eff = make_map("y1[y]; x1[x]; y2<-y1 +dep x1");
  CHECK(eff.heads() == Ids{"x1", "y2"});
  CHECK(eff.real_heads() == Ids{"y2"});
  CHECK(eff.node("x1").is_head);
  CHECK_FALSE(eff.node("x1").is_real_head);
  CHECK(eff.node("x1").all_nextrev == Ids{"y2"});
  CHECK(eff.node("x1").nextrev.empty());

  const RevisionMap bases = make_map("base1; base2 +dep base1; a2<-base2");
  CHECK(bases.bases() == Ids{"base1", "base2"});
  CHECK(bases.real_bases() == Ids{"base1"});
  CHECK(bases.node("base2").is_base);
  CHECK_FALSE(bases.node("base2").is_real_base);
}

TEST_CASE("a merge point has several down revisions") {
  const RevisionMap map = make_map("a; b1<-a; b2<-a; c<-b1,b2; d<-c");
  CHECK(map.node("c").is_merge_point);
  CHECK(map.node("c").normalized_down == Ids{"b1", "b2"});
  CHECK_FALSE(map.node("d").is_merge_point);
  CHECK(map.ancestors({"c"}) == Ids{"a", "b1", "b2", "c"});
  CHECK(map.descendants({"b1"}) == Ids{"b1", "c", "d"});
}

TEST_CASE("normalized down revisions drop dependencies an ancestor already has") {
  const RevisionMap map =
      make_map("a1; a2<-a1; a3<-a2; b1; b2<-b1 +dep a3; b3<-b2; b4<-b3 +dep a3; b5<-b4 +dep b4");
  CHECK(map.node("b4").dependencies == Ids{"a3"});
  CHECK(map.node("b4").normalized_down == Ids{"b3"});
  CHECK(map.node("b5").normalized_down == Ids{"b4"});
  CHECK(map.node("b2").normalized_down == Ids{"b1", "a3"});
}

TEST_CASE("a dependency may name a branch label") {
  const RevisionMap map =
      make_map("a1[lib1]; b1<-a1; c1<-b1 [c1lib]; a2; b2<-a2; c2<-b2 +dep c1lib");
  CHECK(map.node("c2").dependencies == Ids{"c1"});
  CHECK(map.node("c1").all_nextrev == Ids{"c2"});
}

TEST_CASE("branch labels spread to descendants and down to a branch point") {
  const RevisionMap lb = make_map("a[abranch]; b<-a; somelongername<-b; c<-somelongername; d; "
                                  "e<-d [ebranch]; someothername<-e; f<-someothername");
  CHECK(lb.node("c").branch_labels == Ids{"abranch"});
  CHECK(lb.node("d").branch_labels == Ids{"ebranch"});
  CHECK(lb.node("f").branch_labels == Ids{"ebranch"});

  // alr2: feature on bbbb0001 also names its ancestors up to the branch point (excluded).
  const RevisionMap alr2 = make_map("aaaa0001[core]; aaaa0002<-aaaa0001; aaaa0003<-aaaa0002; "
                                    "bbbb0001<-aaaa0001 [feature]; bbbb0002<-bbbb0001; "
                                    "cccc0001[networking]; cccc0002<-cccc0001 +dep aaaa0002");
  CHECK(alr2.node("bbbb0001").branch_labels == Ids{"feature", "core"});
  CHECK(alr2.node("bbbb0002").branch_labels == Ids{"core", "feature"});
  CHECK(alr2.node("aaaa0001").branch_labels == Ids{"core"});
  CHECK(alr2.node("cccc0002").branch_labels == Ids{"networking"});

  // Without a branch point, a label reaches down to the base.
  const RevisionMap chain = make_map("a; b<-a; c<-b [top]");
  CHECK(chain.node("a").branch_labels == Ids{"top"});
  // A merge point stops the walk down, and is not labelled itself.
  const RevisionMap merged = make_map("a; b; m<-a,b; n<-m [top]");
  CHECK(merged.node("n").branch_labels == Ids{"top"});
  CHECK(merged.node("m").branch_labels.empty());
  CHECK(merged.node("a").branch_labels.empty());
}

TEST_CASE("7.3 self-loops") {
  CHECK_THROWS_MATCHES(
      make_map("a<-a"), RevisionError, Catch::Message("Self-loop is detected in revisions (a)"));
  CHECK_THROWS_WITH(make_map("a<-a; b<-a; c<-b"), "Self-loop is detected in revisions (a)");
  CHECK_THROWS_WITH(make_map("a; b<-a; c<-b,c"), "Self-loop is detected in revisions (c)");
  CHECK_THROWS_WITH(make_map("a; b1<-a; b2<-a; c<-b1,b2,c"),
                    "Self-loop is detected in revisions (c)");
  CHECK_THROWS_WITH(make_map("a; b<-a,b; c1<-b; c2<-b"), "Self-loop is detected in revisions (b)");
}

TEST_CASE("7.3 dependency self-loops") {
  CHECK_THROWS_WITH(make_map("a +dep a"), "Dependency self-loop is detected in revisions (a)");
  CHECK_THROWS_WITH(make_map("a +dep a; b<-a; c<-b"),
                    "Dependency self-loop is detected in revisions (a)");
  CHECK_THROWS_WITH(make_map("a; b<-a; c<-b +dep c"),
                    "Dependency self-loop is detected in revisions (c)");
  CHECK_THROWS_WITH(make_map("a; b<-a +dep b; c<-b"),
                    "Dependency self-loop is detected in revisions (b)");
  CHECK_THROWS_WITH(make_map("a; b1<-a; b2<-a; c<-b1,b2 +dep c"),
                    "Dependency self-loop is detected in revisions (c)");
}

TEST_CASE("7.3 cycles") {
  CHECK_THROWS_WITH(make_map("a<-c; b<-a; c<-b"), "Cycle is detected in revisions (a, b, c)");
  CHECK_THROWS_WITH(make_map("a<-c; b<-a; c<-b; d; e<-d"),
                    "Cycle is detected in revisions (a, b, c)");
  CHECK_THROWS_WITH(make_map("a<-c; b<-a; c<-b; d<-c; e<-d"),
                    "Cycle is detected in revisions (a, b, c, d, e)");
  CHECK_THROWS_WITH(make_map("a; b<-a; c<-b,e; d<-c; e<-d"),
                    "Cycle is detected in revisions (a, b, c, d, e)");
}

TEST_CASE("7.3 dependency cycles") {
  CHECK_THROWS_WITH(make_map("a +dep c; b<-a; c<-b"),
                    "Dependency cycle is detected in revisions (a, b, c)");
  CHECK_THROWS_WITH(make_map("a +dep c; b<-a; c<-b; d; e<-d"),
                    "Dependency cycle is detected in revisions (a, b, c)");
  CHECK_THROWS_WITH(make_map("a +dep c; b<-a; c<-b; d<-c; e<-d"),
                    "Dependency cycle is detected in revisions (a, b, c, d, e)");
  CHECK_THROWS_WITH(make_map("a; b<-a; c<-b +dep e; d<-c; e<-d"),
                    "Dependency cycle is detected in revisions (a, b, c, d, e)");
}

TEST_CASE("a cycle between a base and a head is caught (Alembic misses it)") {
  CHECK_THROWS_WITH(make_map("a; b<-a,c; c<-b; d<-c"), "Cycle is detected in revisions (b, c)");
  CHECK_THROWS_WITH(make_map("a; b<-a; c<-b +dep d; d<-c; e<-d"),
                    "Dependency cycle is detected in revisions (c, d)");
  CHECK_THROWS_WITH(make_map("a; b<-a +dep x; c<-b; x<-a +dep c; y<-x"),
                    "Dependency cycle is detected in revisions (b, c, x)");
  // A label pointing back at the revision itself.
  CHECK_THROWS_WITH(make_map("a; b<-a [lb] +dep lb"),
                    "Dependency cycle is detected in revisions (a, b)");
}

TEST_CASE("7.1 a branch label may be used once") {
  CHECK_THROWS_MATCHES(
      make_map("a; b<-a; c<-b [xy1]; d; e<-d [xy1]; f<-e"),
      RevisionError,
      Catch::Message("Branch name 'xy1' in revision e already used by revision c"));
  CHECK_THROWS_WITH(make_map("a; b<-a [b]"),
                    "Branch name 'b' in revision b already used by revision b");
  CHECK_THROWS_WITH(make_map("a [later]; later"),
                    "Branch name 'later' in revision a already used by revision later");
}

TEST_CASE("a duplicate revision id names both files") {
  CHECK_THROWS_MATCHES(
      make_map("a; b<-a; a"),
      ScriptError,
      Catch::Message("versions/a.sql: revision 'a' is also defined in versions/a.sql"));
  auto revisions = make_revisions("a; b<-a; a");
  revisions[2].path = "versions/2_a.sql";
  CHECK_THROWS_WITH(RevisionMap(revisions),
                    "versions/2_a.sql: revision 'a' is also defined in versions/a.sql");
}

TEST_CASE("a missing down_revision or dependency names the file") {
  CHECK_THROWS_MATCHES(
      make_map("a; b<-a; c<-x"),
      ScriptError,
      Catch::Message("versions/c.sql: down_revision 'x' of revision 'c' is not present"));
  CHECK_THROWS_WITH(make_map("a; b<-a +dep nope"),
                    "versions/b.sql: depends_on 'nope' of revision 'b' is not present");
  // A down_revision must be an id: a label or a prefix is not one.
  CHECK_THROWS_WITH(make_map("a [lbl]; b<-lbl"),
                    "versions/b.sql: down_revision 'lbl' of revision 'b' is not present");
  CHECK_THROWS_WITH(make_map("abcdef; b<-abcd"),
                    "versions/b.sql: down_revision 'abcd' of revision 'b' is not present");
}

TEST_CASE("node lookups of unknown ids throw instead of crashing") {
  const RevisionMap map = make_map("a; b<-a");
  CHECK(map.contains("a"));
  CHECK_FALSE(map.contains("x"));
  CHECK_THROWS_AS(map.node("x"), migrate::ResolutionError);
  CHECK_THROWS_AS(map.ancestors({"x"}), migrate::ResolutionError);
  const RevisionMap copy = map; // copies share the immutable index
  CHECK(&copy.node("a") == &map.node("a"));
}
