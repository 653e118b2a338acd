// SPDX-License-Identifier: MIT
// Identifier resolution: the cases of Alembic's own tests (APITest, LabeledBranchTest), see
// docs/alembic-compatibility.md, "Identifier resolution".
#include "graph_dsl.hpp"
#include "resolve.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace graph_dsl;
using migrate::MultipleHeads;
using migrate::ResolutionError;
using migrate::graph::IterateOptions;
using migrate::graph::RevisionMap;
using migrate::graph::detail::ids_of;

namespace {

const char* const k_labeled = "a[abranch]; b<-a; somelongername<-b; c<-somelongername; d; "
                              "e<-d [ebranch]; someothername<-e; f<-someothername";

std::optional<std::string> one(const RevisionMap& map, std::string_view identifier) {
  return map.resolve_one(identifier);
}

Ids iter(const RevisionMap& map, const Ids& upper, const Ids& lower) {
  return map.iterate_revisions(upper, lower);
}

} // namespace

TEST_CASE("7.1 head, heads and base") {
  const RevisionMap g1 = make_map("a; b<-a; c<-b");
  CHECK(one(g1, "head") == "c");
  CHECK(one(g1, "heads") == "c");
  CHECK_FALSE(one(g1, "base").has_value());
  CHECK(g1.resolve("base").empty());
  CHECK(g1.resolve("").empty());
  CHECK(g1.current_head() == "c");

  const RevisionMap g2 = make_map("a; b<-a; c1<-b; c2<-b");
  CHECK(g2.resolve("heads") == Ids{"c1", "c2"});
  CHECK_THROWS_MATCHES(
      one(g2, "head"),
      MultipleHeads,
      Catch::Message("Multiple heads are present for given argument 'head'; c1, c2"));
  CHECK_THROWS_MATCHES(
      one(g2, "heads"),
      MultipleHeads,
      Catch::Message("Multiple heads are present for given argument 'heads'; c1, c2"));
  CHECK_THROWS_AS(g2.resolve("head"), MultipleHeads);
  CHECK_THROWS_AS(g2.current_head(), MultipleHeads);

  const RevisionMap empty = make_map("");
  CHECK(empty.resolve("head").empty());
  CHECK(empty.resolve("heads").empty());
}

TEST_CASE("7.1 duplicate targets are tolerated") {
  const RevisionMap g1 = make_map("a; b<-a; c<-b");
  IterateOptions exclusive;
  exclusive.inclusive = false;
  CHECK(g1.iterate_revisions({"c", "c"}, {"a"}, exclusive) == Ids{"c", "b"});
}

TEST_CASE("7.1 label@head, label@base, label@rev") {
  const RevisionMap lb = make_map(k_labeled);
  CHECK(one(lb, "ebranch@head") == "f");
  CHECK(one(lb, "abranch@head") == "c");
  CHECK(lb.resolve("abranch@heads") == Ids{"c"});
  CHECK_FALSE(one(lb, "abranch@base").has_value());
  CHECK(one(lb, "ebranch@d") == "d");
  CHECK(one(lb, "ebranch@ebranch") == "e");
  CHECK(one(lb, "abranch") == "a");
  CHECK(one(lb, "e") == "e"); // an exact short id needs no four characters
  CHECK(lb.current_head("ebranch") == "f");
}

TEST_CASE("7.1 prefixes and revisions on the label side") {
  const RevisionMap lb = make_map(k_labeled);
  CHECK(one(lb, "ebranch@some") == "someothername");
  CHECK(one(lb, "abranch@some") == "somelongername");
  CHECK(one(lb, "e@d") == "d");
  CHECK(one(lb, "someoth@d") == "d");
  CHECK(one(lb, "somel") == "somelongername");
  CHECK(one(lb, "ebra") == "e"); // labels are map keys too, so prefixes reach them
}

