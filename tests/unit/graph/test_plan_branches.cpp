// SPDX-License-Identifier: MIT
// Plans across branches and merges: Alembic's cases BR, MERGED and FOREST
// (tests/test_version_traversal.py), with version rows.
#include "graph_dsl.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace graph_dsl;
using migrate::CommandError;
using migrate::graph::IterateOptions;
using migrate::graph::Plan;
using migrate::graph::plan_downgrade;
using migrate::graph::plan_stamp;
using migrate::graph::plan_upgrade;
using migrate::graph::RevisionMap;

namespace {

const char* const k_branched = "a; b<-a; c1<-b [c1branch]; d1<-c1; c2<-b [c2branch]; d2<-c2";
const char* const k_merged = "a; b<-a; c1<-b; d1<-c1; c2<-b [c2branch]; d2<-c2; e<-d1,d2; f<-e";

} // namespace

TEST_CASE("BR upgrades along one and both branches") {
  const RevisionMap map = make_map(k_branched);
  Plan plan = plan_upgrade(map, {"b"}, "d1");
  CHECK(steps_text(plan) == Ids{"+c1[UPD b->c1]", "+d1[UPD c1->d1]"});
  CHECK(plan.final_heads == Ids{"d1"});

  // (d1, d2) as the destination: the real heads.
  IterateOptions upgrade;
  upgrade.implicit_base = true;
  upgrade.inclusive = false;
  CHECK(map.iterate_revisions({"d1", "d2"}, {"a"}, upgrade) == Ids{"d1", "c1", "d2", "c2", "b"});
  plan = plan_upgrade(map, {"a"}, "heads");
  CHECK(steps_text(plan)
        == Ids{
            "+b[UPD a->b]", "+c2[UPD b->c2]", "+d2[UPD c2->d2]", "+c1[INS c1]", "+d1[UPD c1->d1]"});
  CHECK(plan.final_heads == Ids{"d2", "d1"});

  plan = plan_upgrade(map, {}, "heads");
  CHECK(steps_text(plan)
        == Ids{"+a[INS a]",
               "+b[UPD a->b]",
               "+c2[UPD b->c2]",
               "+d2[UPD c2->d2]",
               "+c1[INS c1]",
               "+d1[UPD c1->d1]"});
  CHECK(plan.final_heads == Ids{"d2", "d1"});

  CHECK_THROWS_MATCHES(
      plan_upgrade(map, {}, "head"),
      CommandError,
      Catch::Message("Multiple head revisions are present for given argument 'head'; please "
                     "specify a specific target revision, '<branchname>@head' to narrow to a "
                     "specific head, or 'heads' for all heads"));
}

TEST_CASE("BR downgrade of both branches") {
  const RevisionMap map = make_map(k_branched);
  const Plan plan = plan_downgrade(map, {"d1", "d2"}, "a");
  CHECK(steps_text(plan)
        == Ids{
            "-d1[UPD d1->c1]", "-c1[DEL c1]", "-d2[UPD d2->c2]", "-c2[UPD c2->b]", "-b[UPD b->a]"});
  CHECK(plan.final_heads == Ids{"a"});
}

TEST_CASE("BR relative targets with branch labels") {
  const RevisionMap map = make_map(k_branched);
  Plan plan = plan_upgrade(map, {"b"}, "c2branch@head-1");
  CHECK(revisions_run(plan) == Ids{"c2"});
  CHECK(plan.final_heads == Ids{"c2"});

  plan = plan_downgrade(map, {"d2", "d1"}, "base+2");
  CHECK(steps_text(plan)
        == Ids{"-d1[UPD d1->c1]", "-c1[DEL c1]", "-d2[UPD d2->c2]", "-c2[UPD c2->b]"});
  CHECK(plan.final_heads == Ids{"b"});

  plan = plan_downgrade(map, {"d2", "d1"}, "c2branch@base+2");
  CHECK(steps_text(plan) == Ids{"-d2[UPD d2->c2]", "-c2[DEL c2]"});
  CHECK(plan.final_heads == Ids{"d1"});

  for (const char* target : {"c2", "c2branch@base+3"}) {
    plan = plan_downgrade(map, {"d2", "d1"}, target);
    CHECK(revisions_run(plan) == Ids{"d2"});
    CHECK(plan.final_heads == Ids{"c2", "d1"});
  }
}

