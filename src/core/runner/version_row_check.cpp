// SPDX-License-Identifier: MIT
// Version-row counts: checked in plain SQL on the server, read back as Alembic's error.
#include "version_row_check.hpp"

#include <atomic>
#include <charconv>

namespace migrate::runner {

namespace {

// Starts the text of the error the server-side check raises; the op's index and the count
// follow ("migrate version-row check 0: 0 rows").
constexpr std::string_view k_marker = "migrate version-row check ";

// Every prepared check's name starts so, unlike any a revision would choose.
constexpr std::string_view k_check_prefix = "migrate_version_row_";

std::string checked_op_sql(const PreparedChecks& checks,
                           const VersionTable& table,
                           const graph::VersionOp& op,
                           std::size_t i) {
  switch (op.kind) {
  case graph::VersionOp::Kind::insert:
    return table.op_sql(op);
  case graph::VersionOp::Kind::update:
    return "EXECUTE " + checks.update + "(" + quote_literal(op.from) + ", " + quote_literal(op.to)
           + ", " + std::to_string(i) + ")";
  case graph::VersionOp::Kind::remove:
    break;
  }
  return "EXECUTE " + checks.remove + "(" + quote_literal(op.from) + ", " + std::to_string(i) + ")";
}

// The body of a check: `change` (a data-modifying statement with RETURNING 1) must touch one
// row, else a cast of the marker text fails; $index is the op's place among the message's.
std::string count_check(const std::string& change, int index) {
  return "WITH changed AS (" + change + " RETURNING 1) SELECT CASE count(*) WHEN 1 THEN 0 ELSE ('"
         + std::string(k_marker) + "' || $" + std::to_string(index)
         + " || ': ' || count(*) || ' rows')::integer END FROM changed";
}

} // namespace

PreparedChecks PreparedChecks::next() {
  // Names of their own for every run: a session may run several (autogenerate replays one per
  // head), and a statement cannot be prepared twice under one name.
  static std::atomic<unsigned> runs{0};
  const std::string number = std::to_string(runs++);
  return PreparedChecks{std::string(k_check_prefix) + "update_" + number,
                        std::string(k_check_prefix) + "delete_" + number};
}

std::string version_ops_sql(const VersionTable& table,
                            const std::vector<graph::VersionOp>& ops,
                            const PreparedChecks* checks) {
  std::string sql;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    sql += checks != nullptr ? checked_op_sql(*checks, table, ops[i], i) : table.op_sql(ops[i]);
    sql += ";\n";
  }
  return sql;
}

std::string prepare_checks_sql(const PreparedChecks& checks, const VersionTable& table) {
  const std::string& name = table.qualified_name();
  return "PREPARE " + checks.update + " (text, text, int) AS "
         + count_check("UPDATE " + name + " SET version_num=$2 WHERE " + name + ".version_num = $1",
                       3)
         + ";\nPREPARE " + checks.remove + " (text, int) AS "
         + count_check("DELETE FROM " + name + " WHERE " + name + ".version_num = $1", 2) + ";\n";
}

std::string inline_checked_ops_sql(const VersionTable& table,
                                   const std::vector<graph::VersionOp>& ops) {
  std::string sql;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind == graph::VersionOp::Kind::insert) {
      sql += table.op_sql(ops[i]);
    } else {
      std::string check = count_check(table.op_sql(ops[i]), 0);
      check.replace(check.find("$0"), 2, std::to_string(i));
      sql += check;
    }
    sql += ";\n";
  }
  return sql;
}

bool may_drop_prepared(std::string_view sql) {
  std::string lowered(sql);
  for (char& c : lowered) {
    c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return lowered.find("deallocate") != std::string::npos
         || lowered.find("discard") != std::string::npos;
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
