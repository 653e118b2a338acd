// SPDX-License-Identifier: MIT
// The applied-steps log's pure parts: its name, the SQL a checksum reads, and a step's row.
#include "step_log.hpp"

#include <migrate/runner.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using namespace migrate::runner;

TEST_CASE("the log sits beside the version table, quoted as PostgreSQL needs") {
  CHECK(log_table_name(VersionTable()) == "alembic_version_log");
  CHECK(log_table_name(VersionTable("my_versions", "Audit")) == "\"Audit\".my_versions_log");
  CHECK(log_table_create_sql(VersionTable())
            .starts_with("CREATE TABLE IF NOT EXISTS alembic_version_log (id bigint GENERATED"));
}

TEST_CASE("a checksum reads the SQL without line-end and blank-line noise") {
  CHECK(normalised_sql("\r\n\n  CREATE TABLE t (id int);  \r\nSELECT 1;\t\n\n\n")
        == "  CREATE TABLE t (id int);\nSELECT 1;");
  CHECK(normalised_sql("SELECT 1;\n\nSELECT 2;") == "SELECT 1;\n\nSELECT 2;");
  CHECK(normalised_sql("  \n \n") == "");
  CHECK(normalised_sql("SELECT 'a  '\n") != normalised_sql("SELECT 'a'\n"));
}

TEST_CASE("a step's log row names it, and times it on the server or from the client") {
  graph::Step step;
  step.kind = graph::StepKind::upgrade;
  step.revision = "b2";
  step.from = {"a1", "x9"};
  step.to = {"b2"};
  const std::string server =
      log_insert_sql(VersionTable(), step, "abc", "0.1.0", StepStart::message);
  CHECK(server
        == "INSERT INTO alembic_version_log (revision, direction, from_rows, to_rows, checksum, "
           "started_at, duration_ms, applied_by, application_name, migrate_version) VALUES ('b2', "
           "'upgrade', 'a1,x9', 'b2', 'abc', statement_timestamp(), 1000 * extract(epoch FROM "
           "clock_timestamp() - statement_timestamp()), current_user, "
           "current_setting('application_name'), '0.1.0');\n");
  graph::Step stamp;
  stamp.kind = graph::StepKind::stamp;
  stamp.to = {"b2"};
  const std::string client =
      log_insert_sql(VersionTable(), stamp, "", "0.1.0", StepStart::client, 12.5);
  CHECK(client.find("VALUES (NULL, 'stamp', '', 'b2', NULL, clock_timestamp() - '12.500000 "
                    "ms'::interval, 12.500000, ")
        != std::string::npos);
  // Pipelined, every statement has its own statement_timestamp(): the marker holds the start.
  const std::string marked =
      log_insert_sql(VersionTable(), step, "abc", "0.1.0", StepStart::marker);
  CHECK(marked.find("'abc', current_setting('migrate.step_started')::timestamptz, 1000 * extract("
                    "epoch FROM clock_timestamp() - "
                    "current_setting('migrate.step_started')::timestamptz), ")
        != std::string::npos);
  CHECK(step_start_marker_sql().find("set_config('migrate.step_started', clock_timestamp()")
        != std::string::npos);
}
