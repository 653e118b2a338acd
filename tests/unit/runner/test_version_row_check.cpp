// SPDX-License-Identifier: MIT
// Version-row checks: the statements, prepared and inline, and reading the server's check back
// as Alembic's message.
#include "version_row_check.hpp"

#include <catch2/catch.hpp>

using migrate::SqlError;
using migrate::graph::VersionOp;
using migrate::runner::as_version_row_error;
using migrate::runner::inline_checked_ops_sql;
using migrate::runner::may_drop_prepared;
using migrate::runner::prepare_checks_sql;
using migrate::runner::PreparedChecks;
using migrate::runner::version_ops_sql;
using migrate::runner::VersionTable;
using Kind = VersionOp::Kind;

namespace {

SqlError server_error(const std::string& sqlstate, const std::string& message, int index) {
  SqlError::Fields fields;
  fields.sqlstate = sqlstate;
  fields.message = message;
  fields.statement_index = index;
  return SqlError("ERROR " + sqlstate + ": " + message, fields);
}

} // namespace

TEST_CASE("version_ops_sql: plain statements, or prepared checks that fail a cast on the server") {
  const VersionTable table("alembic_version", std::nullopt);
  const std::vector<VersionOp> ops{
      {Kind::update, "a", "b"}, {Kind::insert, "", "c"}, {Kind::remove, "d", ""}};
  CHECK(version_ops_sql(table, ops, nullptr)
        == "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a';\n"
           "INSERT INTO alembic_version (version_num) VALUES ('c');\n"
           "DELETE FROM alembic_version WHERE alembic_version.version_num = 'd';\n");
  const PreparedChecks checks = PreparedChecks::next();
  const PreparedChecks others = PreparedChecks::next();
  CHECK(checks.update != others.update); // a session may run several runs
  CHECK(checks.update.starts_with("migrate_version_row_"));
  CHECK(version_ops_sql(table, ops, &checks)
        == "EXECUTE " + checks.update + "('a', 'b', 0);\n"
               + "INSERT INTO alembic_version (version_num) VALUES ('c');\n" + "EXECUTE "
               + checks.remove + "('d', 2);\n");
  CHECK(prepare_checks_sql(checks, table)
        == "PREPARE " + checks.update
               + " (text, text, int) AS WITH changed AS (UPDATE alembic_version SET "
                 "version_num=$2 WHERE alembic_version.version_num = $1 RETURNING 1) SELECT CASE "
                 "count(*) WHEN 1 THEN 0 ELSE ('migrate version-row check ' || $3 || ': ' || "
                 "count(*) || ' rows')::integer END FROM changed;\nPREPARE "
               + checks.remove
               + " (text, int) AS WITH changed AS (DELETE FROM alembic_version WHERE "
                 "alembic_version.version_num = $1 RETURNING 1) SELECT CASE count(*) WHEN 1 THEN "
                 "0 ELSE ('migrate version-row check ' || $2 || ': ' || count(*) || ' "
                 "rows')::integer END FROM changed;\n");
  CHECK(inline_checked_ops_sql(table, {ops[0], ops[2]})
        == "WITH changed AS (UPDATE alembic_version SET version_num='b' WHERE "
           "alembic_version.version_num = 'a' RETURNING 1) SELECT CASE count(*) WHEN 1 THEN 0 "
           "ELSE ('migrate version-row check ' || 0 || ': ' || count(*) || ' rows')::integer END "
           "FROM changed;\nWITH changed AS (DELETE FROM alembic_version WHERE "
           "alembic_version.version_num = 'd' RETURNING 1) SELECT CASE count(*) WHEN 1 THEN 0 "
           "ELSE ('migrate version-row check ' || 1 || ': ' || count(*) || ' rows')::integer END "
           "FROM changed;\n");
  CHECK(may_drop_prepared("SELECT 1;\nDeallocate ALL;"));
  CHECK(may_drop_prepared("discard all"));
  CHECK_FALSE(may_drop_prepared("CREATE TABLE t (id int)"));
}

TEST_CASE("as_version_row_error: the server's failed check becomes Alembic's message") {
  const VersionTable table("alembic_version", std::nullopt);
  const std::vector<VersionOp> ops{{Kind::insert, "", "x"}, {Kind::remove, "o'k", ""}};
  const auto error = as_version_row_error(
      server_error("22P02",
                   "invalid input syntax for type integer: \"migrate version-row check 1: 2 rows\"",
                   7),
      table,
      ops);
  REQUIRE(error.has_value());
  CHECK(std::string(error->what())
        == "ERROR P0001: Online migration expected to match one row when deleting 'o''k' in "
           "'alembic_version'; 2 found");
  CHECK(error->fields().statement_index == 7);
  // Anything else is left alone: another SQLSTATE, no marker, an index out of range.
  CHECK_FALSE(as_version_row_error(server_error("22P02", "invalid input syntax", 1), table, ops));
  CHECK_FALSE(as_version_row_error(
      server_error("42P01", "migrate version-row check 1: 0 rows", 1), table, ops));
  CHECK_FALSE(as_version_row_error(
      server_error("22P02", "\"migrate version-row check 5: 0 rows\"", 1), table, ops));
}