TEST_CASE("BR downgrade -1 uses the first row") {
  const RevisionMap map = make_map(k_branched);
  Plan plan = plan_downgrade(map, {"d2", "d1"}, "-1");
  CHECK(steps_text(plan) == Ids{"-d2[UPD d2->c2]"});
  CHECK(plan.final_heads == Ids{"c2", "d1"});
  plan = plan_downgrade(map, {"c2", "d1"}, "-1");
  CHECK(steps_text(plan) == Ids{"-c2[DEL c2]"});
  CHECK(plan.final_heads == Ids{"d1"});
  plan = plan_downgrade(map, {"d1", "d2"}, "-1");
  CHECK(steps_text(plan) == Ids{"-d1[UPD d1->c1]"});
  CHECK(plan.final_heads == Ids{"c1", "d2"});
  plan = plan_downgrade(map, {"c1", "d2"}, "-1");
  CHECK(steps_text(plan) == Ids{"-c1[DEL c1]"});
  CHECK(plan.final_heads == Ids{"d2"});
}

TEST_CASE("BR labelled and revision-relative downgrades (#765)") {
  const RevisionMap map = make_map(k_branched);
  for (const char* target : {"c1branch@-1", "c1branch@head-1"}) {
    const Plan plan = plan_downgrade(map, {"d1", "d2"}, target);
    CHECK(steps_text(plan) == Ids{"-d1[UPD d1->c1]"});
    CHECK(plan.final_heads == Ids{"c1", "d2"});
  }
  Plan plan = plan_downgrade(map, {"d2", "c1"}, "d2-1");
  CHECK(steps_text(plan) == Ids{"-d2[UPD d2->c2]"});
  CHECK(plan.final_heads == Ids{"c2", "c1"}); // an UPDATE keeps the row's place
  plan = plan_downgrade(map, {"c1", "d2"}, "d2-1");
  CHECK(steps_text(plan) == Ids{"-d2[UPD d2->c2]"});
  CHECK(plan.final_heads == Ids{"c1", "c2"});
}

TEST_CASE("BR downgrading one branch to the branch point") {
  const RevisionMap map = make_map(k_branched);
  Plan plan = plan_downgrade(map, {"c1", "d2"}, "c1branch@b");
  CHECK(steps_text(plan) == Ids{"-c1[DEL c1]"});
  CHECK(plan.final_heads == Ids{"d2"});
  plan = plan_downgrade(map, {"c1", "d2"}, "c2branch@b");
  CHECK(steps_text(plan) == Ids{"-d2[UPD d2->c2]", "-c2[DEL c2]"});
  CHECK(plan.final_heads == Ids{"c1"});
  plan = plan_downgrade(map, {"d1", "d2"}, "c2@b");
  CHECK(steps_text(plan) == Ids{"-d2[UPD d2->c2]", "-c2[DEL c2]"});
  CHECK(plan.final_heads == Ids{"d1"});
  plan = plan_downgrade(map, {"d1", "d2"}, "d1@b");
  CHECK(steps_text(plan) == Ids{"-d1[UPD d1->c1]", "-c1[DEL c1]"});
  CHECK(plan.final_heads == Ids{"d2"});
}

TEST_CASE("BR relative upgrades along a branch") {
  const RevisionMap map = make_map(k_branched);
  Plan plan = plan_upgrade(map, {"c1"}, "c2branch@+1");
  CHECK(steps_text(plan) == Ids{"+c2[INS c2]"});
  CHECK(plan.final_heads == Ids{"c1", "c2"});
  plan = plan_upgrade(map, {"c1", "c2"}, "c2branch@+1");
  CHECK(steps_text(plan) == Ids{"+d2[UPD c2->d2]"});
  CHECK(plan.final_heads == Ids{"c1", "d2"});
  CHECK_THROWS_WITH(plan_upgrade(map, {"c1", "c2"}, "+1"),
                    "Ambiguous upgrade from multiple current revisions");
  for (const char* target : {"base+1", "+1"}) {
    plan = plan_upgrade(map, {}, target);
    CHECK(steps_text(plan) == Ids{"+a[INS a]"});
    CHECK(plan.final_heads == Ids{"a"});
  }
}

TEST_CASE("BR downgrades that do nothing or cannot start") {
  const RevisionMap map = make_map(k_branched);
  Plan plan = plan_downgrade(map, {"a"}, "-1");
  CHECK(steps_text(plan) == Ids{"-a[DEL a]"});
  CHECK(plan.final_heads.empty());
  CHECK_THROWS_WITH(plan_downgrade(map, {}, "-1"),
                    "Relative revision -1 didn't produce 1 migrations");
  for (const char* target : {"c2", "d1"}) {
    plan = plan_downgrade(map, {"d1", "c2"}, target);
    CHECK(plan.steps.empty());
    CHECK(plan.final_heads == Ids{"d1", "c2"});
  }
}

