// SPDX-License-Identifier: MIT
// Upgrade, downgrade and stamp plans on a straight line: Alembic's case LIN
// (tests/test_version_traversal.py), with version rows.
#include "graph_dsl.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace graph_dsl;
using migrate::CommandError;
using migrate::graph::Plan;
using migrate::graph::plan_downgrade;
using migrate::graph::plan_stamp;
using migrate::graph::plan_upgrade;
using migrate::graph::RevisionMap;

namespace {

const char* const k_line = "a; b<-a; c<-b; d<-c; e<-d";

} // namespace

TEST_CASE("LIN upgrade paths") {
  const RevisionMap map = make_map(k_line);
  Plan plan = plan_upgrade(map, {"c"}, "e");
  CHECK(steps_text(plan) == Ids{"+d[UPD c->d]", "+e[UPD d->e]"});
  CHECK(plan.final_heads == Ids{"e"});
  CHECK(plan.steps[0].heads_after == Ids{"d"});

  plan = plan_upgrade(map, {}, "c");
  CHECK(steps_text(plan) == Ids{"+a[INS a]", "+b[UPD a->b]", "+c[UPD b->c]"});
  CHECK(plan.final_heads == Ids{"c"});
}

TEST_CASE("LIN relative upgrades") {
  const RevisionMap map = make_map(k_line);
  CHECK(revisions_run(plan_upgrade(map, {"a"}, "+2")) == Ids{"b", "c"});
  CHECK(revisions_run(plan_upgrade(map, {"a"}, "+1")) == Ids{"b"});
  CHECK(revisions_run(plan_upgrade(map, {"b"}, "+3")) == Ids{"c", "d", "e"});
  Plan plan = plan_upgrade(map, {"a"}, "b+2");
  CHECK(revisions_run(plan) == Ids{"b", "c", "d"});
  CHECK(plan.final_heads == Ids{"d"});
  plan = plan_upgrade(map, {"a"}, "d-2");
  CHECK(revisions_run(plan) == Ids{"b"});
  CHECK(plan.final_heads == Ids{"b"});
}

TEST_CASE("LIN invalid relative upgrades") {
  const RevisionMap map = make_map(k_line);
  CHECK_THROWS_MATCHES(plan_upgrade(map, {"b"}, "-2"),
                       CommandError,
                       Catch::Message("Relative revision -2 didn't produce 2 migrations"));
  CHECK_THROWS_WITH(plan_upgrade(map, {"b"}, "+5"),
                    "Relative revision +5 didn't produce 5 migrations");
  CHECK_THROWS_WITH(plan_upgrade(map, {"b"}, "+0"),
                    "Relative revision 0 didn't produce 0 migrations");
  CHECK_THROWS_WITH(plan_upgrade(map, {"b"}, "c+9"), "Walked too far");
}

TEST_CASE("LIN downgrade paths") {
  const RevisionMap map = make_map(k_line);
  Plan plan = plan_downgrade(map, {"e"}, "c");
  CHECK(steps_text(plan) == Ids{"-e[UPD e->d]", "-d[UPD d->c]"});
  CHECK(plan.final_heads == Ids{"c"});

  plan = plan_downgrade(map, {"c"}, "base");
  CHECK(steps_text(plan) == Ids{"-c[UPD c->b]", "-b[UPD b->a]", "-a[DEL a]"});
  CHECK(plan.final_heads.empty());
}

TEST_CASE("LIN relative downgrades") {
  const RevisionMap map = make_map(k_line);
  Plan plan = plan_downgrade(map, {"c"}, "-1");
  CHECK(revisions_run(plan) == Ids{"c"});
  CHECK(plan.final_heads == Ids{"b"});
  plan = plan_downgrade(map, {"e"}, "-3");
  CHECK(revisions_run(plan) == Ids{"e", "d", "c"});
  CHECK(plan.final_heads == Ids{"b"});
  plan = plan_downgrade(map, {"d"}, "a+2");
  CHECK(revisions_run(plan) == Ids{"d"});
  CHECK(plan.final_heads == Ids{"c"});
  plan = plan_downgrade(map, {"d"}, "c-2");
  CHECK(revisions_run(plan) == Ids{"d", "c", "b"});
  CHECK(plan.final_heads == Ids{"a"});
  plan = plan_downgrade(map, {"a"}, "-1");
  CHECK(steps_text(plan) == Ids{"-a[DEL a]"});
}

TEST_CASE("LIN invalid relative downgrades") {
  const RevisionMap map = make_map(k_line);
  CHECK_THROWS_WITH(plan_downgrade(map, {"b"}, "-5"),
                    "Relative revision -5 didn't produce 5 migrations");
  CHECK_THROWS_WITH(plan_downgrade(map, {"b"}, "+2"),
                    "Relative revision +2 didn't produce 2 migrations");
  CHECK_THROWS_WITH(plan_downgrade(map, {"b"}, "a+9"), "Walked too far");
  CHECK_THROWS_WITH(plan_downgrade(map, {"b"}, "a-3"), "Walked too far");
}

