// SPDX-License-Identifier: MIT
// Properties and cost on large generated maps (the large-map case of Alembic's tests).
#include "graph_dsl.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>

using namespace graph_dsl;
using migrate::Revision;
using migrate::graph::Plan;
using migrate::graph::RevisionMap;

namespace {

// A small deterministic generator (no <random> distributions: their output differs between
// standard libraries).
class Lcg {
public:
  explicit Lcg(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return m_state >> 33;
  }
  // In [0, bound).
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }

private:
  std::uint64_t m_state;
};

// Mostly linear history with branches off recent revisions, merges of open branches, a few
// new bases, dependencies on older revisions and labels.
std::vector<Revision> generate(std::size_t count, std::uint64_t seed) {
  Lcg rng(seed);
  std::vector<Revision> revisions;
  std::vector<std::string> open; // current branch tips
  for (std::size_t i = 0; i < count; ++i) {
    Revision revision;
    revision.id = "r" + std::to_string(i);
    revision.path = "versions/" + revision.id + ".sql";
    const std::size_t roll = rng.below(100);
    if (i == 0 || roll < 2) {
      open.push_back(revision.id); // a new base
    } else if (roll < 12 && open.size() > 1) {
      // Merge two open branches.
      const std::size_t a = rng.below(open.size());
      std::size_t b = rng.below(open.size() - 1);
      b = b >= a ? b + 1 : b;
      revision.down_revisions = {open[a], open[b]};
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(std::max(a, b)));
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(std::min(a, b)));
      open.push_back(revision.id);
    } else if (roll < 20) {
      // Branch off a recent revision.
      const std::size_t back = 1 + rng.below(std::min<std::size_t>(i, 30));
      revision.down_revisions = {revisions[i - back].id};
      open.push_back(revision.id);
    } else {
      const std::size_t tip = rng.below(open.size());
      revision.down_revisions = {open[tip]};
      open[tip] = revision.id;
    }
    if (i > 50 && rng.below(100) < 4) {
      revision.depends_on = {revisions[rng.below(i - 50)].id};
    }
    if (rng.below(100) < 2) {
      revision.branch_labels = {"label" + std::to_string(i)};
    }
    revisions.push_back(std::move(revision));
  }
  return revisions;
}

void check_topological(const RevisionMap& map, const Ids& order) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) {
    position[order[i]] = i;
  }
  REQUIRE(position.size() == order.size()); // each revision once
  REQUIRE(order.size() == map.order().size());
  std::size_t violations = 0;
  for (const std::string& id : order) {
    for (const std::string& down : map.node(id).normalized_down) {
      if (position.at(down) <= position.at(id)) {
        ++violations;
      }
    }
  }
  CHECK(violations == 0);
}

std::set<std::string> as_set(const Ids& ids) {
  return {ids.begin(), ids.end()};
}

} // namespace

TEST_CASE("a large map iterates top-down and upgrades and downgrades cleanly") {
  for (std::uint64_t seed : {1U, 2U, 3U}) {
    const RevisionMap map(generate(2000, seed));
    check_topological(map, map.iterate_revisions({"heads"}, {"base"}));

    const Plan up = migrate::graph::plan_upgrade(map, {}, "heads");
    CHECK(up.steps.size() == 2000);
    CHECK(as_set(up.final_heads) == as_set(map.real_heads()));
    // Nothing is applied before its down revisions and dependencies.
    std::set<std::string> applied;
    for (const auto& step : up.steps) {
      for (const std::string& down : map.node(step.revision).normalized_down) {
        CHECK(applied.count(down) == 1);
      }
      applied.insert(step.revision);
    }

    const Plan down = migrate::graph::plan_downgrade(map, up.final_heads, "base");
    CHECK(down.steps.size() == 2000);
    CHECK(down.final_heads.empty());
  }
}

TEST_CASE("half-way plans: upgrade a branch, then everything, then back to one revision") {
  const RevisionMap map(generate(600, 7));
  const std::string middle = map.order()[300];
  const Plan first = migrate::graph::plan_upgrade(map, {}, middle);
  const Plan rest = migrate::graph::plan_upgrade(map, first.final_heads, "heads");
  CHECK(first.steps.size() + rest.steps.size() == 600);
  CHECK(as_set(rest.final_heads) == as_set(map.real_heads()));
  const Plan back = migrate::graph::plan_downgrade(map, rest.final_heads, middle);
  // Back at `middle`: everything above it is gone, and it is (implied by) a row.
  const Ids remaining = migrate::graph::all_current(map, back.final_heads);
  CHECK(std::find(remaining.begin(), remaining.end(), middle) != remaining.end());
  for (const auto& step : back.steps) {
    const Ids below_middle = map.ancestors({middle});
    CHECK(std::find(below_middle.begin(), below_middle.end(), step.revision) == below_middle.end());
  }
}

TEST_CASE("ten thousand revisions build and plan quickly") {
  const auto start = std::chrono::steady_clock::now();
  const RevisionMap map(generate(10000, 42));
  const Plan up = migrate::graph::plan_upgrade(map, {}, "heads");
  const Ids history = migrate::graph::walk_revisions(map);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(up.steps.size() == 10000);
  CHECK(history.size() == 10000);
  // Generous for a shared, unoptimised build; quadratic behaviour takes far longer.
  CHECK(elapsed < std::chrono::seconds(5));
  WARN(
      "10,000 revisions: " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
                           << " ms");
}
