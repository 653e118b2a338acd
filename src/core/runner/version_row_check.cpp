// SPDX-License-Identifier: MIT
// Version-row counts: checked in plain SQL on the server, read back as Alembic's error.
#include "version_row_check.hpp"

#include <migrate/util/strings.hpp>

#include <atomic>
#include <charconv>

namespace migrate::runner {

namespace {

// Starts the text of the error the server-side check raises; the op's index and the count
// follow ("migrate version-row check 0: 0 rows").
constexpr std::string_view k_marker = "migrate version-row check ";

// Every prepared check's name starts so, unlike any a revision would choose.
constexpr std::string_view k_check_prefix = "migrate_version_row_";

// The body of a check: `change` (a data-modifying statement) must touch one row, else a cast of
// the marker text fails; `op_index` (SQL: a number or a parameter) is the op's place in the
// message.
std::string count_check(const std::string& change, const std::string& op_index) {
  return "WITH changed AS (" + change + " RETURNING 1) SELECT CASE count(*) WHEN 1 THEN 0 ELSE ('"
         + std::string(k_marker) + "' || " + op_index
         + " || ': ' || count(*) || ' rows')::integer END FROM changed";
}

// One statement per op, each ending in ";\n": an INSERT as it is (nothing to check), an UPDATE or
// DELETE as `changing` writes it.
template <class Changing>
std::string ops_sql(const VersionTable& table,
                    const std::vector<graph::VersionOp>& ops,
                    const Changing& changing) {
  std::string sql;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    sql += ops[i].kind == graph::VersionOp::Kind::insert ? table.op_sql(ops[i])
                                                         : changing(ops[i], std::to_string(i));
    sql += ";\n";
  }
  return sql;
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
  return ops_sql(table, ops, [&](const graph::VersionOp& op, const std::string& i) {
    if (checks == nullptr) {
      return table.op_sql(op);
    }
    if (op.kind == graph::VersionOp::Kind::update) {
      return "EXECUTE " + checks->update + "(" + quote_literal(op.from) + ", "
             + quote_literal(op.to) + ", " + i + ")";
    }
    return "EXECUTE " + checks->remove + "(" + quote_literal(op.from) + ", " + i + ")";
  });
}

std::string prepare_checks_sql(const PreparedChecks& checks, const VersionTable& table) {
  const std::string& name = table.qualified_name();
  return "PREPARE " + checks.update + " (text, text, int) AS "
         + count_check("UPDATE " + name + " SET version_num=$2 WHERE " + name + ".version_num = $1",
                       "$3")
         + ";\nPREPARE " + checks.remove + " (text, int) AS "
         + count_check("DELETE FROM " + name + " WHERE " + name + ".version_num = $1", "$2")
         + ";\n";
}

std::string inline_checked_ops_sql(const VersionTable& table,
                                   const std::vector<graph::VersionOp>& ops) {
  return ops_sql(table, ops, [&](const graph::VersionOp& op, const std::string& i) {
    return count_check(table.op_sql(op), i);
  });
}

bool may_drop_prepared(std::string_view sql) {
  const std::string lowered = util::to_lower(sql);
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
