// SPDX-License-Identifier: MIT
// Lookups and reachability over the indexed map (Alembic's _iterate_related_revisions).
#include "map_index.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::graph::detail {

int MapIndex::find_id(std::string_view id) const {
  auto it = id_index.find(id);
  return it == id_index.end() ? -1 : it->second;
}

int MapIndex::find_key(std::string_view key) const {
  auto it = key_index.find(key);
  return it == key_index.end() ? -1 : it->second;
}

std::vector<std::string> ids_of(const MapIndex& index, const std::vector<int>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (int node : nodes) {
    out.push_back(index.ids[node]);
  }
  return out;
}

std::vector<int> members_of(const MapIndex& index, const Bits& bits) {
  std::vector<int> out;
  for (int i = 0; i < index.size(); ++i) {
    if (bits.test(i)) {
      out.push_back(i);
    }
  }
  return out;
}

int lowest_rank(const MapIndex& index, const std::vector<int>& nodes) {
  int lowest = index.size();
  for (int node : nodes) {
    lowest = std::min(lowest, index.rank[node]);
  }
  return lowest;
}

Bits reachable(const MapIndex& index,
               const Adjacency& edges,
               const std::vector<int>& starts,
               int floor) {
  // The hot loop of most graph operations: raw pointers keep unoptimised builds usable.
  const std::size_t size = index.ids.size();
  Bits seen(size);
  std::uint64_t* words = seen.words();
  // Reused between calls: filling a fresh stack per call would cost as much as the walk.
  thread_local std::vector<int> stack;
  if (stack.size() < size + starts.size()) {
    stack.resize(size + starts.size());
  }
  int* top = stack.data();
  const std::vector<int>* adjacency = edges.data();
  const int* rank = index.rank.empty() ? nullptr : index.rank.data();
  if (rank == nullptr) {
    floor = -1; // while the map is built, before ranks exist
  }
  for (int start : starts) {
    const auto s = static_cast<std::size_t>(start);
    if (((words[s / 64] >> (s % 64)) & 1U) == 0) {
      words[s / 64] |= std::uint64_t{1} << (s % 64);
      *top++ = start;
    }
  }
  while (top != stack.data()) {
    const std::vector<int>& next = adjacency[*--top];
    const int* it = next.data();
    const int* const end = it + next.size();
    for (; it != end; ++it) {
      const auto n = static_cast<std::size_t>(*it);
      if (((words[n / 64] >> (n % 64)) & 1U) == 0 && (floor < 0 || rank[n] >= floor)) {
        words[n / 64] |= std::uint64_t{1} << (n % 64);
        *top++ = *it;
      }
    }
  }
  return seen;
}

Bits reachable_checked(const MapIndex& index,
                       const Adjacency& edges,
                       const std::vector<int>& targets) {
  const std::size_t size = index.ids.size();
  Bits seen(size);
  std::vector<int> position(size, -1); // first place of each target in `targets`
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (position[targets[i]] < 0) {
      position[targets[i]] = static_cast<int>(i);
    }
  }
  // Alembic records every node a target's walk touches, including the already-seen ones where
  // the walk stops; reaching another requested target that way is an overlap.
  std::vector<int> stack;
  std::vector<int> overlaps;
  for (int target : targets) {
    stack.push_back(target);
    while (!stack.empty()) {
      const int node = stack.back();
      stack.pop_back();
      if (node != target && position[node] >= 0) {
        overlaps.push_back(position[node]);
      }
      if (seen.test(node)) {
        continue;
      }
      seen.set(node);
      stack.insert(stack.end(), edges[node].begin(), edges[node].end());
    }
    if (!overlaps.empty()) {
      std::sort(overlaps.begin(), overlaps.end());
      overlaps.erase(std::unique(overlaps.begin(), overlaps.end()), overlaps.end());
      std::vector<std::string> ids;
      for (int at : overlaps) {
        ids.push_back(index.ids[targets[at]]);
      }
      throw RevisionError("Requested revision " + index.ids[target]
                          + " overlaps with other requested revisions " + util::join(ids, ", "));
    }
  }
  return seen;
}

} // namespace migrate::graph::detail
