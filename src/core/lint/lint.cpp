// SPDX-License-Identifier: MIT
// Linting a revision: split with migrate's own splitter (the lines match what a run reports),
// parse each statement with PostgreSQL's parser, apply the rules, honour lint-ignore lines.
#include "parse_tree.hpp"
#include "rules.hpp"

#include <migrate/lint.hpp>
#include <migrate/script.hpp>
#include <migrate/sql.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::lint {

namespace {

// The start of the line holding byte `offset` of `text`.
std::size_t line_start(std::string_view text, std::size_t offset) {
  const std::size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

// The rules "-- migrate:lint-ignore a, b" names on the line just before the one holding byte
// `offset` of `text` (none when there is no such line, or it is not that directive).
std::vector<std::string> ignored_before(std::string_view text, std::size_t offset) {
  const std::size_t start = line_start(text, offset);
  if (start == 0) {
    return {};
  }
  const std::size_t previous = line_start(text, start - 1);
  std::string_view content = util::trim(text.substr(previous, start - 1 - previous));
  if (!content.starts_with("--")) {
    return {};
  }
  content = util::trim(content.substr(2));
  constexpr std::string_view directive = "migrate:lint-ignore";
  if (!content.starts_with(directive)) {
    return {};
  }
  return util::split_list(content.substr(directive.size()));
}

Finding finding(const std::string& file, int line, std::string_view rule_id, std::string message) {
  Finding result;
  result.file = file;
  result.line = line;
  result.rule = find_rule(rule_id);
  result.message = std::move(message);
  return result;
}

// Lints one section. `check` is false for a downgrade section: only its syntax is checked (a
// downgrade undoing a change is expected to drop and rename).
void lint_section(std::string_view sql,
                  const std::string& file,
                  int first_line,
                  RevisionContext& context,
                  bool check,
                  std::vector<Finding>& findings) {
  std::vector<sql::Statement> statements;
  try {
    statements = sql::split_statements(sql, Location{file, first_line, 0});
  } catch (const ScriptError& e) {
    findings.push_back(finding(file, e.location().line, "syntax-error", e.what()));
    return;
  }
  for (const sql::Statement& statement : statements) {
    const int line = first_line + statement.line - 1;
    const ParsedStatement parsed = parse_statement(statement.text);
    const std::vector<std::string> ignored = ignored_before(sql, statement.offset);
    const auto silenced = [&](std::string_view id) {
      return std::find(ignored.begin(), ignored.end(), id) != ignored.end();
    };
    if (!parsed.error.empty()) {
      const int at = parsed.error_position;
      const int error_line = at > 0 ? line + sql::line_of_position(statement.text, at) - 1 : line;
      findings.push_back(
          finding(file,
                  error_line,
                  "syntax-error",
                  parsed.error
                      + (at > 0 ? " (character " + std::to_string(at) + " of the statement at line "
                                      + std::to_string(line) + ")"
                                : "")));
      continue;
    }
    for (const Hit& hit : check_statement(parsed.node, context)) {
      if (check && !silenced(hit.rule)) {
        findings.push_back(finding(
            file, line, hit.rule, hit.what + ": " + std::string(find_rule(hit.rule)->instead)));
      }
    }
  }
}

} // namespace

std::vector<Finding>
lint_sql(std::string_view sql, const std::string& file, int first_line, bool transactional) {
  RevisionContext context;
  context.transactional = transactional;
  std::vector<Finding> findings;
  lint_section(sql, file, first_line, context, true, findings);
  return findings;
}

std::vector<Finding> lint_revision(const Revision& revision) {
  RevisionContext context;
  context.transactional = revision.transactional;
  std::vector<Finding> findings;
  const script::SectionText upgrade = script::read_section(revision, revision.upgrade);
  lint_section(upgrade.sql, revision.path, upgrade.first_line, context, true, findings);
  if (revision.downgrade) {
    RevisionContext downgrade_context;
    downgrade_context.transactional = revision.transactional;
    const script::SectionText downgrade = script::read_section(revision, *revision.downgrade);
    lint_section(
        downgrade.sql, revision.path, downgrade.first_line, downgrade_context, false, findings);
  } else {
    // Silenced by a lint-ignore line just before the "-- migrate:upgrade" marker (the line
    // before the section's first byte).
    const int marker_line = revision.upgrade.first_line - 1;
    const std::string text = revision.text ? *revision.text : script::read_file(revision.path);
    const std::vector<std::string> ignored = ignored_before(
        text, line_start(text, std::max<std::size_t>(revision.upgrade.offset, 1) - 1));
    if (std::find(ignored.begin(), ignored.end(), "missing-downgrade") == ignored.end()) {
      findings.push_back(finding(revision.path,
                                 std::max(marker_line, 1),
                                 "missing-downgrade",
                                 "revision " + revision.id + " has no downgrade section: "
                                     + std::string(find_rule("missing-downgrade")->instead)));
    }
  }
  for (Finding& found : findings) {
    found.revision = revision.id;
  }
  return findings;
}

std::string format_finding(const Finding& finding) {
  return finding.file + ":" + std::to_string(finding.line) + ": " + std::string(finding.rule->id)
         + ": " + std::string(severity_name(finding.rule->severity)) + ": " + finding.message;
}

} // namespace migrate::lint
