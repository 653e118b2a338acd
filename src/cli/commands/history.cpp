// SPDX-License-Identifier: MIT
// `history [-r RANGE] [-v] [-i]`: revisions newest first, as Alembic lists them.
#include "commands.hpp"
#include "output.hpp"
#include "resolve.hpp"

#include <migrate/error.hpp>

#include <algorithm>

namespace migrate::cli {

namespace {

struct HistoryOptions {
  std::optional<std::string> rev_range;
  bool verbose = false;
  bool indicate_current = false;
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

void run_history(Session& session, const HistoryOptions& options) {
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
  history->footer("Examples:\n"
                  "  migrate history\n"
                  "  migrate history -r 1975ea:head -v\n"
                  "  migrate history -r-3:current\n"
                  "  migrate history --indicate-current");
  history->callback([&session, options] { run_history(session, *options); });
}

} // namespace migrate::cli
