// SPDX-License-Identifier: MIT
// Builds and validates the indexed map, as Alembic's RevisionMap._revision_map does.
#include "map_index.hpp"

#include <migrate/error.hpp>

#include <algorithm>
#include <cstdint>

namespace migrate::graph::detail {

namespace {

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

template <class T>
void push_unique(std::vector<T>& items, const T& item) {
  if (std::find(items.begin(), items.end(), item) == items.end()) {
    items.push_back(item);
  }
}

Location location_of(const Revision& revision) {
  return Location{revision.path, 0, 0};
}

// Revision objects refuse a loop on themselves when constructed, before anything else.
void add_revisions(MapIndex& index, std::vector<Revision>& revisions) {
  index.nodes.reserve(revisions.size());
  index.ids.reserve(revisions.size());
  index.keys.reserve(revisions.size());
  index.id_index.reserve(revisions.size());
  index.key_index.reserve(revisions.size());
  for (Revision& revision : revisions) {
    const std::string& id = revision.id;
    if (contains(revision.down_revisions, id)) {
      throw RevisionError("Self-loop is detected in revisions (" + id + ")");
    }
    if (contains(revision.depends_on, id)) {
      throw RevisionError("Dependency self-loop is detected in revisions (" + id + ")");
    }
    const int position = index.size();
    auto [it, inserted] = index.id_index.emplace(id, position);
    if (!inserted) {
      // Alembic only warns and lets the later file win; a silent replacement is worse.
      throw ScriptError(location_of(revision),
                        "revision '" + id + "' is also defined in "
                            + index.nodes[it->second].revision.path);
    }
    index.ids.push_back(id);
    index.keys.push_back(id);
    index.key_index.emplace(id, position);
    Node node;
    node.revision = std::move(revision);
    index.nodes.push_back(std::move(node));
  }
}

// Labels become map keys next to the ids; a label may not repeat an id or an earlier label.
void add_label_keys(MapIndex& index) {
  for (int i = 0; i < index.size(); ++i) {
    for (const std::string& label : index.nodes[i].revision.branch_labels) {
      const int owner = index.find_key(label);
      if (owner >= 0) {
        throw RevisionError("Branch name '" + label + "' in revision " + index.ids[i]
                            + " already used by revision " + index.ids[owner]);
      }
      index.key_index.emplace(label, i);
      index.keys.push_back(label);
    }
  }
}

void add_links(MapIndex& index) {
  const auto n = static_cast<std::size_t>(index.size());
  index.down.assign(n, {});
  index.deps.assign(n, {});
  index.all_down.assign(n, {});
  index.nextrev.assign(n, {});
  index.all_nextrev.assign(n, {});
  for (int i = 0; i < index.size(); ++i) {
    const Revision& revision = index.nodes[i].revision;
    for (const std::string& down : revision.down_revisions) {
      // Only ids: a down_revision naming a branch label breaks Alembic's map too.
      const int target = index.find_id(down);
      if (target < 0) {
        throw ScriptError(location_of(revision),
                          "down_revision '" + down + "' of revision '" + revision.id
                              + "' is not present");
      }
      index.down[i].push_back(target); // duplicates kept: Alembic counts them (merge point)
      push_unique(index.all_down[i], target);
    }
    for (const std::string& dependency : revision.depends_on) {
      const int target = index.find_key(dependency);
      if (target < 0) {
        throw ScriptError(location_of(revision),
                          "depends_on '" + dependency + "' of revision '" + revision.id
                              + "' is not present");
      }
      push_unique(index.deps[i], target);
      push_unique(index.all_down[i], target);
    }
  }
  for (int i = 0; i < index.size(); ++i) {
    for (int parent : index.all_down[i]) {
      index.all_nextrev[parent].push_back(i);
      if (std::find(index.down[i].begin(), index.down[i].end(), parent) != index.down[i].end()) {
        index.nextrev[parent].push_back(i);
      }
    }
  }
  for (int i = 0; i < index.size(); ++i) {
    if (index.nextrev[i].empty()) {
      index.heads.push_back(i);
    }
    if (index.all_nextrev[i].empty()) {
      index.real_heads.push_back(i);
    }
    if (index.down[i].empty()) {
      index.bases.push_back(i);
      if (index.nodes[i].revision.depends_on.empty()) {
        index.real_bases.push_back(i);
      }
    }
  }
}

// A dependency that a (versioned) ancestor already depends on is implied and dropped.
// Alembic keeps the survivors in a set; we keep depends_on order.
void normalize_dependencies(MapIndex& index) {
  const auto n = static_cast<std::size_t>(index.size());
  index.normalized_deps.assign(n, {});
  index.normalized_down.assign(n, {});
  std::vector<int> implied_for(n, -1); // implied_for[d] == i: d is implied for revision i
  std::vector<int> visited_for(n, -1);
  std::vector<int> stack(n);
  for (int i = 0; i < index.size(); ++i) {
    if (!index.deps[i].empty()) {
      // Walk the proper (versioned) ancestors; raw loops keep unoptimised builds fast.
      int* top = stack.data();
      visited_for[i] = i;
      for (int parent : index.down[i]) {
        if (visited_for[parent] != i) {
          visited_for[parent] = i;
          *top++ = parent;
        }
      }
      while (top != stack.data()) {
        const int node = *--top;
        for (int dependency : index.deps[node]) {
          implied_for[dependency] = i;
        }
        const std::vector<int>& parents = index.down[node];
        const int* it = parents.data();
        for (const int* end = it + parents.size(); it != end; ++it) {
          if (visited_for[*it] != i) {
            visited_for[*it] = i;
            *top++ = *it;
          }
        }
      }
      for (int dependency : index.deps[i]) {
        if (implied_for[dependency] != i) {
          index.normalized_deps[i].push_back(dependency);
        }
      }
    }
    for (int parent : index.down[i]) {
      push_unique(index.normalized_down[i], parent);
    }
    for (int dependency : index.normalized_deps[i]) {
      push_unique(index.normalized_down[i], dependency);
    }
  }
}

// Alembic's _add_branches: a revision's labels go to all its descendants, and down through its
// ancestors until a real branch point or a merge point. Alembic starts that downward walk at
// the last node its descendant walk yields; when the descendants are a simple chain that is the
// chain's tip, and otherwise the walk stops at a branch point among the (already labelled)
// descendants, so following the chain is the same thing without depending on set order.
// Label sets are bitsets over label numbers (Alembic's Python sets): many labels on a long
// history would make list merging quadratic.
void propagate_labels(MapIndex& index) {
  std::vector<std::string> labels; // label number -> name, in declaration (load) order
  std::vector<int> owner;          // label number -> revision declaring it
  for (int i = 0; i < index.size(); ++i) {
    for (const std::string& label : index.nodes[i].revision.branch_labels) {
      labels.push_back(label);
      owner.push_back(i);
    }
  }
  const std::size_t words = (labels.size() + 63) / 64;
  std::vector<std::vector<std::uint64_t>> sets(index.nodes.size(),
                                               std::vector<std::uint64_t>(words, 0));
  std::size_t number = 0;
  for (int i = 0; i < index.size(); ++i) {
    for (std::size_t k = 0; k < index.nodes[i].revision.branch_labels.size(); ++k, ++number) {
      sets[i][number / 64] |= std::uint64_t{1} << (number % 64);
    }
  }
  auto add = [&](int node, const std::vector<std::uint64_t>& set) {
    for (std::size_t w = 0; w < words; ++w) {
      sets[node][w] |= set[w];
    }
  };
  for (int i = 0; i < index.size(); ++i) {
    if (index.nodes[i].revision.branch_labels.empty()) {
      continue;
    }
    // Alembic spreads the revision's current set, including labels it inherited so far.
    const std::vector<std::uint64_t> set = sets[i];
    const Bits below = reachable(index, index.nextrev, {i});
    for (int node : members_of(index, below)) {
      add(node, set);
    }
    int tip = i;
    while (index.nextrev[tip].size() == 1) {
      tip = index.nextrev[tip][0];
    }
    if (!index.nextrev[tip].empty()) {
      continue;
    }
    int parent = tip;
    while (index.all_nextrev[parent].size() <= 1 && index.down[parent].size() <= 1) {
      add(parent, set);
      if (index.down[parent].empty()) {
        break;
      }
      parent = index.down[parent][0];
    }
  }
  // Own labels first, in file order, then inherited ones in declaration order.
  for (int i = 0; i < index.size(); ++i) {
    std::vector<std::string>& out = index.nodes[i].branch_labels;
    out.clear();
    for (const std::string& label : index.nodes[i].revision.branch_labels) {
      push_unique(out, label);
    }
    for (std::size_t k = 0; k < labels.size(); ++k) {
      if (owner[k] != i && ((sets[i][k / 64] >> (k % 64)) & 1U)) {
        out.push_back(labels[k]); // label names are unique in the map
      }
    }
  }
}

void fill_nodes(MapIndex& index) {
  for (int i = 0; i < index.size(); ++i) {
    Node& node = index.nodes[i];
    node.nextrev = ids_of(index, index.nextrev[i]);
    node.all_nextrev = ids_of(index, index.all_nextrev[i]);
    node.dependencies = ids_of(index, index.deps[i]);
    node.normalized_down = ids_of(index, index.normalized_down[i]);
    node.is_head = index.nextrev[i].empty();
    node.is_real_head = index.all_nextrev[i].empty();
    node.is_base = index.down[i].empty();
    node.is_real_base = node.is_base && node.revision.depends_on.empty();
    node.is_branch_point = index.nextrev[i].size() > 1;
    node.is_merge_point = index.down[i].size() > 1;
  }
}

// Kahn's algorithm over down revisions and dependencies, ties in load order.
void rank_revisions(MapIndex& index) {
  const auto n = static_cast<std::size_t>(index.size());
  index.rank.assign(n, 0);
  std::vector<int> pending(n, 0);
  std::vector<int> queue;
  queue.reserve(n);
  for (int i = 0; i < index.size(); ++i) {
    pending[i] = static_cast<int>(index.all_down[i].size());
    if (pending[i] == 0) {
      queue.push_back(i);
    }
  }
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const int node = queue[next];
    index.rank[node] = static_cast<int>(next);
    for (int child : index.all_nextrev[node]) {
      if (--pending[child] == 0) {
        queue.push_back(child);
      }
    }
  }
}

} // namespace

MapIndex build_index(std::vector<Revision> revisions) {
  MapIndex index;
  add_revisions(index, revisions);
  add_label_keys(index);
  add_links(index);
  normalize_dependencies(index);
  detect_cycles(index);
  rank_revisions(index);
  propagate_labels(index);
  fill_nodes(index);
  return index;
}

} // namespace migrate::graph::detail
