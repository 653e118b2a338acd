// SPDX-License-Identifier: MIT
// AncestorSets (the topological sort's shared ancestor sets) against a plain walk of the graph.
#include "ancestor_sets.hpp"
#include "graph_dsl.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using migrate::Revision;
using migrate::graph::RevisionMap;
using migrate::graph::detail::AncestorSets;
using migrate::graph::detail::Bits;
using migrate::graph::detail::MapIndex;
using migrate::graph::detail::reachable;

namespace {

// Branches that fork and merge again, several bases, and dependencies across branches: every
// kind of junction the sets are kept at.
std::vector<Revision> generate(std::size_t count, std::uint64_t seed) {
  std::uint64_t state = seed;
  const auto below = [&](std::size_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % bound);
  };
  std::vector<Revision> revisions;
  std::vector<std::string> tips;
  for (std::size_t i = 0; i < count; ++i) {
    Revision revision;
    revision.id = "r" + std::to_string(i);
    revision.path = "versions/" + revision.id + ".sql";
    const std::size_t roll = below(100);
    if (i == 0 || roll < 3) {
      tips.push_back(revision.id);
    } else if (roll < 20 && tips.size() > 1) {
      const std::size_t a = below(tips.size());
      const std::size_t b = (a + 1 + below(tips.size() - 1)) % tips.size();
      revision.down_revisions = {tips[a], tips[b]};
      tips.erase(tips.begin() + static_cast<std::ptrdiff_t>(std::max(a, b)));
      tips.erase(tips.begin() + static_cast<std::ptrdiff_t>(std::min(a, b)));
      tips.push_back(revision.id);
    } else if (roll < 35) {
      revision.down_revisions = {revisions[i - 1 - below(std::min<std::size_t>(i, 20))].id};
      tips.push_back(revision.id);
    } else {
      const std::size_t tip = below(tips.size());
      revision.down_revisions = {tips[tip]};
      tips[tip] = revision.id;
    }
    if (i > 30 && below(100) < 5) {
      revision.depends_on = {revisions[below(i - 30)].id};
    }
    revisions.push_back(std::move(revision));
  }
  return revisions;
}

bool same(const Bits& a, const Bits& b) {
  REQUIRE(a.word_count() == b.word_count());
  return std::equal(a.words(), a.words() + a.word_count(), b.words());
}

void check_all(const MapIndex& index, int floor, std::size_t budget_words) {
  AncestorSets sets(index, floor, budget_words);
  std::size_t mismatches = 0;
  // Top-down, as the sort asks, then again in load order once sets are kept.
  for (int pass = 0; pass < 2; ++pass) {
    for (int k = 0; k < index.size(); ++k) {
      const int node = pass == 0 ? index.size() - 1 - k : k;
      if (index.rank[node] < floor) {
        continue;
      }
      if (!same(sets.of(node), reachable(index, index.normalized_down, {node}, floor))) {
        ++mismatches;
      }
    }
  }
  CHECK(mismatches == 0);
}

} // namespace

TEST_CASE("ancestor sets equal a walk of the graph, with any floor and any budget") {
  for (std::uint64_t seed : {1U, 2U, 3U, 4U}) {
    const RevisionMap map(generate(600, seed));
    const MapIndex& index = map.index();
    for (int floor : {0, 100, 350}) {
      INFO("seed " << seed << ", floor " << floor);
      check_all(index, floor, AncestorSets::k_default_budget_words);
      check_all(index, floor, 200); // runs out part-way: the rest are walked in full
      check_all(index, floor, 0);   // nothing kept at all
    }
  }
}

TEST_CASE("ancestor sets of a linear history and of a single revision") {
  const RevisionMap single(graph_dsl::make_revisions("a"));
  check_all(single.index(), 0, AncestorSets::k_default_budget_words);
  std::vector<Revision> line;
  for (int i = 0; i < 50; ++i) {
    Revision revision;
    revision.id = "l" + std::to_string(i);
    revision.path = revision.id + ".sql";
    if (i > 0) {
      revision.down_revisions = {"l" + std::to_string(i - 1)};
    }
    line.push_back(std::move(revision));
  }
  const RevisionMap linear(std::move(line));
  check_all(linear.index(), 0, AncestorSets::k_default_budget_words);
  check_all(linear.index(), 20, AncestorSets::k_default_budget_words);
}
