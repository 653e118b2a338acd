// SPDX-License-Identifier: MIT
// Version-row bookkeeping per step (Alembic's HeadMaintainer, RevisionStep and StampStep).
//
// Rows keep table order: INSERT appends, UPDATE replaces in place, DELETE removes. Where Alembic
// iterates a Python set (which merged rows are deleted, which unmerged ids are inserted), we use
// the order of the revision's down revisions: delete or insert all but the last, and update the
// row of the last.
#include "head_maintainer.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::graph::detail {

namespace {

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

const char* const k_ambiguous = "Can't do an UPDATE because downrevision is ambiguous";

} // namespace

HeadMaintainer::HeadMaintainer(const Resolver& resolver, const std::vector<std::string>& rows)
    : m_resolver(resolver) {
  for (const std::string& row : rows) {
    if (m_present.insert(row).second) {
      m_rows.push_back(row); // the table's primary key makes rows unique
      m_row_refs.push_back(&row_nodes(row));
    }
  }
}

bool HeadMaintainer::has(const std::string& id) const {
  return m_present.count(id) > 0;
}

// Alembic checks (online) that every UPDATE and DELETE hits exactly one row, and asserts an
// INSERT is new; a plan that would break that is refused before anything runs.
void HeadMaintainer::insert(const std::string& id) {
  if (has(id)) {
    throw CommandError("Version row '" + id + "' is already present; can't insert it");
  }
  m_rows.push_back(id);
  m_row_refs.push_back(&row_nodes(id));
  m_present.insert(id);
  m_ops.push_back({VersionOp::Kind::insert, {}, id});
}

void HeadMaintainer::remove(const std::string& id) {
  auto it = has(id) ? std::find(m_rows.begin(), m_rows.end(), id) : m_rows.end();
  if (it == m_rows.end()) {
    throw CommandError("Version row '" + id + "' is not present; can't delete it");
  }
  m_row_refs.erase(m_row_refs.begin() + (it - m_rows.begin()));
  m_rows.erase(it);
  m_present.erase(id);
  m_ops.push_back({VersionOp::Kind::remove, id, {}});
}

void HeadMaintainer::update(const std::string& from, const std::string& to) {
  if (has(to)) {
    throw CommandError("Version row '" + to + "' is already present; can't update '" + from
                       + "' to it");
  }
  auto it = has(from) ? std::find(m_rows.begin(), m_rows.end(), from) : m_rows.end();
  if (it == m_rows.end()) {
    throw CommandError("Version row '" + from + "' is not present; can't update it to '" + to
                       + "'");
  }
  m_row_refs[static_cast<std::size_t>(it - m_rows.begin())] = &row_nodes(to);
  *it = to;
  m_present.erase(from);
  m_present.insert(to);
  m_ops.push_back({VersionOp::Kind::update, from, to});
}

const std::vector<int>& HeadMaintainer::row_nodes(const std::string& row) const {
  auto it = m_row_nodes.find(row);
  if (it == m_row_nodes.end()) {
    // Alembic resolves rows like any identifier (get_revisions); ours are ids but need not be.
    const int exact = m_resolver.index().find_id(row);
    it = m_row_nodes
             .emplace(row,
                      exact >= 0 ? std::vector<int>{exact}
                                 : nodes_of(m_resolver.get_revisions(std::string_view(row))))
             .first;
  }
  return it->second;
}

bool HeadMaintainer::implied_by_rows(int down, const std::vector<std::string>& excluded) const {
  const MapIndex& index = m_resolver.index();
  Bits is_other(index.ids.size());
  std::vector<int> below_rows; // walking down from the other rows
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    if (contains(excluded, m_rows[i])) {
      continue;
    }
    for (int node : *m_row_refs[i]) {
      if (node == down) {
        return true;
      }
      if (!is_other.test(node)) {
        is_other.set(node);
        below_rows.push_back(node);
      }
    }
  }
  // Alembic computes all ancestors of the other rows. The same answer comes from walking up
  // from `down` until a row is met, or down from the rows (not below `down`'s rank) until
  // `down` is met; walking both in step costs only the cheaper of the two walks.
  const int floor = index.rank[down];
  Bits seen_up(index.ids.size());
  Bits seen_down(index.ids.size());
  std::vector<int> above_down{down};
  seen_up.set(down);
  for (int node : below_rows) {
    seen_down.set(node);
  }
  while (!above_down.empty() && !below_rows.empty()) {
    const int up = above_down.back();
    above_down.pop_back();
    for (int child : index.all_nextrev[up]) {
      if (is_other.test(child)) {
        return true;
      }
      if (!seen_up.test(child)) {
        seen_up.set(child);
        above_down.push_back(child);
      }
    }
    const int node = below_rows.back();
    below_rows.pop_back();
    for (int parent : index.normalized_down[node]) {
      if (parent == down) {
        return true;
      }
      if (index.rank[parent] > floor && !seen_down.test(parent)) {
        seen_down.set(parent);
        below_rows.push_back(parent);
      }
    }
  }
  return false;
}

