// SPDX-License-Identifier: MIT
// Version-row counts: checked in plain SQL on the server, read back as Alembic's error.
#include "version_row_check.hpp"

#include <charconv>

namespace migrate::runner {

namespace {

// Starts the text of the error the server-side check raises; the op's index and the count
// follow ("migrate version-row check 0: 0 rows").
constexpr std::string_view k_marker = "migrate version-row check ";

// Plain SQL, not a plpgsql DO block: a DO block is compiled for every message, which made
// transaction_per_migration runs 1.17x their floor (bench/RESULTS.md). The data-modifying CTE
// counts the rows; a count other than one casts the marker text to integer, which fails, so
// the rest of the message, its COMMIT included, is skipped and the transaction rolls back.
std::string checked_op_sql(const VersionTable& table, const graph::VersionOp& op, std::size_t i) {
  if (op.kind == graph::VersionOp::Kind::insert) {
    return table.op_sql(op);
  }
  return "WITH changed AS (" + table.op_sql(op) + " RETURNING 1) SELECT CASE count(*) WHEN 1 THEN "
         + "0 ELSE ('" + std::string(k_marker) + std::to_string(i)
         + ": ' || count(*) || ' rows')::integer END FROM changed";
}

} // namespace

std::string version_ops_sql(const VersionTable& table,
                            const std::vector<graph::VersionOp>& ops,
                            bool checked_on_server) {
  std::string sql;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    sql += checked_on_server ? checked_op_sql(table, ops[i], i) : table.op_sql(ops[i]);
    sql += ";\n";
  }
  return sql;
}

std::optional<std::vector<graph::VersionOp>>
net_version_ops(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  using Kind = graph::VersionOp::Kind;
  if (before.size() > 1 || after.size() > 1) {
    return std::nullopt;
  }
  if (before == after) {
    return std::vector<graph::VersionOp>{};
  }
  if (before.empty()) {
    return std::vector<graph::VersionOp>{{Kind::insert, "", after.front()}};
  }
  if (after.empty()) {
    return std::vector<graph::VersionOp>{{Kind::remove, before.front(), ""}};
  }
  return std::vector<graph::VersionOp>{{Kind::update, before.front(), after.front()}};
}

SqlError version_row_error(const VersionTable& table,
                           const graph::VersionOp& op,
                           long long count,
                           int statement_index) {
  const std::string action =
      op.kind == graph::VersionOp::Kind::update
          ? "updating " + quote_literal(op.from) + " to " + quote_literal(op.to)
          : "deleting " + quote_literal(op.from);
  SqlError::Fields fields;
  fields.message = "Online migration expected to match one row when " + action + " in "
                   + quote_literal(table.name()) + "; " + std::to_string(count) + " found";
  fields.sqlstate = "P0001"; // what a RAISE EXCEPTION would have said
  fields.statement_index = statement_index;
  return SqlError("ERROR " + fields.sqlstate + ": " + fields.message, fields);
}

std::optional<SqlError> as_version_row_error(const SqlError& error,
                                             const VersionTable& table,
                                             const std::vector<graph::VersionOp>& ops) {
  // PostgreSQL: invalid input syntax for type integer: "migrate version-row check 0: 0 rows"
  const std::string& message = error.fields().message;
  const std::size_t at = message.find(k_marker);
  if (error.fields().sqlstate != "22P02" || at == std::string::npos) {
    return std::nullopt;
  }
  const char* cursor = message.data() + at + k_marker.size();
  const char* end = message.data() + message.size();
  std::size_t op_index = 0;
  long long count = 0;
  auto parsed = std::from_chars(cursor, end, op_index);
  if (parsed.ec != std::errc() || op_index >= ops.size()
      || std::string_view(parsed.ptr, static_cast<std::size_t>(end - parsed.ptr)).substr(0, 2)
             != ": ") {
    return std::nullopt;
  }
  parsed = std::from_chars(parsed.ptr + 2, end, count);
  if (parsed.ec != std::errc()) {
    return std::nullopt;
  }
  return version_row_error(table, ops[op_index], count, error.fields().statement_index);
}

} // namespace migrate::runner
