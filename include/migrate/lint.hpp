// SPDX-License-Identifier: MIT
// lint: each statement of a revision parsed by PostgreSQL's own parser (libpg_query, the
// PostgreSQL 15 grammar) and checked against rules for locking hazards, table rewrites, data
// loss and missing downgrades (docs/lint.md).
#pragma once

#include <migrate/revision.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace migrate::lint {

enum class Severity { warning, error };
std::string_view severity_name(Severity severity); // "warning", "error"

struct Rule {
  std::string_view id; // "create-index-not-concurrently"
  Severity severity;
  std::string_view why;     // what happens on a busy database
  std::string_view instead; // the safe way to do it
};

// Every rule, in the order docs/lint.md lists them.
const std::vector<Rule>& rules();
// The rule with this id; nullptr when there is none.
const Rule* find_rule(std::string_view id);

struct Finding {
  std::string file;
  int line = 0; // the statement's first line in the file
  const Rule* rule = nullptr;
  std::string message; // what was found, then what to do instead
  std::string revision;
};

// Lints one revision: both sections are parsed (a syntax error in either is a finding), the
// upgrade section is checked against the rules, and a revision without a downgrade section is a
// finding. "-- migrate:lint-ignore RULE[, RULE]" on the line just before a statement silences
// those rules for it. The sections are read as script::read_section reads them.
std::vector<Finding> lint_revision(const Revision& revision);

// Lints SQL given as text, for tests and the corpus comparison: `sql` is an upgrade section that
// starts at line `first_line` of `file`.
std::vector<Finding> lint_sql(std::string_view sql,
                              const std::string& file,
                              int first_line = 1,
                              bool transactional = true);

// "file:line: rule-id: severity: message"
std::string format_finding(const Finding& finding);

} // namespace migrate::lint
