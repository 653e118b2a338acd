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

std::string quote_literal(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c;
    if (c == '\'') {
      quoted += '\'';
    }
  }
  return quoted + "'";
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

std::string VersionTable::insert_sql(std::string_view version) const {
  return "INSERT INTO " + qualified_name() + " (version_num) VALUES (" + quote_literal(version)
         + ")";
}

std::string VersionTable::update_sql(std::string_view from, std::string_view to) const {
  return "UPDATE " + qualified_name() + " SET version_num=" + quote_literal(to) + " WHERE "
         + qualified_name() + ".version_num = " + quote_literal(from);
}

std::string VersionTable::delete_sql(std::string_view version) const {
  return "DELETE FROM " + qualified_name() + " WHERE " + qualified_name()
         + ".version_num = " + quote_literal(version);
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
