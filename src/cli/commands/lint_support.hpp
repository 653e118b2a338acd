// SPDX-License-Identifier: MIT
// What lint, revision and upgrade share: counting findings, the revisions not yet applied, and
// the `lint` key's effect on revision (the new file) and upgrade (the revisions it will apply).
#pragma once

#include "session.hpp"

#include <migrate/graph.hpp>
#include <migrate/lint.hpp>
#include <migrate/runner.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace migrate::cli {

struct LintCounts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
};
LintCounts count_findings(const std::vector<lint::Finding>& findings);
// "Linted 3 revisions: 1 error, 2 warnings" / "Linted 3 revisions: no findings"
std::string describe_counts(const LintCounts& counts, std::size_t revisions);

// The revisions `upgrade heads` would apply to the database, in that order.
std::vector<std::string> pending_revisions(Session& session);

// After `revision` wrote `path`: its findings as "migrate: warning: ..." lines, unless
// lint = off. Never fails the command: the file is the developer's to edit.
void lint_new_revision(Session& session, const std::filesystem::path& path);

// Before `upgrade` runs, when the lint key is set to warn or error: `planner`'s plan from the
// database's current revisions (read only then: an unset key costs nothing), and the findings of
// the revisions it upgrades to, as warnings; with error, the first error-level one refuses the
// run before anything is applied.
void lint_before_upgrade(Session& session, const runner::Planner& planner);

} // namespace migrate::cli