TEST_CASE("LIN a downgrade target above the current revision") {
  const RevisionMap map = make_map("e6239818bb3a; 548bbb905360<-e6239818bb3a; "
                                   "b7ea43dc85e4<-548bbb905360; 1bbe33445780<-b7ea43dc85e4; "
                                   "3975fb1a0125<-1bbe33445780");
  CHECK_THROWS_MATCHES(
      plan_downgrade(map, {}, "548"),
      CommandError,
      Catch::Message("Destination 548 is not a valid downgrade target from current head(s)"));
  CHECK_THROWS_WITH(plan_downgrade(map, {"548bbb905360"}, "b7ea"),
                    "Destination b7ea is not a valid downgrade target from current head(s)");
}

TEST_CASE("LIN downgrading to where the database is does nothing (#838, #839)") {
  const RevisionMap map = make_map(k_line);
  Plan plan = plan_downgrade(map, {"a"}, "a");
  CHECK(plan.steps.empty());
  CHECK(plan.final_heads == Ids{"a"});
  CHECK(plan_downgrade(map, {"e"}, "e").steps.empty());
  plan = plan_downgrade(map, {}, "base");
  CHECK(plan.steps.empty());
  CHECK(plan.final_heads.empty());
}

TEST_CASE("LIN stamp to base deletes the row") {
  const RevisionMap map = make_map(k_line);
  const Plan plan = plan_stamp(map, {"d"}, {"base"});
  CHECK(steps_text(plan) == Ids{"stamp[DEL d]"});
  CHECK(plan.steps[0].short_log() == "stamp_revision d -> ");
  CHECK(plan.final_heads.empty());
  CHECK(plan_stamp(map, {"d"}, {}).final_heads.empty());
}

TEST_CASE("unknown revisions become Alembic's CLI text") {
  const RevisionMap map = make_map(k_line);
  CHECK_THROWS_WITH(plan_upgrade(map, {}, "zzzz"), "Can't locate revision identified by 'zzzz'");
  CHECK_THROWS_WITH(plan_upgrade(map, {}, "current"),
                    "Can't locate revision identified by 'current'");
  CHECK_THROWS_WITH(plan_upgrade(map, {"gone"}, "e"), "Can't locate revision identified by 'gone'");
  CHECK_THROWS_WITH(plan_downgrade(map, {"e"}, "nope"),
                    "Can't locate revision identified by 'nope'");
  CHECK_THROWS_WITH(plan_stamp(map, {}, {"nope"}), "Can't locate revision identified by 'nope'");
}

TEST_CASE("step log lines are Alembic's") {
  const RevisionMap map = make_map("a; b1<-a; b2<-a; x; m<-b1,b2 +dep x; n<-m");
  auto log_of = [](const Plan& plan, const std::string& revision) {
    for (const auto& step : plan.steps) {
      if (step.revision == revision) {
        return step.short_log();
      }
    }
    return std::string("(not run)");
  };
  const Plan up = plan_upgrade(map, {}, "n");
  CHECK(log_of(up, "a") == "upgrade  -> a");
  CHECK(log_of(up, "m") == "upgrade b1, b2 -> m"); // dependencies are not shown
  const Plan down = plan_downgrade(map, {"n"}, "base");
  CHECK(log_of(down, "m") == "downgrade m -> b1, b2");
  CHECK(log_of(down, "a") == "downgrade a -> ");
}

TEST_CASE("a merge does not touch a parent only implied through a dependency") {
  // m depends on its own ancestor a, so a is a down revision without a row of its own when m
  // runs: Alembic's merge would DELETE or UPDATE that missing row (a KeyError there).
  const RevisionMap map = make_map("a; b1<-a; b2<-a; m<-b1,b2 +dep a; n<-m");
  const Plan plan = plan_upgrade(map, {}, "n");
  CHECK(steps_text(plan)
        == Ids{
            "+a[INS a]", "+b2[UPD a->b2]", "+b1[INS b1]", "+m[DEL b1; UPD b2->m]", "+n[UPD m->n]"});
  const Plan down = plan_downgrade(map, {"n"}, "a");
  CHECK(steps_text(down)
        == Ids{"-n[UPD n->m]", "-m[INS b1; UPD m->b2]", "-b1[DEL b1]", "-b2[UPD b2->a]"});
  CHECK(down.final_heads == Ids{"a"});
}

TEST_CASE("rows that are not revision ids are refused before anything runs") {
  // Alembic resolves the rows like any identifier (here a prefix), then fails on the row
  // itself (a KeyError offline, a zero-row UPDATE online).
  const RevisionMap map = make_map("aaaa1; bbbb2<-aaaa1; cccc3<-bbbb2");
  CHECK_THROWS_MATCHES(
      plan_downgrade(map, {"cccc"}, "aaaa1"),
      CommandError,
      Catch::Message("Version row 'cccc3' is not present; can't update it to 'bbbb2'"));
  // Rows where one is below another make no sense either (Alembic's overlap check).
  CHECK_THROWS_WITH(plan_upgrade(map, {"aaaa1", "bbbb2"}, "cccc3"),
                    "Requested revision bbbb2 overlaps with other requested revisions aaaa1");
}
