// SPDX-License-Identifier: MIT
// Command-level graph cases checked against Alembic 1.8 on the example
// projects alr and alr2 (docs/alembic-compatibility.md, "Offline scripts", "Output formats",
// "Messages").
#include "graph_dsl.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace graph_dsl;
using migrate::CommandError;
using migrate::graph::all_current;
using migrate::graph::Plan;
using migrate::graph::plan_downgrade;
using migrate::graph::plan_stamp;
using migrate::graph::plan_upgrade;
using migrate::graph::RevisionMap;
using migrate::graph::walk_revisions;

namespace {

const char* const k_alr = "1975ea83b712; 27c6a30d7c24<-1975ea83b712; 3f1e2d4c5b6a<-53fffde5ad5; "
                          "53fffde5ad5<-ae1027a6acf,27c6a30d7c24; ae1027a6acf<-1975ea83b712";
const char* const k_alr2 = "aaaa0001[core]; aaaa0002<-aaaa0001; aaaa0003<-aaaa0002; "
                           "bbbb0001<-aaaa0001 [feature]; bbbb0002<-bbbb0001; "
                           "cccc0001[networking]; cccc0002<-cccc0001 +dep aaaa0002";

Ids logs(const Plan& plan) {
  Ids out;
  for (const auto& step : plan.steps) {
    out.push_back(step.short_log());
  }
  return out;
}

} // namespace

TEST_CASE("3.6 upgrade head through a branch and a merge") {
  const RevisionMap alr = make_map(k_alr);
  const Plan plan = plan_upgrade(alr, {}, "head");
  CHECK(logs(plan)
        == Ids{"upgrade  -> 1975ea83b712",
               "upgrade 1975ea83b712 -> 27c6a30d7c24",
               "upgrade 1975ea83b712 -> ae1027a6acf",
               "upgrade ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5",
               "upgrade 53fffde5ad5 -> 3f1e2d4c5b6a"});
  CHECK(steps_text(plan)
        == Ids{"+1975ea83b712[INS 1975ea83b712]",
               "+27c6a30d7c24[UPD 1975ea83b712->27c6a30d7c24]",
               "+ae1027a6acf[INS ae1027a6acf]",
               "+53fffde5ad5[DEL ae1027a6acf; UPD 27c6a30d7c24->53fffde5ad5]",
               "+3f1e2d4c5b6a[UPD 53fffde5ad5->3f1e2d4c5b6a]"});
  CHECK(plan.final_heads == Ids{"3f1e2d4c5b6a"});
}

TEST_CASE("3.6 downgrade to base through the merge (as captured from 1.8.1)") {
  const RevisionMap alr = make_map(k_alr);
  const Plan plan = plan_downgrade(alr, {"3f1e2d4c5b6a"}, "base");
  CHECK(logs(plan)[1] == "downgrade 53fffde5ad5 -> ae1027a6acf, 27c6a30d7c24");
  CHECK(steps_text(plan)
        == Ids{"-3f1e2d4c5b6a[UPD 3f1e2d4c5b6a->53fffde5ad5]",
               "-53fffde5ad5[INS ae1027a6acf; UPD 53fffde5ad5->27c6a30d7c24]",
               "-ae1027a6acf[DEL ae1027a6acf]",
               "-27c6a30d7c24[UPD 27c6a30d7c24->1975ea83b712]",
               "-1975ea83b712[DEL 1975ea83b712]"});
  CHECK(logs(plan).back() == "downgrade 1975ea83b712 -> ");
  CHECK(plan.final_heads.empty());
}