Bits HeadMaintainer::below_each_other(int revision) const {
  const MapIndex& index = m_resolver.index();
  std::vector<int> parents;
  for (int down : index.normalized_down[revision]) {
    parents.insert(
        parents.end(), index.normalized_down[down].begin(), index.normalized_down[down].end());
  }
  return reachable(
      index, index.normalized_down, parents, lowest_rank(index, index.normalized_down[revision]));
}

std::vector<std::string> HeadMaintainer::unmerge_targets(int revision) const {
  const MapIndex& index = m_resolver.index();
  const std::string& id = index.ids[revision];
  // Down revisions the other rows already imply need no row of their own (Alembic), nor do
  // those below another down revision (upstream >= 1.16 when no other row exists; always here,
  // since two rows on one line would break the next command's overlap check).
  const Bits below = below_each_other(revision);
  std::vector<std::string> out;
  for (int down : index.normalized_down[revision]) {
    if (!below.test(down) && !implied_by_rows(down, {id})) {
      out.push_back(index.ids[down]);
    }
  }
  return out;
}

std::vector<VersionOp> HeadMaintainer::revision_step(int revision, bool is_upgrade) {
  m_ops.clear();
  const MapIndex& index = m_resolver.index();
  const std::string& id = index.ids[revision];
  const std::vector<std::string> downs = ids_of(index, index.normalized_down[revision]);
  std::vector<std::string> present;
  for (const std::string& down : downs) {
    if (has(down)) {
      present.push_back(down);
    }
  }
  if (!is_upgrade && has(id)) {
    const std::vector<std::string> targets =
        downs.empty() ? std::vector<std::string>{} : unmerge_targets(revision);
    if (targets.empty()) {
      remove(id); // back to base, or to revisions another row still implies
      return m_ops;
    }
    if (downs.size() > 1) {
      for (std::size_t i = 0; i + 1 < targets.size(); ++i) {
        insert(targets[i]);
      }
      update(id, targets.back());
      return m_ops;
    }
  }
  if (is_upgrade && present.empty()) {
    insert(id); // a base, or a new branch: none of its down revisions has a row
    return m_ops;
  }
  if (is_upgrade && downs.size() > 1 && present.size() > 1) {
    // A merge: one row becomes the merge, the others go, except those other rows imply.
    std::vector<std::string> merged = downs;
    std::erase_if(merged, [&](const std::string& down) {
      return implied_by_rows(index.find_id(down), downs);
    });
    // A down revision without a row that another one implies (through a dependency) has
    // nothing to delete; Alembic tries anyway and fails with a KeyError.
    if (!std::all_of(merged.begin(), merged.end(), [&](const std::string& d) { return has(d); })) {
      const Bits below = below_each_other(revision);
      std::erase_if(merged, [&](const std::string& down) {
        return !has(down) && below.test(index.find_id(down));
      });
    }
    if (merged.empty()) {
      throw CommandError(k_ambiguous);
    }
    for (std::size_t i = 0; i + 1 < merged.size(); ++i) {
      remove(merged[i]);
    }
    update(merged.back(), id);
    return m_ops;
  }
  std::string down;
  if (downs.size() == 1) {
    down = downs[0];
  } else if (present.size() == 1) {
    down = present[0];
  } else {
    throw CommandError(k_ambiguous);
  }
  if (is_upgrade) {
    update(down, id);
  } else {
    update(id, down);
  }
  return m_ops;
}

std::vector<VersionOp> HeadMaintainer::stamp_step(const StampMove& move) {
  m_ops.clear();
  auto missing = [&](const std::vector<std::string>& ids) {
    return std::any_of(ids.begin(), ids.end(), [&](const std::string& x) { return !has(x); });
  };
  auto refuse = [&] {
    return CommandError("Can't stamp from '" + util::join(move.from, ", ") + "' to '"
                        + util::join(move.to, ", ") + "'");
  };
  if (!move.is_upgrade && move.branch_move) {
    if (move.from.size() != 1) {
      throw refuse();
    }
    remove(move.from[0]);
  } else if (move.is_upgrade && (move.branch_move || missing(move.from)) && missing(move.to)) {
    if (move.to.size() != 1) {
      throw refuse();
    }
    insert(move.to[0]);
  } else if (move.from.size() > 1) {
    if (move.to.empty()) {
      throw refuse();
    }
    for (std::size_t i = 0; i + 1 < move.from.size(); ++i) {
      remove(move.from[i]);
    }
    update(move.from.back(), move.to[0]);
  } else if (move.to.size() > 1) {
    if (move.from.empty()) {
      throw refuse();
    }
    for (std::size_t i = 0; i + 1 < move.to.size(); ++i) {
      insert(move.to[i]);
    }
    update(move.from[0], move.to.back());
  } else {
    if (move.from.size() != 1 || move.to.size() != 1) {
      throw refuse();
    }
    update(move.from[0], move.to[0]);
  }
  return m_ops;
}

} // namespace migrate::graph::detail
