// SPDX-License-Identifier: MIT
// Version rows across merges and dependencies: the cases BFM, B3W, TWIN ... DBL, XBR of
// Alembic's tests/test_version_traversal.py (docs/alembic-compatibility.md, "Version rows").
#include "graph_dsl.hpp"
#include "head_maintainer.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace graph_dsl;
using migrate::graph::Plan;
using migrate::graph::plan_downgrade;
using migrate::graph::plan_stamp;
using migrate::graph::plan_upgrade;
using migrate::graph::RevisionMap;

namespace {

Ids sorted(Ids ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Feeds single steps to a HeadMaintainer, as upstream's HeadMaintainer tests do.
Ids feed(const RevisionMap& map, Ids rows, const std::string& revision, bool is_upgrade) {
  const migrate::graph::detail::Resolver resolver(map.index());
  migrate::graph::detail::HeadMaintainer maintainer(resolver, rows);
  maintainer.revision_step(map.index().find_id(revision), is_upgrade);
  return sorted(maintainer.rows());
}

std::size_t position(const Plan& plan, const std::string& revision) {
  const Ids run = revisions_run(plan);
  return static_cast<std::size_t>(std::find(run.begin(), run.end(), revision) - run.begin());
}

} // namespace

TEST_CASE("BFM a branch from a merge point") {
  const RevisionMap map = make_map("a1; b1<-a1; c1<-b1; a2; b2<-a2; c2<-b2; d1<-c1,c2; d2<-c2");
  Plan plan = plan_upgrade(map, {"d2", "b1"}, "d1");
  CHECK(steps_text(plan) == Ids{"+c1[UPD b1->c1]", "+d1[UPD c1->d1]"});
  CHECK(plan.final_heads == Ids{"d2", "d1"});
  plan = plan_downgrade(map, {"d2", "d1"}, "b1");
  CHECK(steps_text(plan) == Ids{"-d1[UPD d1->c1]", "-c1[UPD c1->b1]"});
  CHECK(plan.final_heads == Ids{"d2", "b1"});
}

TEST_CASE("B3W a branch from a three-way merge point") {
  const RevisionMap map = make_map("a1; b1<-a1; c1<-b1; a2; b2<-a2; c2<-b2; a3; b3<-a3; c3<-b3; "
                                   "d1<-c1,c2,c3; d2<-c2; d3<-c3");
  Plan plan = plan_upgrade(map, {"d3", "d2", "b1"}, "d1");
  CHECK(revisions_run(plan) == Ids{"c1", "d1"});
  CHECK(sorted(plan.final_heads) == Ids{"d1", "d2", "d3"});
  plan = plan_downgrade(map, {"d3", "d2", "d1"}, "b1");
  CHECK(revisions_run(plan) == Ids{"d1", "c1"});
  CHECK(sorted(plan.final_heads) == Ids{"b1", "d2", "d3"});

  plan = plan_upgrade(map, {"d3", "b2", "b1"}, "d1");
  CHECK(steps_text(plan) == Ids{"+c2[UPD b2->c2]", "+c1[UPD b1->c1]", "+d1[DEL c1; UPD c2->d1]"});
  CHECK(sorted(plan.final_heads) == Ids{"d1", "d3"});
  // d2 breaks out of the merge again.
  plan = plan_upgrade(map, {"d3", "d1"}, "d2");
  CHECK(steps_text(plan) == Ids{"+d2[INS d2]"});
  CHECK(sorted(plan.final_heads) == Ids{"d1", "d2", "d3"});
}

TEST_CASE("TWIN two merge points of the same parents (#297)") {
  const RevisionMap map =
      make_map("a; b1<-a; b2<-a; b3<-a; c1<-b1,b2,b3; c2<-b1,b2,b3; d1<-c1; d2<-c2");
  const std::vector<std::pair<std::string, Ids>> steps{{"b3", {"b3"}},
                                                       {"b1", {"b1", "b3"}},
                                                       {"b2", {"b1", "b2", "b3"}},
                                                       {"c2", {"c2"}},
                                                       {"d2", {"d2"}},
                                                       {"c1", {"c1", "d2"}},
                                                       {"d1", {"d1", "d2"}}};
  Ids rows{"a"};
  for (const auto& [revision, expected] : steps) {
    rows = feed(map, rows, revision, true);
    CHECK(rows == expected);
  }
  const Plan plan = plan_upgrade(map, {"a"}, "heads");
  CHECK(steps_text(plan)
        == Ids{"+b3[UPD a->b3]",
               "+b2[INS b2]",
               "+b1[INS b1]",
               "+c2[DEL b1; DEL b2; UPD b3->c2]",
               "+d2[UPD c2->d2]",
               "+c1[INS c1]",
               "+d1[UPD c1->d1]"});
  CHECK(sorted(plan.final_heads) == Ids{"d1", "d2"});
}

TEST_CASE("NQTWIN merge points sharing one parent") {
  const RevisionMap map = make_map("a; b1<-a; b2<-a; b3<-a; c1<-b1,b2; c2<-b2,b3; d1<-c1; d2<-c2");
  const Plan plan = plan_upgrade(map, {"a"}, "heads");
  CHECK(steps_text(plan)
        == Ids{"+b2[UPD a->b2]",
               "+b3[INS b3]",
               "+c2[DEL b2; UPD b3->c2]",
               "+d2[UPD c2->d2]",
               "+b1[INS b1]",
               "+c1[UPD b1->c1]",
               "+d1[UPD c1->d1]"});
  CHECK(sorted(plan.final_heads) == Ids{"d1", "d2"});
}

TEST_CASE("DOB1 downgrading to a dependency, stamping across one") {
  const RevisionMap map = make_map("a1[lib1]; b1<-a1; c1<-b1; a2; b2<-a2; c2<-b2 +dep c1; "
                                   "d1<-c1; e1<-d1; f1<-e1");
  CHECK(feed(map, {"c2", "d1"}, "d1", false) == Ids{"c2"});
  Plan plan = plan_downgrade(map, {"c2", "d1"}, "c1");
  CHECK(steps_text(plan) == Ids{"-d1[DEL d1]"});
  CHECK(plan.final_heads == Ids{"c2"});
  plan = plan_stamp(map, {"e1", "c2"}, {"b1"});
  CHECK(steps_text(plan) == Ids{"stamp[DEL e1; UPD c2->b1]"});
  CHECK(plan.final_heads == Ids{"b1"});
}

TEST_CASE("DOB2 merges and a revision depending on all of them (test_kaboom)") {
  const RevisionMap map = make_map("a1; a2; a3; amerge<-a1,a2,a3; b1; b2; bmerge<-b1,b2; "
                                   "c1; c2; c3; cmerge<-c1,c2,c3; d1 +dep a3,b2,c1");
  Plan plan = plan_downgrade(map, {"amerge", "bmerge", "cmerge", "d1"}, "b2");
  CHECK(steps_text(plan) == Ids{"-bmerge[UPD bmerge->b1]"});
  CHECK(sorted(plan.final_heads) == Ids{"amerge", "b1", "cmerge", "d1"});

  plan = plan_downgrade(map, {"amerge", "d1", "b1", "cmerge"}, "d1@base");
  CHECK(steps_text(plan) == Ids{"-d1[UPD d1->b2]"}); // b2 was implied by d1 and needs a row
  CHECK(sorted(plan.final_heads) == Ids{"amerge", "b1", "b2", "cmerge"});

  plan = plan_downgrade(map, {"amerge", "b1", "b2", "cmerge"}, "base");
  CHECK(revisions_run(plan)
        == Ids{"amerge", "a1", "b1", "b2", "cmerge", "c1", "a2", "a3", "c2", "c3"});
  CHECK(plan.final_heads.empty());
}

TEST_CASE("DOB3 criss-crossing dependencies (#377)") {
  const RevisionMap map = make_map("a1; a2<-a1; b1; b2<-b1 +dep a2; b3<-b2; a3<-a2 +dep b1");
  const Plan plan = plan_downgrade(map, {"a3", "b2"}, "b1");
  CHECK(steps_text(plan) == Ids{"-b2[DEL b2]"});
  CHECK(plan.final_heads == Ids{"a3"});
}

TEST_CASE("OWNDEP a dependency on the own down revision (#843)") {
  const RevisionMap map = make_map("a1; a2<-a1 +dep a1");
  Plan plan = plan_upgrade(map, {}, "a2");
  CHECK(steps_text(plan) == Ids{"+a1[INS a1]", "+a2[UPD a1->a2]"});
  CHECK(plan.final_heads == Ids{"a2"});
  plan = plan_downgrade(map, {"a2"}, "a1");
  CHECK(steps_text(plan) == Ids{"-a2[UPD a2->a1]"});
  CHECK(plan.final_heads == Ids{"a1"});
}

TEST_CASE("DOB4 normalized dependencies keep the row (#789)") {
  const RevisionMap map =
      make_map("a1; a2<-a1; a3<-a2; b1; b2<-b1 +dep a3; b3<-b2; b4<-b3 +dep a3");
  const Plan plan = plan_downgrade(map, {"b4"}, "b3");
  CHECK(steps_text(plan) == Ids{"-b4[UPD b4->b3]"});
  CHECK(plan.final_heads == Ids{"b3"});
}

TEST_CASE("DOB5 a merge of a revision and its dependent (#1373)") {
  const RevisionMap map = make_map("a1; b1 +dep a1; bmerge<-a1,b1");
  CHECK(steps_text(plan_upgrade(map, {"a1"}, "b1")) == Ids{"+b1[UPD a1->b1]"});
  CHECK(steps_text(plan_upgrade(map, {"b1"}, "bmerge")) == Ids{"+bmerge[UPD b1->bmerge]"});
  for (const char* target : {"a1", "b1"}) {
    const Plan plan = plan_downgrade(map, {"bmerge"}, target);
    CHECK(steps_text(plan) == Ids{"-bmerge[UPD bmerge->b1]"});
    CHECK(plan.final_heads == Ids{"b1"});
  }
}

TEST_CASE("DBL a dependency given as a branch label") {
  const RevisionMap map =
      make_map("a1[lib1]; b1<-a1; c1<-b1 [c1lib]; a2; b2<-a2; c2<-b2 +dep c1lib");
  const Plan plan = plan_upgrade(map, {"a2"}, "c2");
  CHECK(steps_text(plan)
        == Ids{"+a1[INS a1]",
               "+b1[UPD a1->b1]",
               "+c1[UPD b1->c1]",
               "+b2[UPD a2->b2]",
               "+c2[DEL b2; UPD c1->c2]"});
  CHECK(plan.final_heads == Ids{"c2"});
}

TEST_CASE("XBR branch downgrades with a cross-branch dependency") {
  const RevisionMap map =
      make_map("a; b<-a; c1<-b [c1branch]; d1<-c1; c2<-b [c2branch]; d2<-c2 +dep c1");
  Plan plan = plan_downgrade(map, {"d1", "d2"}, "c2branch@b");
  CHECK(revisions_run(plan) == Ids{"d2", "c2"});
  CHECK(plan.final_heads == Ids{"d1"});
  plan = plan_downgrade(map, {"d1", "d2"}, "c1branch@b");
  CHECK(sorted(revisions_run(plan)) == Ids{"c1", "d1", "d2"});
  CHECK(position(plan, "d1") < position(plan, "c1"));
  CHECK(position(plan, "d2") < position(plan, "c1"));
  CHECK(plan.final_heads == Ids{"c2"});
}