TEST_CASE("BR stamps across branches") {
  const RevisionMap map = make_map(k_branched);
  Plan plan = plan_stamp(map, {"d1", "c2"}, {"b"});
  CHECK(steps_text(plan) == Ids{"stamp[DEL d1; UPD c2->b]"});
  CHECK(plan.steps[0].short_log() == "stamp_revision d1, c2 -> b");
  CHECK(plan.final_heads == Ids{"b"});
  plan = plan_stamp(map, {"d1", "c2"}, {"c1branch@base"});
  CHECK(steps_text(plan) == Ids{"stamp[DEL d1]"});
  CHECK(plan.final_heads == Ids{"c2"});
  plan = plan_stamp(map, {"d1", "c2"}, {"c2branch@head"});
  CHECK(steps_text(plan) == Ids{"stamp[UPD c2->d2]"});
  CHECK(plan.final_heads == Ids{"d1", "d2"});
  CHECK_THROWS_WITH(plan_stamp(map, {}, {"head"}),
                    "Multiple heads are present; please specify a single target revision");
}

TEST_CASE("MERGED upgrade through a merge point") {
  const RevisionMap map = make_map(k_merged);
  const Plan plan = plan_upgrade(map, {"b"}, "f");
  CHECK(steps_text(plan)
        == Ids{"+c2[UPD b->c2]",
               "+d2[UPD c2->d2]",
               "+c1[INS c1]",
               "+d1[UPD c1->d1]",
               "+e[DEL d1; UPD d2->e]",
               "+f[UPD e->f]"});
  CHECK(plan.final_heads == Ids{"f"});
  CHECK(plan.steps[4].short_log() == "upgrade d1, d2 -> e");
}

TEST_CASE("MERGED downgrade through a merge point") {
  const RevisionMap map = make_map(k_merged);
  const Plan plan = plan_downgrade(map, {"f"}, "b");
  // Unmerge: Alembic picks from a set which parent is INSERTed; we insert all but the last
  // down_revision and UPDATE to the last.
  CHECK(steps_text(plan)
        == Ids{"-f[UPD f->e]",
               "-e[INS d1; UPD e->d2]",
               "-d1[UPD d1->c1]",
               "-c1[DEL c1]",
               "-d2[UPD d2->c2]",
               "-c2[UPD c2->b]"});
  CHECK(plan.steps[1].heads_after == Ids{"d2", "d1"});
  CHECK(plan.final_heads == Ids{"b"});
}

TEST_CASE("MERGED stamps") {
  const RevisionMap map = make_map(k_merged);
  CHECK(steps_text(plan_stamp(map, {"e"}, {"c2"})) == Ids{"stamp[UPD e->c2]"});
  CHECK(steps_text(plan_stamp(map, {"e"}, {"a"})) == Ids{"stamp[UPD e->a]"});
  CHECK(steps_text(plan_stamp(map, {"c2"}, {"e"})) == Ids{"stamp[UPD c2->e]"});
  CHECK(steps_text(plan_stamp(map, {"b"}, {"e"})) == Ids{"stamp[UPD b->e]"});
  Plan plan = plan_stamp(map, {"d1", "c2"}, {"c2branch@head"});
  CHECK(steps_text(plan) == Ids{"stamp[DEL d1; UPD c2->f]"});
  CHECK(plan.final_heads == Ids{"f"});
  plan = plan_stamp(map, {"d1", "c2"}, {"e"});
  CHECK(steps_text(plan) == Ids{"stamp[DEL d1; UPD c2->e]"});
  CHECK(plan.final_heads == Ids{"e"});
}

TEST_CASE("FOREST upgrade and stamp of independent trees") {
  const RevisionMap map = make_map("a1; b1<-a1; a2; b2<-a2");
  Plan plan = plan_upgrade(map, {}, "heads");
  CHECK(revisions_run(plan) == Ids{"a2", "b2", "a1", "b1"});
  CHECK(plan.final_heads == Ids{"b2", "b1"});
  plan = plan_stamp(map, {}, {"heads"});
  CHECK(steps_text(plan) == Ids{"stamp[INS b1]", "stamp[INS b2]"});
  CHECK(plan.steps[0].short_log() == "stamp_revision  -> b1");
  CHECK(plan.final_heads == Ids{"b1", "b2"});
  plan = plan_stamp(map, {"b1", "b2"}, {"heads"});
  CHECK(plan.steps.empty());
  CHECK(plan.final_heads == Ids{"b1", "b2"});
}
