// SPDX-License-Identifier: MIT
// `heads`: the tips of the revision graph.
#include "commands.hpp"
#include "json_output.hpp"
#include "output.hpp"
#include "resolve.hpp"

namespace migrate::cli {

namespace {

struct HeadsOptions {
  bool verbose = false;
  bool resolve_dependencies = false;
};

void run_heads(Session& session, const HeadsOptions& options) {
  const graph::RevisionMap& map = session.map();
  // Versioned heads include "effective heads" that another revision only depends on;
  // --resolve-dependencies shows the real heads only.
  const std::vector<std::string> heads =
      options.resolve_dependencies ? resolve_revisions(map, "heads") : map.heads();
  if (session.json()) {
    print_json(session, "heads", {{"heads", revisions_json(map, heads)}});
    return;
  }
  LineFormat format;
  format.include_branches = true;
  format.tree_indicators = false;
  for (const std::string& id : heads) {
    session.print(format_revision(map.node(id), options.verbose, format));
  }
}

} // namespace

void add_heads_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<HeadsOptions>();
  CLI::App* heads =
      app.add_subcommand("heads", "Show current available heads in the script directory");
  heads->add_flag("-v,--verbose", options->verbose, "Use more verbose output");
  heads->add_flag("--resolve-dependencies",
                  options->resolve_dependencies,
                  "Treat dependency versions as down revisions");
  heads->footer("Examples:\n  migrate heads\n  migrate heads -v --resolve-dependencies");
  heads->callback([&session, options] { run_heads(session, *options); });
}

} // namespace migrate::cli
