// SPDX-License-Identifier: MIT
// Cycle detection: Alembic's _detect_cycles, then a complete check for the cycles it misses.
#include "map_index.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::graph::detail {

namespace {

std::string cycle_message(std::string_view kind, std::vector<std::string> ids, bool sort) {
  if (sort) {
    std::sort(ids.begin(), ids.end());
  }
  return std::string(kind) + " is detected in revisions (" + util::join(ids, ", ") + ")";
}

// Alembic's test: every revision must lie above a base and below a head.
std::vector<std::string> outside_space(const MapIndex& index,
                                       const Adjacency& down_edges,
                                       const Adjacency& up_edges,
                                       const std::vector<int>& heads,
                                       const std::vector<int>& bases) {
  const Bits below_heads = reachable(index, down_edges, heads);
  const Bits above_bases = reachable(index, up_edges, bases);
  std::vector<std::string> outside;
  for (int i = 0; i < index.size(); ++i) {
    if (!below_heads.test(i) || !above_bases.test(i)) {
      outside.push_back(index.ids[i]);
    }
  }
  return outside;
}

// Whether parents[at] is the first occurrence of that parent (down_revisions may repeat one).
bool first_occurrence(const std::vector<int>& parents, std::size_t at) {
  return std::find(parents.begin(), parents.begin() + static_cast<std::ptrdiff_t>(at), parents[at])
         == parents.begin() + static_cast<std::ptrdiff_t>(at);
}

// Peels revisions whose parents are all gone, then those whose children are all gone; what is
// left lies on a cycle (or between two cycles). `children` is the inverse of `parents` without
// repeats (the index's nextrev / all_nextrev).
std::vector<std::string>
cyclic(const MapIndex& index, const Adjacency& parents, const Adjacency& children) {
  const auto n = static_cast<std::size_t>(index.size());
  std::vector<char> removed(n, 0);
  std::vector<int> count(n, 0);
  std::vector<int> ready;
  const auto peel = [&](auto&& for_each_next) {
    ready.clear();
    for (int i = 0; i < index.size(); ++i) {
      if (!removed[i] && count[i] == 0) {
        ready.push_back(i);
      }
    }
    while (!ready.empty()) {
      const int node = ready.back();
      ready.pop_back();
      removed[node] = 1;
      for_each_next(node, [&](int other) {
        if (!removed[other] && --count[other] == 0) {
          ready.push_back(other);
        }
      });
    }
  };
  for (int i = 0; i < index.size(); ++i) {
    for (std::size_t k = 0; k < parents[i].size(); ++k) {
      count[i] += first_occurrence(parents[i], k) ? 1 : 0;
    }
  }
  peel([&](int node, auto&& visit) {
    for (int child : children[node]) {
      visit(child);
    }
  });
  for (int i = 0; i < index.size(); ++i) {
    count[i] = static_cast<int>(std::count_if(
        children[i].begin(), children[i].end(), [&](int child) { return !removed[child]; }));
  }
  peel([&](int node, auto&& visit) {
    for (std::size_t k = 0; k < parents[node].size(); ++k) {
      if (first_occurrence(parents[node], k)) {
        visit(parents[node][k]);
      }
    }
  });
  std::vector<std::string> left;
  for (int i = 0; i < index.size(); ++i) {
    if (!removed[i]) {
      left.push_back(index.ids[i]);
    }
  }
  return left;
}

} // namespace

void detect_cycles(const MapIndex& index) {
  if (index.size() == 0) {
    return;
  }
  if (index.heads.empty() || index.bases.empty()) {
    throw RevisionError(cycle_message("Cycle", index.ids, false));
  }
  auto outside = outside_space(index, index.down, index.nextrev, index.heads, index.bases);
  if (!outside.empty()) {
    throw RevisionError(cycle_message("Cycle", outside, true));
  }
  if (index.real_heads.empty() || index.real_bases.empty()) {
    throw RevisionError(cycle_message("Dependency cycle", index.ids, false));
  }
  outside =
      outside_space(index, index.all_down, index.all_nextrev, index.real_heads, index.real_bases);
  if (!outside.empty()) {
    throw RevisionError(cycle_message("Dependency cycle", outside, true));
  }
  if (auto left = cyclic(index, index.down, index.nextrev); !left.empty()) {
    throw RevisionError(cycle_message("Cycle", left, true));
  }
  if (auto left = cyclic(index, index.all_down, index.all_nextrev); !left.empty()) {
    throw RevisionError(cycle_message("Dependency cycle", left, true));
  }
}

} // namespace migrate::graph::detail
