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
#include <vector>

namespace migrate::runner {

// Version-row statements, one per line, each ending in ";\n". With `checked_on_server`, an
// UPDATE or DELETE fails on the server when it touches other than one row.
std::string version_ops_sql(const VersionTable& table,
                            const std::vector<graph::VersionOp>& ops,
                            bool checked_on_server);

// The one change that takes the version table from `before` to `after`, when each holds at most
// one row (nullopt otherwise): an UPDATE, an INSERT, a DELETE, or nothing.
std::optional<std::vector<graph::VersionOp>> net_version_ops(const std::vector<std::string>& before,
                                                             const std::vector<std::string>& after);

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
