// SPDX-License-Identifier: MIT
// Version-row bookkeeping per step (Alembic's HeadMaintainer, RevisionStep and StampStep). Rows
// keep table order: INSERT appends, UPDATE replaces in place, DELETE removes. Where Alembic
// iterates a Python set (which merged rows are deleted, which unmerged ids are inserted), we use
// the order of the revision's down revisions: delete or insert all but the last, and update the
// row of the last.
#include "head_maintainer.hpp"

#include "util/strings.hpp"

#include <migrate/error.hpp>

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
    if (!contains(m_rows, row)) {
      m_rows.push_back(row); // the table's primary key makes rows unique
    }
  }
}

bool HeadMaintainer::has(const std::string& id) const {
  return contains(m_rows, id);
}

// Alembic checks (online) that every UPDATE and DELETE hits exactly one row, and asserts an
// INSERT is new; a plan that would break that is refused before anything runs.
void HeadMaintainer::insert(const std::string& id) {
  if (has(id)) {
    throw CommandError("Version row '" + id + "' is already present; can't insert it");
  }
  m_rows.push_back(id);
  m_ops.push_back({VersionOp::Kind::insert, {}, id});
}

void HeadMaintainer::remove(const std::string& id) {
  auto it = std::find(m_rows.begin(), m_rows.end(), id);
  if (it == m_rows.end()) {
    throw CommandError("Version row '" + id + "' is not present; can't delete it");
  }
  m_rows.erase(it);
  m_ops.push_back({VersionOp::Kind::remove, id, {}});
}

void HeadMaintainer::update(const std::string& from, const std::string& to) {
  if (has(to)) {
    throw CommandError("Version row '" + to + "' is already present; can't update '" + from
                       + "' to it");
  }
  auto it = std::find(m_rows.begin(), m_rows.end(), from);
  if (it == m_rows.end()) {
    throw CommandError("Version row '" + from + "' is not present; can't update it to '" + to
                       + "'");
  }
  *it = to;
  m_ops.push_back({VersionOp::Kind::update, from, to});
}

Bits HeadMaintainer::ancestors_of_rows(const std::vector<std::string>& excluded) const {
  std::vector<std::string> others;
  for (const std::string& row : m_rows) {
    if (!contains(excluded, row)) {
      others.push_back(row);
    }
  }
  const MapIndex& index = m_resolver.index();
  const std::vector<int> nodes = nodes_of(m_resolver.get_revisions(Ident{others, true}));
  return reachable(index, index.normalized_down, nodes);
}

std::vector<std::string> HeadMaintainer::unmerge_targets(int revision) const {
  const MapIndex& index = m_resolver.index();
  const std::string& id = index.ids[revision];
  const std::vector<int>& downs = index.normalized_down[revision];
  Bits implied(index.ids.size());
  const bool others =
      std::any_of(m_rows.begin(), m_rows.end(), [&](const std::string& row) { return row != id; });
  if (others) {
    // Down revisions the other rows already imply need no row of their own.
    implied = ancestors_of_rows({id});
  } else {
    // Alone: skip a down revision that is below another one (upstream >= 1.16).
    std::vector<int> parents;
    for (int down : downs) {
      parents.insert(
          parents.end(), index.normalized_down[down].begin(), index.normalized_down[down].end());
    }
    implied = reachable(index, index.normalized_down, parents);
  }
  std::vector<std::string> out;
  for (int down : downs) {
    if (!implied.test(down)) {
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
    if (std::any_of(m_rows.begin(), m_rows.end(), [&](const std::string& row) {
          return !contains(downs, row);
        })) {
      const Bits implied = ancestors_of_rows(downs);
      std::erase_if(merged,
                    [&](const std::string& down) { return implied.test(index.find_id(down)); });
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
