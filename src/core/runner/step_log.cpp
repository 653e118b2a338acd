// SPDX-License-Identifier: MIT
// The applied-steps log beside the version table (docs/commands.md, "The applied-steps log"): its
// table, the row each step writes, and reading it back for history --applied and verify.
#include "step_log.hpp"

#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/util/strings.hpp>

#include <map>
#include <set>

namespace migrate::runner {

namespace {

constexpr std::string_view k_columns = "revision, direction, from_rows, to_rows, checksum, "
                                       "started_at, duration_ms, applied_by, application_name, "
                                       "migrate_version";

const char* direction_of(graph::StepKind kind) {
  switch (kind) {
  case graph::StepKind::upgrade:
    return "upgrade";
  case graph::StepKind::downgrade:
    return "downgrade";
  case graph::StepKind::stamp:
    break;
  }
  return "stamp";
}

} // namespace

std::string log_table_name(const VersionTable& table) {
  const std::string name = quote_identifier_if_needed(table.name() + "_log");
  return table.schema() ? quote_identifier_if_needed(*table.schema()) + "." + name : name;
}

std::string log_table_create_sql(const VersionTable& table) {
  return "CREATE TABLE IF NOT EXISTS " + log_table_name(table)
         + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, revision varchar(32), "
           "direction text NOT NULL, from_rows text NOT NULL, to_rows text NOT NULL, checksum "
           "text, started_at timestamptz NOT NULL, duration_ms double precision NOT NULL, "
           "applied_by text NOT NULL, application_name text, migrate_version text NOT NULL)";
}

std::string normalised_sql(std::string_view sql) {
  std::vector<std::string> lines;
  for (std::string line : util::split(sql, '\n')) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.pop_back();
    }
    lines.push_back(std::move(line));
  }
  std::size_t first = 0;
  while (first < lines.size() && lines[first].empty()) {
    ++first;
  }
  std::size_t last = lines.size();
  while (last > first && lines[last - 1].empty()) {
    --last;
  }
  return util::join(std::vector<std::string>(lines.begin() + static_cast<std::ptrdiff_t>(first),
                                             lines.begin() + static_cast<std::ptrdiff_t>(last)),
                    "\n");
}

std::string step_start_marker_sql() {
  return "SELECT set_config('migrate.step_started', clock_timestamp()::text, true);\n";
}

std::string log_insert_sql(const VersionTable& table,
                           const graph::Step& step,
                           const std::string& checksum,
                           const std::string& migrate_version,
                           StepStart start,
                           double client_ms) {
  std::string duration = "1000 * extract(epoch FROM clock_timestamp() - statement_timestamp())";
  std::string started = "statement_timestamp()";
  if (start == StepStart::marker) {
    started = "current_setting('migrate.step_started')::timestamptz";
    duration = "1000 * extract(epoch FROM clock_timestamp() - " + started + ")";
  } else if (start == StepStart::client) {
    duration = std::to_string(client_ms);
    started =
        "clock_timestamp() - " + quote_literal(std::to_string(client_ms) + " ms") + "::interval";
  }
  return "INSERT INTO " + log_table_name(table) + " (" + std::string(k_columns) + ") VALUES ("
         + (step.revision.empty() ? "NULL" : quote_literal(step.revision)) + ", '"
         + direction_of(step.kind) + "', " + quote_literal(util::join(step.from, ",")) + ", "
         + quote_literal(util::join(step.to, ",")) + ", "
         + (checksum.empty() ? "NULL" : quote_literal(checksum)) + ", " + started + ", " + duration
         + ", current_user, current_setting('application_name'), " + quote_literal(migrate_version)
         + ");\n";
}

std::vector<LogRow> read_log(Database& database, const VersionTable& table) {
  const std::vector<Row> exists = database.query(
      "SELECT to_regclass(" + quote_literal(log_table_name(table)) + ") IS NOT NULL");
  if (exists.empty() || exists[0].empty() || exists[0][0] != "t") {
    return {};
  }
  std::vector<LogRow> rows;
  for (const Row& row : database.query(
           "SELECT coalesce(revision, ''), direction, from_rows, to_rows, coalesce(checksum, ''), "
           "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') || ' UTC', "
           "duration_ms, applied_by, coalesce(application_name, ''), migrate_version FROM "
           + log_table_name(table) + " ORDER BY id")) {
    const auto text = [&row](std::size_t i) { return row.at(i).value_or(""); };
    rows.push_back(LogRow{text(0),
                          text(1),
                          text(2),
                          text(3),
                          text(4),
                          text(5),
                          std::stod(text(6).empty() ? "0" : text(6)),
                          text(7),
                          text(8),
                          text(9)});
  }
  return rows;
}

ChecksumReport verify_checksums(Database& database,
                                const graph::RevisionMap& map,
                                const VersionTable& table,
                                const std::vector<std::string>& heads,
                                const std::function<std::string(std::string_view)>& checksum) {
  // The checksum each revision's last upgrade was logged with; a later downgrade of it means
  // it is not applied as logged any more.
  std::map<std::string, std::string> logged;
  for (const LogRow& row : read_log(database, table)) {
    if (row.revision.empty()) {
      continue;
    }
    if (row.direction == "upgrade") {
      logged[row.revision] = row.checksum;
    } else if (row.direction == "downgrade") {
      logged.erase(row.revision);
    }
  }
  ChecksumReport report;
  std::vector<std::string> known;
  for (const std::string& head : heads) {
    if (map.contains(head)) {
      known.push_back(head);
    }
  }
  for (const std::string& id : map.ancestors(known)) {
    const auto found = logged.find(id);
    if (found == logged.end() || found->second.empty()) {
      ++report.unlogged;
      continue;
    }
    const Revision& revision = map.node(id).revision;
    const std::string now =
        checksum(normalised_sql(script::read_section(revision, revision.upgrade).sql));
    if (now == found->second) {
      ++report.matched;
    } else {
      report.mismatches.push_back(
          revision.path + ": revision " + id + " was applied with other SQL (checksum "
          + found->second.substr(0, 12) + " in the log, " + now.substr(0, 12) + " in the file)");
    }
  }
  return report;
}

} // namespace migrate::runner