TEST_CASE("3.6 offline ranges start from the given revision") {
  const RevisionMap alr = make_map(k_alr);
  const Plan plan = plan_upgrade(alr, {"ae1027a6acf"}, "3f1e2d4c5b6a");
  CHECK(steps_text(plan)
        == Ids{"+27c6a30d7c24[INS 27c6a30d7c24]",
               "+53fffde5ad5[DEL ae1027a6acf; UPD 27c6a30d7c24->53fffde5ad5]",
               "+3f1e2d4c5b6a[UPD 53fffde5ad5->3f1e2d4c5b6a]"});
  // Backwards: nothing to do, and no error.
  CHECK(plan_upgrade(alr, {"3f1e2d4c5b6a"}, "ae1027a6acf").steps.empty());
}

TEST_CASE("6 history order") {
  CHECK(walk_revisions(make_map(k_alr))
        == Ids{"3f1e2d4c5b6a", "53fffde5ad5", "ae1027a6acf", "27c6a30d7c24", "1975ea83b712"});
  const RevisionMap alr2 = make_map(k_alr2);
  CHECK(walk_revisions(alr2)
        == Ids{"aaaa0003", "cccc0002", "cccc0001", "bbbb0002", "bbbb0001", "aaaa0002", "aaaa0001"});
  CHECK(walk_revisions(alr2, "feature@base", "heads") == Ids{"bbbb0002", "bbbb0001", "aaaa0001"});
  CHECK(walk_revisions(alr2, "base", "networking@head")
        == Ids{"cccc0002", "cccc0001", "aaaa0002", "aaaa0001"});
  CHECK(walk_revisions(alr2, "networking@base", "heads")
        == Ids{"cccc0002", "cccc0001", "aaaa0002", "aaaa0001"});
  CHECK(walk_revisions(alr2, "aaaa0002", "heads") == Ids{"aaaa0003", "aaaa0002"});
  CHECK(walk_revisions(alr2, "", "").empty());
}

TEST_CASE("6 current lists rows implied through dependencies") {
  const RevisionMap alr2 = make_map(k_alr2);
  CHECK(all_current(alr2, {"bbbb0002", "cccc0002"}) == Ids{"bbbb0002", "cccc0002", "aaaa0002"});
  CHECK(all_current(alr2, {"aaaa0003"}) == Ids{"aaaa0003"});
  CHECK(all_current(alr2, {}).empty());
  CHECK_THROWS_WITH(all_current(alr2, {"nope"}), "Can't locate revision identified by 'nope'");
}

TEST_CASE("7.5 several heads where one is needed") {
  const RevisionMap alr2 = make_map(k_alr2);
  const std::string text = "Multiple head revisions are present for given argument 'head'; please "
                           "specify a specific target revision, '<branchname>@head' to narrow to "
                           "a specific head, or 'heads' for all heads";
  CHECK_THROWS_MATCHES(plan_upgrade(alr2, {}, "head"), CommandError, Catch::Message(text));
  CHECK_THROWS_WITH(walk_revisions(alr2, "base", "head"), text);
  CHECK_THROWS_WITH(plan_upgrade(alr2, {}, "core@head"),
                    "Multiple head revisions are present for given argument 'core@head'; please "
                    "specify a specific target revision, '<branchname>@core@head' to narrow to a "
                    "specific head, or 'heads' for all heads");
  CHECK_THROWS_WITH(plan_stamp(alr2, {}, {"head"}),
                    "Multiple heads are present; please specify a single target revision");
}

TEST_CASE("7.5 ambiguous and short relative walks") {
  const RevisionMap alr = make_map(k_alr);
  CHECK_THROWS_MATCHES(plan_downgrade(alr, {"3f1e2d4c5b6a"}, "53ff-1"),
                       CommandError,
                       Catch::Message("Ambiguous walk"));
  CHECK_THROWS_WITH(plan_upgrade(make_map(k_alr2), {}, "base+1"), "Ambiguous walk");
  CHECK_THROWS_WITH(plan_upgrade(alr, {"3f1e2d4c5b6a"}, "+1"),
                    "Relative revision +1 didn't produce 1 migrations");
}

