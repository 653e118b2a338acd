// SPDX-License-Identifier: MIT
// `history [-r RANGE] [-v] [-i]`: revisions newest first, as Alembic lists them; `history
// --applied`: the applied-steps log.
#include "commands.hpp"
#include "json_output.hpp"
#include "output.hpp"
#include "resolve.hpp"

#include <migrate/error.hpp>
#include <migrate/runner.hpp>

#include <algorithm>
#include <cstdio>

namespace migrate::cli {

namespace {

struct HistoryOptions {
  std::optional<std::string> rev_range;
  bool verbose = false;
  bool indicate_current = false;
  bool applied = false;
};

void display(Session& session,
             const HistoryOptions& options,
             std::vector<std::string> base,
             std::vector<std::string> head,
             const std::vector<std::string>& currents) {
  // Python's `base or "base"` / `head or "heads"`: an empty side (including a database with no
  // rows standing for `current`) means the whole graph on that side, as in Alembic.
  if (base.empty()) {
    base = {"base"};
  }
  if (head.empty()) {
    head = {"heads"};
  }
  const graph::RevisionMap& map = session.map();
  if (session.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& id : graph::walk_revisions(map, base, head)) {
      nlohmann::json entry = revision_json(map.node(id));
      entry["is_current"] = std::find(currents.begin(), currents.end(), id) != currents.end();
      list.push_back(std::move(entry));
    }
    print_json(session, "history", {{"revisions", list}});
    return;
  }
  for (const std::string& id : graph::walk_revisions(map, base, head)) {
    LineFormat format;
    format.include_branches = true;
    format.include_doc = true;
    format.include_parents = true;
    format.current = options.indicate_current
                     && std::find(currents.begin(), currents.end(), id) != currents.end();
    session.print(format_revision(map.node(id), options.verbose, format));
  }
}

// One side of a range: "" is none, "current" is the database's heads (all of them, as Alembic
// passes the tuple on).
std::vector<std::string> side(const std::string& text, const std::vector<std::string>& currents) {
  if (text == "current") {
    return currents;
  }
  return text.empty() ? std::vector<std::string>{} : std::vector<std::string>{text};
}

// --applied: the applied-steps log, newest first; steps Alembic ran have no row.
void run_applied(Session& session) {
  const runner::VersionTable table = runner::version_table(session.config());
  const std::vector<runner::LogRow> rows = runner::read_log(session.database(), table);
  if (rows.empty() && !session.json()) {
    session.print("No steps in the applied-steps log " + runner::log_table_name(table)
                  + " (migrate writes it; steps Alembic ran have no row)");
    return;
  }
  if (session.json()) {
    nlohmann::json steps = nlohmann::json::array();
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
      steps.push_back(
          {{"revision", row->revision.empty() ? nlohmann::json() : nlohmann::json(row->revision)},
           {"direction", row->direction},
           {"from", row->from_rows},
           {"to", row->to_rows},
           {"checksum", row->checksum.empty() ? nlohmann::json() : nlohmann::json(row->checksum)},
           {"started_at", row->started_at},
           {"duration_ms", row->duration_ms},
           {"applied_by", row->applied_by},
           {"application_name", row->application_name},
           {"migrate_version", row->migrate_version}});
    }
    print_json(session, "history", {{"applied", steps}});
    return;
  }
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f ms", row->duration_ms);
    std::string line = row->started_at + "  " + row->direction + " "
                       + (row->from_rows.empty() ? "<base>" : row->from_rows) + " -> "
                       + (row->to_rows.empty() ? "<base>" : row->to_rows) + "  " + duration
                       + "  by " + row->applied_by;
    if (!row->application_name.empty()) {
      line += " (" + row->application_name + ")";
    }
    line += "  migrate " + row->migrate_version;
    if (!row->checksum.empty()) {
      line += "  sha256 " + row->checksum.substr(0, 12);
    }
    session.print(line);
  }
}

void run_history(Session& session, const HistoryOptions& options) {
  if (options.applied) {
    if (options.rev_range || options.verbose || options.indicate_current) {
      throw UsageError("--applied lists the applied-steps log: no -r, -v or -i with it");
    }
    run_applied(session);
    return;
  }
  std::string base;
  std::string head;
  if (options.rev_range) {
    const RangeArgument range = split_range(*options.rev_range);
    if (!range.is_range) {
      throw CommandError("History range requires [start]:[end], [start]:, or :[end]");
    }
    base = range.from;
    head = range.to;
  }
  std::vector<std::string> currents;
  if (base == "current" || head == "current" || options.indicate_current) {
    currents = session.database_heads();
  }
  display(session, options, side(base, currents), side(head, currents), currents);
}

} // namespace

void add_history_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* history = app.add_subcommand("history", "List revisions in chronological order");
  history->add_option("-r,--rev-range",
                      options->rev_range,
                      "Range of revisions, [start]:[end]; 'current' reads the database");
  history->add_flag("-v,--verbose", options->verbose, "Use more verbose output");
  history->add_flag("-i,--indicate-current",
                    options->indicate_current,
                    "Mark the database's current revisions (connects)");
  history->add_flag("--applied",
                    options->applied,
                    "List the applied-steps log instead: when each step ran, how long it took, "
                    "who ran it (connects)");
  history->footer("Examples:\n"
                  "  migrate history\n"
                  "  migrate history --applied\n"
                  "  migrate history -r 1975ea:head -v\n"
                  "  migrate history -r-3:current\n"
                  "  migrate history --indicate-current");
  history->callback([&session, options] { run_history(session, *options); });
}

} // namespace migrate::cli
