// SPDX-License-Identifier: MIT
// Alembic's HeadMaintainer.update_to_step with RevisionStep / StampStep rules: which version-table
// rows a step inserts, updates and deletes, simulated on the rows in table order.
#pragma once

#include "resolve.hpp"

#include <migrate/graph.hpp>

#include <string>
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

  // Ancestors (dependencies included) of the rows other than `excluded`.
  Bits ancestors_of_rows(const std::vector<std::string>& excluded) const;
  // _unmerge_to_revisions: which down revisions of a downgraded merge need a row.
  std::vector<std::string> unmerge_targets(int revision) const;

  const Resolver& m_resolver;
  std::vector<std::string> m_rows;
  std::vector<VersionOp> m_ops; // of the step being applied
};

} // namespace migrate::graph::detail
