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

namespace migrate::runner {

// A step's version-row statements, one per line, each ending in ";\n". With `checked_on_server`,
// an UPDATE or DELETE fails on the server when it touches other than one row.
std::string
version_ops_sql(const VersionTable& table, const graph::Step& step, bool checked_on_server);

// The error for op `op_index` of `step` having touched `count` rows: Alembic's "Online
// migration expected to match one row when updating 'a' to 'b' in 'alembic_version'; 0 found",
// SQLSTATE P0001, at statement `statement_index` of the message.
SqlError version_row_error(const VersionTable& table,
                           const graph::Step& step,
                           std::size_t op_index,
                           long long count,
                           int statement_index);

// That error, when `error` is the server-side check of one of `step`'s ops failing; nullopt for
// any other error.
std::optional<SqlError>
as_version_row_error(const SqlError& error, const VersionTable& table, const graph::Step& step);

} // namespace migrate::runner
