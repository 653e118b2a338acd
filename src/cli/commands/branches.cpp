// SPDX-License-Identifier: MIT
// `branches`: the branch points of the revision graph, each with the revisions it forks into.
#include "commands.hpp"
#include "json_output.hpp"
#include "output.hpp"

namespace migrate::cli {

namespace {

void run_branches(Session& session, bool verbose) {
  const graph::RevisionMap& map = session.map();
  if (session.json()) {
    nlohmann::json points = nlohmann::json::array();
    for (const std::string& id : graph::walk_revisions(map)) {
      if (map.node(id).is_branch_point) {
        nlohmann::json point = revision_json(map.node(id));
        point["children"] = map.node(id).nextrev;
        points.push_back(std::move(point));
      }
    }
    print_json(session, "branches", {{"branch_points", points}});
    return;
  }
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

void add_branches_command(CLI::App& app, Session& session) {
  auto verbose = std::make_shared<bool>(false);
  CLI::App* branches = app.add_subcommand("branches", "Show current branch points");
  branches->add_flag("-v,--verbose", *verbose, "Use more verbose output");
  branches->footer("Examples:\n  migrate branches\n  migrate branches -v");
  branches->callback([&session, verbose] { run_branches(session, *verbose); });
}

} // namespace migrate::cli
