// SPDX-License-Identifier: MIT
// Ancestor sets built from the kept sets of the junctions below (see ancestor_sets.hpp).
#include "ancestor_sets.hpp"

namespace migrate::graph::detail {

namespace {

void unite(Bits& into, const std::vector<std::uint64_t>& words) {
  std::uint64_t* out = into.words();
  for (std::size_t w = 0; w < words.size(); ++w) {
    out[w] |= words[w];
  }
}

} // namespace

AncestorSets::AncestorSets(const MapIndex& index, int floor, std::size_t budget_words)
    : m_index(index), m_floor(floor), m_budget_words(budget_words), m_kept(index.ids.size()) {}

int AncestorSets::line_end(int node, Bits* into) const {
  while (true) {
    const std::vector<int>& down = m_index.normalized_down[node];
    if (down.size() != 1) {
      return node;
    }
    if (into != nullptr) {
      into->set(node);
    }
    node = down.front();
    if (m_index.rank[node] < m_floor) {
      return -1;
    }
  }
}

bool AncestorSets::compute(int junction) {
  // Bottom-up without recursion: a junction is computed once every junction its down lines run
  // into is kept (histories can hold thousands of merges one above the other).
  std::vector<int> stack{junction};
  while (!stack.empty()) {
    const int node = stack.back();
    if (kept(node)) {
      stack.pop_back();
      continue;
    }
    bool waiting = false;
    for (int down : m_index.normalized_down[node]) {
      if (m_index.rank[down] < m_floor) {
        continue;
      }
      const int end = line_end(down, nullptr);
      if (end >= 0 && !kept(end)) {
        stack.push_back(end);
        waiting = true;
      }
    }
    if (waiting) {
      continue;
    }
    Bits set(m_index.ids.size());
    set.set(node);
    for (int down : m_index.normalized_down[node]) {
      if (m_index.rank[down] < m_floor) {
        continue;
      }
      if (const int end = line_end(down, &set); end >= 0) {
        set.set(end);
        unite(set, m_kept[static_cast<std::size_t>(end)]);
      }
    }
    if (m_words_kept + set.word_count() > m_budget_words) {
      m_over_budget = true;
      return false;
    }
    m_words_kept += set.word_count();
    m_kept[static_cast<std::size_t>(node)].assign(set.words(), set.words() + set.word_count());
    stack.pop_back();
  }
  return true;
}

Bits AncestorSets::of(int node) {
  if (!m_over_budget) {
    Bits set(m_index.ids.size());
    set.set(node);
    const int end = line_end(node, &set);
    if (end < 0) {
      return set;
    }
    if (kept(end) || compute(end)) {
      unite(set, m_kept[static_cast<std::size_t>(end)]);
      return set;
    }
  }
  return reachable(m_index, m_index.normalized_down, {node}, m_floor);
}

} // namespace migrate::graph::detail
