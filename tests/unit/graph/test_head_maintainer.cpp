// SPDX-License-Identifier: MIT
// The version-row simulation alone: row order, and the steps it refuses instead of crashing.
#include "graph_dsl.hpp"
#include "head_maintainer.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace graph_dsl;
using migrate::CommandError;
using migrate::graph::RevisionMap;
using migrate::graph::detail::HeadMaintainer;
using migrate::graph::detail::Resolver;
using migrate::graph::detail::StampMove;

namespace {

Ids ops_of(const std::vector<migrate::graph::VersionOp>& ops) {
  Ids out;
  for (const auto& op : ops) {
    out.push_back(op_text(op));
  }
  return out;
}

} // namespace

TEST_CASE("rows keep table order: INSERT appends, UPDATE stays in place, DELETE removes") {
  const RevisionMap map = make_map("a; b<-a; x; y<-x; z");
  const Resolver resolver(map.index());
  HeadMaintainer rows(resolver, {"x", "a", "x"}); // duplicate rows collapse
  CHECK(rows.rows() == Ids{"x", "a"});
  CHECK(ops_of(rows.revision_step(map.index().find_id("b"), true)) == Ids{"UPD a->b"});
  CHECK(ops_of(rows.revision_step(map.index().find_id("z"), true)) == Ids{"INS z"});
  CHECK(rows.rows() == Ids{"x", "b", "z"});
  CHECK(ops_of(rows.revision_step(map.index().find_id("x"), false)) == Ids{"DEL x"});
  CHECK(rows.rows() == Ids{"b", "z"});
}

TEST_CASE("steps that do not fit the rows are refused") {
  const RevisionMap map = make_map("a; b<-a; b1<-a; m<-b,b1");
  const Resolver resolver(map.index());
  const auto& index = map.index();
  {
    HeadMaintainer rows(resolver, {"a"});
    CHECK_THROWS_MATCHES(rows.revision_step(index.find_id("a"), true),
                         CommandError,
                         Catch::Message("Version row 'a' is already present; can't insert it"));
  }
  {
    HeadMaintainer rows(resolver, {"a", "b"});
    CHECK_THROWS_WITH(rows.revision_step(index.find_id("b"), true),
                      "Version row 'b' is already present; can't update 'a' to it");
  }
  {
    HeadMaintainer rows(resolver, {"b", "b1"});
    CHECK_THROWS_WITH(rows.revision_step(index.find_id("m"), false),
                      "Can't do an UPDATE because downrevision is ambiguous");
  }
  {
    HeadMaintainer rows(resolver, {});
    CHECK_THROWS_WITH(rows.stamp_step(StampMove{{"x"}, {}, false, true}),
                      "Version row 'x' is not present; can't delete it");
    CHECK_THROWS_WITH(rows.stamp_step(StampMove{{}, {"a"}, false, false}),
                      "Can't stamp from '' to 'a'");
  }
}

TEST_CASE("stamp steps follow StampStep's rules") {
  const RevisionMap map = make_map("a; b<-a; c<-b; x");
  const Resolver resolver(map.index());
  HeadMaintainer rows(resolver, {"c", "x"});
  // Down to a, replacing both rows.
  CHECK(ops_of(rows.stamp_step(StampMove{{"c", "x"}, {"a"}, false, false}))
        == Ids{"DEL c", "UPD x->a"});
  // A new branch row.
  CHECK(ops_of(rows.stamp_step(StampMove{{}, {"x"}, true, true})) == Ids{"INS x"});
  // Up from a: a plain update.
  CHECK(ops_of(rows.stamp_step(StampMove{{"a"}, {"c"}, true, false})) == Ids{"UPD a->c"});
  CHECK(rows.rows() == Ids{"c", "x"});
}
