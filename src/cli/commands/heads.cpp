// SPDX-License-Identifier: MIT
// `heads` and `branches`: the tips and the branch points of the revision graph.
#include "commands.hpp"
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
  LineFormat format;
  format.include_branches = true;
  format.tree_indicators = false;
  for (const std::string& id : heads) {
    session.print(format_revision(map.node(id), options.verbose, format));
  }
}

void run_branches(Session& session, bool verbose) {
  const graph::RevisionMap& map = session.map();
  for (const std::string& id : graph::walk_revisions(map)) {
    const graph::Node& node = map.node(id);
    if (!node.is_branch_point) {
      continue;
    }
    LineFormat format;
    format.include_branches = true;
    std::string text = format_revision(node, verbose, format) + "\n";
    LineFormat child_format;
    child_format.include_branches = true;
    child_format.include_doc = verbose;
    for (std::size_t i = 0; i < node.nextrev.size(); ++i) {
      text += (i > 0 ? "\n" : "") + std::string(id.size(), ' ') + " -> "
              + format_line(map.node(node.nextrev[i]), child_format);
    }
    session.print(text + "\n");
  }
}

} // namespace

void add_heads_commands(CLI::App& app, Session& session) {
  auto options = std::make_shared<HeadsOptions>();
  CLI::App* heads =
      app.add_subcommand("heads", "Show current available heads in the script directory");
  heads->add_flag("-v,--verbose", options->verbose, "Use more verbose output");
  heads->add_flag("--resolve-dependencies",
                  options->resolve_dependencies,
                  "Treat dependency versions as down revisions");
  heads->footer("Examples:\n  migrate heads\n  migrate heads -v --resolve-dependencies");
  heads->callback([&session, options] { run_heads(session, *options); });

  auto verbose = std::make_shared<bool>(false);
  CLI::App* branches = app.add_subcommand("branches", "Show current branch points");
  branches->add_flag("-v,--verbose", *verbose, "Use more verbose output");
  branches->footer("Examples:\n  migrate branches\n  migrate branches -v");
  branches->callback([&session, verbose] { run_branches(session, *verbose); });
}

} // namespace migrate::cli
