// SPDX-License-Identifier: MIT
// Simulated version rows: what each step INSERTs, UPDATEs and DELETEs (HeadMaintainer).
#pragma once

#include "resolve.hpp"

#include <migrate/graph.hpp>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace migrate::graph::detail {

// A StampStep: replace the rows `from` by `to`.
struct StampMove {
  std::vector<std::string> from;
  std::vector<std::string> to;
  bool is_upgrade = false;
  bool branch_move = false;
};

class HeadMaintainer {
public:
  HeadMaintainer(const Resolver& resolver, const std::vector<std::string>& rows);

  // The version-row operations of running `revision` up or down; applies them to rows().
  std::vector<VersionOp> revision_step(int revision, bool is_upgrade);
  std::vector<VersionOp> stamp_step(const StampMove& move);

  const std::vector<std::string>& rows() const { return m_rows; }

private:
  bool has(const std::string& id) const;
  void insert(const std::string& id);
  void remove(const std::string& id);
  void update(const std::string& from, const std::string& to);

  // The revisions a row names (a full id; Alembic would also accept a prefix or label).
  const std::vector<int>& row_nodes(const std::string& row) const;
  // Whether `down` is one of, or below (dependencies included), the rows other than `excluded`.
  bool implied_by_rows(int down, const std::vector<std::string>& excluded) const;
  // The revisions below some down revision of `revision` (its down revisions' own ancestors).
  Bits below_each_other(int revision) const;
  // _unmerge_to_revisions: which down revisions of a downgraded merge need a row.
  std::vector<std::string> unmerge_targets(int revision) const;

  const Resolver& m_resolver;
  std::vector<std::string> m_rows;
  std::unordered_set<std::string> m_present; // m_rows as a set
  // The revisions each row names, resolved once (unordered_map keeps element addresses).
  mutable std::unordered_map<std::string, std::vector<int>> m_row_nodes;
  std::vector<const std::vector<int>*> m_row_refs; // parallel to m_rows
  std::vector<VersionOp> m_ops;                    // of the step being applied
};

} // namespace migrate::graph::detail
