// SPDX-License-Identifier: MIT
// Alembic's RevisionMap._topological_sort, step for step: the order is the contract
// (alembic-behaviour.md 3.4), so it is ported literally, with index sets instead of Python sets.
#include "traverse.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace migrate::graph::detail {

namespace {

Bits ancestors_of(const MapIndex& index, int node) {
  return reachable(index, index.normalized_down, {node});
}

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
  std::vector<int> current;
  for (int head : heads) {
    if (todo[head] && std::find(current.begin(), current.end(), head) == current.end()) {
      current.push_back(head);
    }
  }
  std::sort(current.begin(), current.end());
  std::vector<char> in_current(n, 0);
  std::vector<Bits> ancestors;
  for (int head : current) {
    in_current[head] = 1;
    ancestors.push_back(ancestors_of(index, head));
  }

  std::vector<int> output;
  std::size_t candidate_idx = 0;
  std::size_t hops = 0; // moves to another head since the last emission (bounded, see below)
  while (!current.empty()) {
    const int candidate = current[candidate_idx];
    // Another pending head still needs this revision: walk that head first.
    bool deferred = false;
    for (std::size_t other = 0; other < ancestors.size(); ++other) {
      if (other != candidate_idx && ancestors[other].test(candidate)) {
        candidate_idx = other;
        deferred = true;
        break;
      }
    }
    if (deferred) {
      // Each hop goes to a head strictly above the last one, so in a DAG hops never repeat.
      if (++hops > current.size()) {
        throw RevisionError("Dependency resolution failed; broken map");
      }
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
      if (todo[down] && !in_current[down]) {
        to_add.push_back(down);
      }
    }
    if (to_add.empty()) {
      in_current[candidate] = 0;
      current.erase(current.begin() + static_cast<std::ptrdiff_t>(candidate_idx));
      ancestors.erase(ancestors.begin() + static_cast<std::ptrdiff_t>(candidate_idx));
      candidate_idx = candidate_idx > 0 ? candidate_idx - 1 : 0;
      continue;
    }
    in_current[candidate] = 0;
    current[candidate_idx] = to_add[0];
    in_current[to_add[0]] = 1;
    if (index.normalized_deps[candidate].empty() && index.down[candidate].size() == 1) {
      // Plain movement down a line: the ancestors are the old ones minus what was emitted.
      ancestors[candidate_idx].reset(candidate);
    } else {
      // Merge points and dependencies: recompute, and open a head per extra parent.
      ancestors[candidate_idx] = ancestors_of(index, to_add[0]);
      for (std::size_t i = 1; i < to_add.size(); ++i) {
        current.push_back(to_add[i]);
        in_current[to_add[i]] = 1;
        ancestors.push_back(ancestors_of(index, to_add[i]));
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