TEST_CASE("7.5 a labelled upgrade pulls in its dependency") {
  const RevisionMap alr2 = make_map(k_alr2);
  const Plan plan = plan_upgrade(alr2, {}, "networking@head");
  CHECK(logs(plan)
        == Ids{"upgrade  -> aaaa0001",
               "upgrade aaaa0001 -> aaaa0002",
               "upgrade  -> cccc0001",
               "upgrade cccc0001 -> cccc0002"});
  CHECK(plan.final_heads == Ids{"cccc0002"});
}

TEST_CASE("7.5 a labelled downgrade keeps the dependency's row") {
  const RevisionMap alr2 = make_map(k_alr2);
  const Plan plan = plan_downgrade(alr2, {"bbbb0002", "cccc0002"}, "networking@base");
  // Only the networking branch goes; aaaa0002, implied by cccc0002 until now, gets a row.
  CHECK(steps_text(plan)
        == Ids{"-cccc0002[INS cccc0001; UPD cccc0002->aaaa0002]", "-cccc0001[DEL cccc0001]"});
  CHECK(plan.final_heads == Ids{"bbbb0002", "aaaa0002"});
}

TEST_CASE("7.5 stamps over dependencies, by label and to several targets") {
  const RevisionMap alr2 = make_map(k_alr2);
  Plan plan = plan_stamp(alr2, {"bbbb0002", "cccc0002", "aaaa0003"}, {"aaaa0001"});
  CHECK(logs(plan) == Ids{"stamp_revision bbbb0002, cccc0002, aaaa0003 -> aaaa0001"});
  CHECK(steps_text(plan) == Ids{"stamp[DEL bbbb0002; DEL cccc0002; UPD aaaa0003->aaaa0001]"});
  CHECK(plan.final_heads == Ids{"aaaa0001"});

  // --purge empties the table first, so the stamp starts from no rows.
  plan = plan_stamp(alr2, {}, {"feature@head"});
  CHECK(steps_text(plan) == Ids{"stamp[INS bbbb0002]"});

  plan = plan_stamp(alr2, {}, {"bbbb0002", "cccc0001"});
  CHECK(steps_text(plan) == Ids{"stamp[INS bbbb0002]", "stamp[INS cccc0001]"});
  CHECK(plan.final_heads == Ids{"bbbb0002", "cccc0001"});

  // Several targets moving several rows: Alembic's steps each name every affected row.
  plan = plan_stamp(alr2, {"bbbb0001", "cccc0001"}, {"bbbb0002", "cccc0002"});
  CHECK(steps_text(plan)
        == Ids{"stamp[DEL bbbb0001; UPD cccc0001->bbbb0002]", "stamp[INS cccc0002]"});
  CHECK(plan.final_heads == Ids{"bbbb0002", "cccc0002"});
}

TEST_CASE("7.5 history range that is not a line") {
  const RevisionMap alr2 = make_map(k_alr2);
  CHECK_THROWS_MATCHES(walk_revisions(alr2, "aaaa0003", "aaaa0001"),
                       CommandError,
                       Catch::Message("Requested range aaaa0003:aaaa0001 does not refer to "
                                      "ancestor/descendant revisions along the same branch"));
}

TEST_CASE("2.3 downgrade targets that are not below the current heads") {
  const RevisionMap alr2 = make_map(k_alr2);
  CHECK_THROWS_WITH(plan_downgrade(alr2, {}, "aaaa0003"),
                    "Destination aaaa0003 is not a valid downgrade target from current head(s)");
  const RevisionMap map = make_map("a; b<-a [bl]; c1<-b; c2<-b");
  CHECK_THROWS_WITH(plan_downgrade(map, {"c1", "c2"}, "bl@b"),
                    "Not a valid downgrade target from current heads");
  // Upgrades always collect with implicit_base, so another branch is simply added.
  CHECK(steps_text(plan_upgrade(alr2, {"aaaa0003"}, "bbbb0002"))
        == Ids{"+bbbb0001[INS bbbb0001]", "+bbbb0002[UPD bbbb0001->bbbb0002]"});
}
