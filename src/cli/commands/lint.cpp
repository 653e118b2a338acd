// SPDX-License-Identifier: MIT
// `lint [RANGE]`: the chosen revisions' statements through PostgreSQL's parser and the rule
// table (docs/lint.md); `file:line: rule-id: severity: message` per finding, exit 1 when one is
// an error. Also what `revision` and `upgrade` run under the `lint` key.
#include "commands.hpp"
#include "json_output.hpp"
#include "lint_support.hpp"
#include "resolve.hpp"

#include <migrate/error.hpp>
#include <migrate/lint.hpp>

#include <algorithm>

namespace migrate::cli {

namespace {

struct LintOptions {
  std::string range;
  bool all = false;
};

// The revisions to lint, oldest first: RANGE (history's A:B, or one revision), --all, the
// pending ones when a database is configured, else all of them.
std::vector<std::string> chosen_revisions(Session& session, const LintOptions& options) {
  const graph::RevisionMap& map = session.map();
  if (!options.range.empty()) {
    const RangeArgument range = split_range(options.range);
    if (!range.is_range) {
      return resolve_revisions(map, options.range);
    }
    std::vector<std::string> ids = graph::walk_revisions(
        map, range.from.empty() ? "base" : range.from, range.to.empty() ? "heads" : range.to);
    std::reverse(ids.begin(), ids.end());
    return ids;
  }
  if (!options.all && session.database_url()) {
    return pending_revisions(session);
  }
  std::vector<std::string> ids = graph::walk_revisions(map, "base", "heads");
  std::reverse(ids.begin(), ids.end());
  return ids;
}

void run_lint(Session& session, const LintOptions& options) {
  const graph::RevisionMap& map = session.map();
  const std::vector<std::string> ids = chosen_revisions(session, options);
  std::vector<lint::Finding> findings;
  for (const std::string& id : ids) {
    for (lint::Finding& finding : lint::lint_revision(map.node(id).revision)) {
      findings.push_back(std::move(finding));
    }
  }
  const LintCounts counts = count_findings(findings);
  if (session.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const lint::Finding& finding : findings) {
      list.push_back({{"file", finding.file},
                      {"line", finding.line},
                      {"revision", finding.revision},
                      {"rule", finding.rule->id},
                      {"severity", lint::severity_name(finding.rule->severity)},
                      {"message", finding.message},
                      {"why", finding.rule->why}});
    }
    print_json(session,
               "lint",
               {{"revisions", ids.size()},
                {"errors", counts.errors},
                {"warnings", counts.warnings},
                {"findings", list}});
  } else {
    for (const lint::Finding& finding : findings) {
      session.print(lint::format_finding(finding));
    }
    session.info(describe_counts(counts, ids.size()));
  }
  if (counts.errors > 0) {
    throw CommandError("lint found " + std::to_string(counts.errors) + " error"
                       + (counts.errors == 1 ? "" : "s") + "; the first: "
                       + lint::format_finding(*std::find_if(
                           findings.begin(), findings.end(), [](const lint::Finding& f) {
                             return f.rule->severity == lint::Severity::error;
                           })));
  }
}

} // namespace

void add_lint_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<LintOptions>();
  CLI::App* lint = app.add_subcommand(
      "lint", "Check revisions' SQL for locking hazards, rewrites, data loss and syntax errors");
  lint->add_option("range",
                   options->range,
                   "A revision, or a range A:B as in history -r (default: the revisions not yet "
                   "applied, or all of them when no database is configured)");
  lint->add_flag("--all", options->all, "Every revision, whatever the database has applied");
  lint->footer("Rules, with why and what to do instead: docs/lint.md. '-- migrate:lint-ignore "
               "RULE' on the line before a statement silences RULE for it.\n"
               "Examples:\n  migrate lint\n  migrate lint --all --format json\n"
               "  migrate lint 1975ea83b712:head");
  lint->callback([&session, options] { run_lint(session, *options); });
}

} // namespace migrate::cli
