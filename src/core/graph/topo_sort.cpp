// SPDX-License-Identifier: MIT
// Alembic's RevisionMap._topological_sort, step for step: its order is the contract
// (docs/alembic-compatibility.md, "Traversal order").
#include "ancestor_sets.hpp"
#include "traverse.hpp"

#include <migrate/util/strings.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>

namespace migrate::graph::detail {

namespace {

// The pending heads of the sort, each with the set of its ancestors (Alembic's current_heads and
// ancestors_by_idx, in the same order), plus how many sets hold each revision: most candidates
// are needed by no other head, and the count answers that without scanning every set. Entries
// live in a linked list over stable slots, as removing from the middle of a long list is the
// sort's most frequent operation.
class PendingHeads {
public:
  static constexpr std::size_t k_end = static_cast<std::size_t>(-1);

  // Counting costs a pass over every set; it pays off with many heads, where scanning every set
  // for every candidate would not.
  PendingHeads(const MapIndex& index, int floor, std::size_t expected_heads)
      : m_sets(index, floor),
        m_counting(expected_heads > 32),
        m_holders(index.ids.size(), 0),
        m_pending(index.ids.size(), 0) {}

  bool empty() const { return m_size == 0; }
  std::size_t size() const { return m_size; }
  std::size_t first() const { return m_first; }
  int at(std::size_t slot) const { return m_slots[slot].node; }
  bool contains(int node) const { return m_pending[node] != 0; }

  void add(int node) {
    const std::size_t slot = m_slots.size();
    m_slots.push_back({node, ancestors_of(node), m_last, k_end});
    (m_last == k_end ? m_first : m_slots[m_last].next) = slot;
    m_last = slot;
    ++m_size;
    m_pending[node] = 1;
    count(m_slots[slot].set, 1);
  }

  // Removes the entry; returns the one before it, or the first (Alembic: max(idx - 1, 0)).
  std::size_t remove(std::size_t slot) {
    Slot& entry = m_slots[slot];
    count(entry.set, -1);
    m_pending[entry.node] = 0;
    (entry.prev == k_end ? m_first : m_slots[entry.prev].next) = entry.next;
    (entry.next == k_end ? m_last : m_slots[entry.next].prev) = entry.prev;
    --m_size;
    entry.set = Bits();
    return entry.prev != k_end ? entry.prev : m_first;
  }

  // Plain movement down a line: the ancestors are the old ones minus the emitted revision.
  void step_down(std::size_t slot, int node) {
    const int emitted = m_slots[slot].node;
    move(slot, node);
    if (m_slots[slot].set.test(emitted)) {
      m_slots[slot].set.reset(emitted);
      --m_holders[emitted];
    }
  }

  // Past a merge point or a dependency: recompute.
  void recompute(std::size_t slot, int node) {
    move(slot, node);
    count(m_slots[slot].set, -1);
    m_slots[slot].set = ancestors_of(node);
    count(m_slots[slot].set, 1);
  }

  // The first other entry whose ancestors include `node`, or k_end when none does.
  std::size_t needed_elsewhere(std::size_t slot, int node) const {
    if (m_counting && m_holders[node] - (m_slots[slot].set.test(node) ? 1 : 0) <= 0) {
      return k_end;
    }
    for (std::size_t other = m_first; other != k_end; other = m_slots[other].next) {
      if (other != slot && m_slots[other].set.test(node)) {
        return other;
      }
    }
    return k_end;
  }

private:
  struct Slot {
    int node;
    Bits set;
    std::size_t prev;
    std::size_t next;
  };

  // Only revisions still to emit are ever looked up in these sets, so the walk can stop below
  // the lowest of them (the floor).
  Bits ancestors_of(int node) { return m_sets.of(node); }

  void move(std::size_t slot, int node) {
    m_pending[m_slots[slot].node] = 0;
    m_slots[slot].node = node;
    m_pending[node] = 1;
  }

  void count(const Bits& set, int delta) {
    if (!m_counting) {
      return;
    }
    const std::uint64_t* words = set.words();
    for (std::size_t w = 0; w < set.word_count(); ++w) {
      for (std::uint64_t bits = words[w]; bits != 0; bits &= bits - 1) {
        m_holders[w * 64 + static_cast<std::size_t>(std::countr_zero(bits))] += delta;
      }
    }
  }

  AncestorSets m_sets;
  bool m_counting;
  std::vector<Slot> m_slots;
  std::size_t m_first = k_end;
  std::size_t m_last = k_end;
  std::size_t m_size = 0;
  std::vector<int> m_holders;
  std::vector<char> m_pending;
};

} // namespace

std::vector<int> topological_sort(const MapIndex& index,
                                  const std::vector<int>& revisions,
                                  const std::vector<int>& heads) {
  const auto n = static_cast<std::size_t>(index.size());
  std::vector<char> todo(n, 0);
  std::size_t remaining = 0;
  for (int revision : revisions) {
    if (!todo[revision]) {
      todo[revision] = 1;
      ++remaining;
    }
  }
  // The requested heads that are to be emitted, in load order.
  std::vector<char> requested(n, 0);
  for (int head : heads) {
    requested[head] = todo[head];
  }
  const auto requested_count =
      static_cast<std::size_t>(std::count(requested.begin(), requested.end(), 1));
  PendingHeads current(index, lowest_rank(index, revisions), requested_count);
  for (int node = 0; node < index.size(); ++node) {
    if (requested[node]) {
      current.add(node);
    }
  }

  std::vector<int> output;
  std::size_t candidate_idx = current.first();
  std::size_t hops = 0; // moves to another head since the last emission (bounded, see below)
  while (!current.empty()) {
    const int candidate = current.at(candidate_idx);
    // Another pending head still needs this revision: walk that head first.
    if (const std::size_t other = current.needed_elsewhere(candidate_idx, candidate);
        other != PendingHeads::k_end) {
      // Each hop goes to a head strictly above the last one, so in a DAG hops never repeat.
      if (++hops > current.size()) {
        throw RevisionError("Dependency resolution failed; broken map");
      }
      candidate_idx = other;
      continue;
    }
    hops = 0;
    if (todo[candidate]) {
      output.push_back(candidate);
      todo[candidate] = 0;
      --remaining;
    }
    std::vector<int> to_add;
    for (int down : index.normalized_down[candidate]) {
      if (todo[down] && !current.contains(down)) {
        to_add.push_back(down);
      }
    }
    if (to_add.empty()) {
      candidate_idx = current.remove(candidate_idx);
    } else if (index.normalized_deps[candidate].empty() && index.down[candidate].size() == 1) {
      current.step_down(candidate_idx, to_add[0]);
    } else {
      // Depth-first along the first down revision; the others become heads of their own.
      current.recompute(candidate_idx, to_add[0]);
      for (std::size_t i = 1; i < to_add.size(); ++i) {
        current.add(to_add[i]);
      }
    }
  }
  if (remaining > 0) {
    std::vector<std::string> left;
    for (int i = 0; i < index.size(); ++i) {
      if (todo[i]) {
        left.push_back(index.ids[i]);
      }
    }
    // Alembic asserts here; it means a requested revision is not below any requested head.
    throw RevisionError("Revision(s) " + util::join(left, ", ")
                        + " are not reachable from the requested revisions");
  }
  return output;
}

} // namespace migrate::graph::detail
