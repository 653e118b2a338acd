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
             const std::string& base,
             const std::string& head,
             const std::vector<std::string>& currents) {
  const graph::RevisionMap& map = session.map();
  for (const std::string& id :
       graph::walk_revisions(map, base.empty() ? "base" : base, head.empty() ? "heads" : head)) {
    LineFormat format;
    format.include_branches = true;
    format.include_doc = true;
    format.include_parents = true;
    format.current = options.indicate_current
                     && std::find(currents.begin(), currents.end(), id) != currents.end();
    session.print(format_revision(map.node(id), options.verbose, format));
  }
}

// "current" on one side of the range stands for the database's heads (one at a time, as
// Alembic passes the tuple of heads on).
std::string substitute_current(const std::string& side, const std::vector<std::string>& currents) {
  if (side != "current") {
    return side;
  }
  if (currents.size() > 1) {
    throw CommandError("history with 'current' needs a single current revision; the database "
                       "has several heads: use explicit revisions");
  }
  return currents.empty() ? std::string("base") : currents.front();
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
  if (base == "current" || head == "current" || options.indicate_current) {
    const std::vector<std::string> currents = session.database_heads();
    display(session,
            options,
            substitute_current(base, currents),
            substitute_current(head, currents),
            currents);
    return;
  }
  display(session, options, base, head, {});
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
