// SPDX-License-Identifier: MIT
// iterate_revisions and its parts: targets, the revisions touched, and the topological order.
#pragma once

#include "resolve.hpp"

#include <migrate/error.hpp>
#include <migrate/graph.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace migrate::graph::detail {

// Alembic's RangeNotAncestorError keeps the two arguments for _catch_revision_errors.
class RangeError : public RangeNotAncestorError {
public:
  RangeError(std::string lower, std::string upper)
      : RangeNotAncestorError("Revision " + lower + " is not an ancestor of revision " + upper),
        m_lower(std::move(lower)),
        m_upper(std::move(upper)) {}
  const std::string& lower() const noexcept { return m_lower; }
  const std::string& upper() const noexcept { return m_upper; }

private:
  std::string m_lower;
  std::string m_upper;
};

// What _collect_upgrade_revisions / _collect_downgrade_revisions return: the revisions to emit
// and the heads the topological sort starts from.
struct Collected {
  std::vector<int> revisions;
  std::vector<int> heads;
};

// _parse_upgrade_target: the revisions an upgrade target names (relative forms walk from
// `current`).
std::vector<Ref> parse_upgrade_target(const Resolver& resolver,
                                      const Ident& current,
                                      const Ident& target,
                                      bool assert_relative_length);

// _parse_downgrade_target: (branch label, target revision); k_none means base.
std::pair<std::optional<std::string>, Ref> parse_downgrade_target(const Resolver& resolver,
                                                                  const Ident& current,
                                                                  const Ident& target,
                                                                  bool assert_relative_length);

Collected collect_upgrade(const Resolver& resolver,
                          const Ident& upper,
                          const Ident& lower,
                          const IterateOptions& options);
Collected collect_downgrade(const Resolver& resolver,
                            const Ident& upper,
                            const Ident& lower,
                            const IterateOptions& options);

// _topological_sort: top-down order (children first), ties broken by load order.
std::vector<int> topological_sort(const MapIndex& index,
                                  const std::vector<int>& revisions,
                                  const std::vector<int>& heads);

// iterate_revisions(upper, lower, ...).
std::vector<int> iterate(const Resolver& resolver,
                         const Ident& upper,
                         const Ident& lower,
                         const IterateOptions& options);

} // namespace migrate::graph::detail
