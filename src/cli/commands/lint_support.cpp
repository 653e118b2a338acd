// SPDX-License-Identifier: MIT
// The lint key in revision and upgrade (docs/lint.md, "In revision and upgrade").
#include "lint_support.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>

namespace migrate::cli {

namespace {

void warn(Session& session, const std::vector<lint::Finding>& findings) {
  for (const lint::Finding& finding : findings) {
    session.err() << "migrate: warning: " << lint::format_finding(finding) << '\n';
  }
}

} // namespace

LintCounts count_findings(const std::vector<lint::Finding>& findings) {
  LintCounts counts;
  for (const lint::Finding& finding : findings) {
    ++(finding.rule->severity == lint::Severity::error ? counts.errors : counts.warnings);
  }
  return counts;
}

std::string describe_counts(const LintCounts& counts, std::size_t revisions) {
  const auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  const std::string found =
      counts.errors + counts.warnings == 0
          ? "no findings"
          : plural(counts.errors, "error") + ", " + plural(counts.warnings, "warning");
  return "Linted " + plural(revisions, "revision") + ": " + found;
}

std::vector<std::string> pending_revisions(Session& session) {
  const graph::Plan plan = graph::plan_upgrade(session.map(), session.database_heads(), "heads");
  std::vector<std::string> ids;
  for (const graph::Step& step : plan.steps) {
    ids.push_back(step.revision);
  }
  return ids;
}

void lint_new_revision(Session& session, const std::filesystem::path& path) {
  if (session.config().lint == config::LintMode::off) {
    return;
  }
  const std::string text = script::read_file(path);
  Revision revision = script::parse_revision_file(text, path.string());
  revision.text = std::make_shared<const std::string>(text);
  warn(session, lint::lint_revision(revision));
}

void lint_before_upgrade(Session& session, const runner::Planner& planner) {
  const std::optional<config::LintMode> mode = session.config().lint;
  if (!mode || *mode == config::LintMode::off) {
    return; // unset: new revisions only (lint_new_revision)
  }
  const graph::Plan plan = planner(session.database_heads());
  std::vector<lint::Finding> findings;
  for (const graph::Step& step : plan.steps) {
    if (step.kind != graph::StepKind::upgrade) {
      continue;
    }
    for (lint::Finding& finding : lint::lint_revision(session.map().node(step.revision).revision)) {
      findings.push_back(std::move(finding));
    }
  }
  if (*mode == config::LintMode::error) {
    for (const lint::Finding& finding : findings) {
      if (finding.rule->severity == lint::Severity::error) {
        throw CommandError(lint::format_finding(finding)
                           + "; nothing was applied (lint = error; 'migrate lint' lists every "
                             "finding)");
      }
    }
  }
  warn(session, findings);
}

} // namespace migrate::cli
