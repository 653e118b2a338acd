// SPDX-License-Identifier: MIT
// SQL text for Alembic's version table, rendered the way SQLAlchemy renders it for PostgreSQL.
#include <migrate/runner.hpp>

#include <algorithm>
#include <array>

namespace migrate::runner {

namespace {

// PostgreSQL's reserved key words (SQL key words appendix, "reserved" column): an identifier
// spelled like one of these must be quoted.
constexpr std::array k_reserved_words{
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
};

bool is_plain_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9') || name[0] == '$') {
    return false;
  }
  const bool legal = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
  });
  if (!legal) {
    return false;
  }
  return std::find(k_reserved_words.begin(), k_reserved_words.end(), name)
         == k_reserved_words.end();
}

} // namespace

std::string quote_identifier_if_needed(std::string_view name) {
  if (is_plain_identifier(name)) {
    return std::string(name);
  }
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

namespace {

void append_literal(std::string& out, std::string_view text) {
  out += '\'';
  for (char c : text) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  out += '\'';
}

} // namespace

std::string quote_literal(std::string_view text) {
  std::string quoted;
  append_literal(quoted, text);
  return quoted;
}

VersionTable::VersionTable(std::string name, std::optional<std::string> schema)
    : m_name(std::move(name)),
      m_schema(std::move(schema)),
      m_qualified_name(m_schema ? quote_identifier_if_needed(*m_schema) + "."
                                      + quote_identifier_if_needed(m_name)
                                : quote_identifier_if_needed(m_name)) {}

std::string VersionTable::create_sql() const {
  // SQLAlchemy's CREATE TABLE layout, trailing space after the comma included, so a script
  // diffs cleanly against Alembic's.
  return "CREATE TABLE " + qualified_name() + " (\n    version_num VARCHAR(32) NOT NULL, \n"
         + "    CONSTRAINT " + quote_identifier_if_needed(m_name + "_pkc")
         + " PRIMARY KEY (version_num)\n)";
}

// The row statements are made for every step of a plan, so each is built in one string.
std::string VersionTable::insert_sql(std::string_view version) const {
  std::string sql;
  sql.reserve(64 + qualified_name().size() + version.size());
  sql.append("INSERT INTO ").append(qualified_name()).append(" (version_num) VALUES (");
  append_literal(sql, version);
  sql += ')';
  return sql;
}

std::string VersionTable::update_sql(std::string_view from, std::string_view to) const {
  std::string sql;
  sql.reserve(64 + 2 * qualified_name().size() + from.size() + to.size());
  sql.append("UPDATE ").append(qualified_name()).append(" SET version_num=");
  append_literal(sql, to);
  sql.append(" WHERE ").append(qualified_name()).append(".version_num = ");
  append_literal(sql, from);
  return sql;
}

std::string VersionTable::delete_sql(std::string_view version) const {
  std::string sql;
  sql.reserve(64 + 2 * qualified_name().size() + version.size());
  sql.append("DELETE FROM ").append(qualified_name()).append(" WHERE ").append(qualified_name());
  sql.append(".version_num = ");
  append_literal(sql, version);
  return sql;
}

std::string VersionTable::select_sql() const {
  return "SELECT " + qualified_name() + ".version_num FROM " + qualified_name();
}

std::string VersionTable::op_sql(const graph::VersionOp& op) const {
  switch (op.kind) {
  case graph::VersionOp::Kind::insert:
    return insert_sql(op.to);
  case graph::VersionOp::Kind::update:
    return update_sql(op.from, op.to);
  case graph::VersionOp::Kind::remove:
    return delete_sql(op.from);
  }
  return {};
}

} // namespace migrate::runner
