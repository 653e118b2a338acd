// SPDX-License-Identifier: MIT
// Lookups and reachability over the indexed map (Alembic's _iterate_related_revisions).
#include "map_index.hpp"

#include "util/strings.hpp"

#include <migrate/error.hpp>

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

Bits reachable(const MapIndex& index, const Adjacency& edges, const std::vector<int>& starts) {
  Bits seen(index.ids.size());
  std::vector<int> stack;
  for (int start : starts) {
    if (seen.test(start)) {
      continue;
    }
    seen.set(start);
    stack.push_back(start);
    while (!stack.empty()) {
      const int node = stack.back();
      stack.pop_back();
      for (int next : edges[node]) {
        if (!seen.test(next)) {
          seen.set(next);
          stack.push_back(next);
        }
      }
    }
  }
  return seen;
}

Bits reachable_checked(const MapIndex& index,
                       const Adjacency& edges,
                       const std::vector<int>& targets) {
  Bits seen(index.ids.size());
  // Alembic records every node a target's walk touches, including the already-seen ones where
  // the walk stops; reaching another requested target that way is an overlap.
  std::vector<int> touched_by(index.ids.size(), -1);
  std::vector<int> stack;
  for (std::size_t ordinal = 0; ordinal < targets.size(); ++ordinal) {
    const int target = targets[ordinal];
    const int mark = static_cast<int>(ordinal);
    stack.push_back(target);
    while (!stack.empty()) {
      const int node = stack.back();
      stack.pop_back();
      touched_by[node] = mark;
      if (seen.test(node)) {
        continue;
      }
      seen.set(node);
      for (int next : edges[node]) {
        stack.push_back(next);
      }
    }
    std::vector<std::string> overlaps;
    for (int other : targets) {
      const std::string& id = index.ids[other];
      if (other != target && touched_by[other] == mark
          && std::find(overlaps.begin(), overlaps.end(), id) == overlaps.end()) {
        overlaps.push_back(id);
      }
    }
    if (!overlaps.empty()) {
      throw RevisionError("Requested revision " + index.ids[target]
                          + " overlaps with other requested revisions "
                          + util::join(overlaps, ", "));
    }
  }
  return seen;
}

} // namespace migrate::graph::detail