TEST_CASE("7.1 resolution errors") {
  const RevisionMap lb = make_map(k_labeled);
  CHECK_THROWS_MATCHES(one(lb, "ebranch@b"),
                       ResolutionError,
                       Catch::Message("Revision b is not a member of branch 'ebranch'"));
  CHECK_THROWS_WITH(one(lb, "abranch@d"), "Revision d is not a member of branch 'abranch'");
  CHECK_THROWS_WITH(one(lb, "ebranch@sos"),
                    "No such revision or branch 'sos'; please ensure at least four characters "
                    "are present for partial revision identifier matches");
  CHECK_THROWS_WITH(one(lb, "abranch@qprstuv"), "No such revision or branch 'qprstuv'");
  CHECK_THROWS_WITH(one(lb, "x@d"), "No such branch: 'x'");
  CHECK_THROWS_WITH(one(lb, "some"),
                    "Multiple revisions start with 'some': 'somelongername', 'someothername'...");
  CHECK_THROWS_WITH(lb.resolve("zzz"),
                    "No such revision or branch 'zzz'; please ensure at least four characters "
                    "are present for partial revision identifier matches");
  CHECK_THROWS_WITH(one(lb, "abranch@"),
                    "No such revision or branch ''; please ensure at least four characters "
                    "are present for partial revision identifier matches");
  try {
    one(lb, "ebranch@b");
    FAIL("no error");
  } catch (const ResolutionError& error) {
    CHECK(error.argument() == "b");
  }
  try {
    one(lb, "x@d");
    FAIL("no error");
  } catch (const ResolutionError& error) {
    CHECK(error.argument() == "x");
  }
}

TEST_CASE("prefix matching lists the first three candidates in map order") {
  const RevisionMap map = make_map("abcd1; abcd2; abcd3; abcd4 [abcdlabel]");
  CHECK_THROWS_WITH(one(map, "abc"),
                    "Multiple revisions start with 'abc': 'abcd1', 'abcd2', 'abcd3'...");
  CHECK(one(map, "abcdl") == "abcd4");
  // Keys of three characters or fewer only match exactly.
  const RevisionMap shorty = make_map("abc; abcdef<-abc");
  CHECK(one(shorty, "ab") == "abcdef");
  CHECK(one(shorty, "abc") == "abc");
}

TEST_CASE("7.1 the bases of a lineage") {
  const RevisionMap lb = make_map(k_labeled);
  const migrate::graph::detail::Resolver resolver(lb.index());
  const auto& bases = lb.index().bases;
  CHECK(ids_of(lb.index(), resolver.filter_for_lineage(bases, "base")) == Ids{"a", "d"});
  CHECK(ids_of(lb.index(), resolver.filter_for_lineage(bases, "somelongername@base")) == Ids{"a"});
}

TEST_CASE("7.1 iterating labelled branches") {
  const RevisionMap lb = make_map(k_labeled);
  CHECK(iter(lb, {"heads"}, {"ebranch@base"}) == Ids{"f", "someothername", "e", "d"});
  CHECK(iter(lb, {"heads"}, {"abranch@base"}) == Ids{"c", "somelongername", "b", "a"});
  CHECK(iter(lb, {"ebranch@head"}, {"base"}) == Ids{"f", "someothername", "e", "d"});
  CHECK(iter(lb, {"heads"}, {"ebranch@head"}) == Ids{"f"});
  CHECK(iter(lb, {"heads"}, {"ebranch@d"}) == Ids{"f", "someothername", "e", "d"});
  CHECK(iter(lb, {"heads"}, {"e@base"}) == Ids{"f", "someothername", "e", "d"});
  CHECK(iter(lb, {"heads"}, {"c@base"}) == Ids{"c", "somelongername", "b", "a"});
  CHECK(iter(lb, {"heads"}, {"ebranch@-2"}) == Ids{"f", "someothername", "e"});
  CHECK(iter(lb, {"ebranch@+2"}, {"base"}) == Ids{"e", "d"});
}

TEST_CASE("7.1 filter_for_lineage follows a merge") {
  const RevisionMap xm = make_map("a; b<-a; c1<-b [c1branch]; c2<-b; d<-c1,c2");
  const migrate::graph::detail::Resolver resolver(xm.index());
  const auto& index = xm.index();
  const std::vector<int> targets{index.find_id("c1"), index.find_id("c2"), index.find_id("d")};
  CHECK(ids_of(index, resolver.filter_for_lineage(targets, "c1branch@head"))
        == Ids{"c1", "c2", "d"});
}

TEST_CASE("-N resolves by walking down from the heads") {
  const RevisionMap lb = make_map(k_labeled);
  CHECK(lb.resolve("-1") == Ids{"somelongername", "someothername"});
  CHECK(lb.resolve("ebranch@-2") == Ids{"e"});
  CHECK(lb.resolve("-10").empty()); // ran off the graph
  CHECK_THROWS_WITH(lb.resolve("+1"),
                    "No such revision or branch '+1'; please ensure at least four characters "
                    "are present for partial revision identifier matches");
}
