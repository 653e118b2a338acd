// SPDX-License-Identifier: MIT
// Ancestor sets for the topological sort, sharing the work between revisions that have the same
// history below them.
#pragma once

#include "map_index.hpp"

namespace migrate::graph::detail {

// The set of a revision and its ancestors along normalized down revisions, restricted to
// revisions ranked at least `floor`: the same set as reachable(index, index.normalized_down,
// {node}, floor). The sort asks for one set per merge point it passes, and walking the whole
// history below each of them made `history` quadratic on long histories with many merges.
// Here the set of every junction (a revision without exactly one down revision: a merge, or a
// base) is kept once computed, so a set is the short line of revisions down to the nearest
// junction plus that junction's set. Kept sets are bounded (`budget_words` 64-bit words in
// all); past the budget, sets are walked in full as before.
class AncestorSets {
public:
  static constexpr std::size_t k_default_budget_words = std::size_t{4} << 20; // 32 MiB

  AncestorSets(const MapIndex& index, int floor, std::size_t budget_words = k_default_budget_words);

  Bits of(int node);

private:
  // The junction a line of single-parent revisions starting at `node` runs into, or -1 when the
  // line drops below the floor first; the line's revisions are added to `into` when given.
  int line_end(int node, Bits* into) const;
  // Computes and keeps the set of `junction` and of the junctions below it; false when the
  // budget ran out.
  bool compute(int junction);
  bool kept(int node) const { return !m_kept[static_cast<std::size_t>(node)].empty(); }

  const MapIndex& m_index;
  int m_floor;
  std::size_t m_budget_words;
  std::vector<std::vector<std::uint64_t>> m_kept; // per node; empty = not kept
  std::size_t m_words_kept = 0;
  bool m_over_budget = false;
};

} // namespace migrate::graph::detail
