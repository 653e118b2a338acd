// SPDX-License-Identifier: MIT
// `current [-v] [--check-heads]`: the database's revisions, read without changing anything.
#include "commands.hpp"
#include "json_output.hpp"
#include "output.hpp"

#include <migrate/error.hpp>

#include <set>

namespace migrate::cli {

namespace {

struct CurrentOptions {
  bool verbose = false;
  bool check_heads = false;
};

void run_current(Session& session, const CurrentOptions& options) {
  const std::vector<std::string> heads = session.database_heads();
  const graph::RevisionMap& map = session.map();
  if (options.verbose) {
    session.print("Current revision(s) for " + session.masked_url() + ":");
  }
  if (options.check_heads) {
    const std::vector<std::string> script_heads = map.heads();
    if (std::set<std::string>(heads.begin(), heads.end())
        != std::set<std::string>(script_heads.begin(), script_heads.end())) {
      throw CommandError("Database is not on all head revisions");
    }
  }
  if (session.json()) {
    print_json(session,
               "current",
               {{"database", session.masked_url()},
                {"current", revisions_json(map, graph::all_current(map, heads))}});
    return;
  }
  for (const std::string& id : graph::all_current(map, heads)) {
    session.print(format_revision(map.node(id), options.verbose, LineFormat{}));
  }
}

} // namespace

void add_current_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<CurrentOptions>();
  CLI::App* current = app.add_subcommand("current", "Display the current revision for a database");
  current->add_flag("-v,--verbose", options->verbose, "Use more verbose output");
  // No short flag: -c is the configuration file everywhere (Alembic's current has none either).
  current->add_flag("--check-heads",
                    options->check_heads,
                    "Fail (exit 1) unless the database is on all head revisions");
  current->footer("Examples:\n  migrate current\n  migrate current --check-heads\n"
                  "  DATABASE_URL=postgresql://app@db/app migrate current -v");
  current->callback([&session, options] { run_current(session, *options); });
}

} // namespace migrate::cli
