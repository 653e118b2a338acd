// SPDX-License-Identifier: MIT
// The check that a version-row UPDATE or DELETE touched exactly one row (Alembic refuses to go
// on otherwise): done by the client where nothing commits before it reads the counts, and on
// the server, before the COMMIT, where each message commits.
#pragma once

#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/runner.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::runner {

// The server-side checks of one run: statements prepared in the session (prepare_checks_sql).
// Prepared once, a check costs no parse and plan per revision; sent in plain SQL with every
// revision it was 8% of the floor's time for 1,000 revisions with transaction_per_migration
// (bench/RESULTS.md).
struct PreparedChecks {
  std::string update;           // (from text, to text, op index int)
  std::string remove;           // (from text, op index int)
  static PreparedChecks next(); // names not used before in this process
};

// Version-row statements, one per line, each ending in ";\n". With `checks`, an UPDATE or DELETE
// fails on the server when it touches other than one row.
std::string version_ops_sql(const VersionTable& table,
                            const std::vector<graph::VersionOp>& ops,
                            const PreparedChecks* checks);

// The PREPARE statements of `checks`; the version table must exist when they run.
std::string prepare_checks_sql(const PreparedChecks& checks, const VersionTable& table);

// The checked statements without prepared ones, for a message whose revision may drop them.
std::string inline_checked_ops_sql(const VersionTable& table,
                                   const std::vector<graph::VersionOp>& ops);

// Whether `sql` may drop the session's prepared statements (DEALLOCATE, DISCARD ALL): a loose
// look for the words, so a comment mentioning them costs only the cheaper form of the check.
bool may_drop_prepared(std::string_view sql);

// The error for `op` having touched `count` rows: Alembic's "Online migration expected to match
// one row when updating 'a' to 'b' in 'alembic_version'; 0 found", SQLSTATE P0001, at statement
// `statement_index` of the message.
SqlError version_row_error(const VersionTable& table,
                           const graph::VersionOp& op,
                           long long count,
                           int statement_index);

// That error, when `error` is the server-side check of one of `ops` failing; nullopt for any
// other error.
std::optional<SqlError> as_version_row_error(const SqlError& error,
                                             const VersionTable& table,
                                             const std::vector<graph::VersionOp>& ops);

} // namespace migrate::runner
