// SPDX-License-Identifier: MIT
// `status [--exit-code]`: the database's revisions, the heads, and what `upgrade heads` would run,
// in its order; a warning when there are several heads. Read-only: never creates the version
// table.
#include "commands.hpp"
#include "json_output.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::cli {

namespace {

struct StatusOptions {
  bool exit_code = false;
};

std::string described(const graph::RevisionMap& map, const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return "(none)";
  }
  std::vector<std::string> named;
  for (const std::string& id : ids) {
    named.push_back(map.contains(id) ? id + " (" + map.node(id).revision.message + ")" : id);
  }
  return util::join(named, ", ");
}

void print_status(Session& session,
                  const graph::RevisionMap& map,
                  const std::vector<std::string>& current,
                  const std::vector<std::string>& heads,
                  const graph::Plan& plan);

void run_status(Session& session, const StatusOptions& options) {
  const graph::RevisionMap& map = session.map();
  const std::vector<std::string> current = session.database_heads();
  const std::vector<std::string> heads = map.heads();
  const graph::Plan plan = graph::plan_upgrade(map, current, "heads");
  if (session.json()) {
    nlohmann::json pending = nlohmann::json::array();
    for (const graph::Step& step : plan.steps) {
      pending.push_back({{"revision", step.revision},
                         {"from", step.from},
                         {"to", step.to},
                         {"message", map.node(step.revision).revision.message}});
    }
    nlohmann::json current_list = nlohmann::json::array();
    for (const std::string& id : current) {
      current_list.push_back(map.contains(id) ? revision_json(map.node(id))
                                              : nlohmann::json{{"revision", id}});
    }
    print_json(session,
               "status",
               {{"database", session.masked_url()},
                {"current", current_list},
                {"heads", revisions_json(map, heads)},
                {"pending", pending},
                {"multiple_heads", heads.size() > 1}});
  } else {
    print_status(session, map, current, heads, plan);
  }
  if (options.exit_code && (!plan.steps.empty() || heads.size() > 1)) {
    std::vector<std::string> why;
    if (!plan.steps.empty()) {
      why.push_back(std::to_string(plan.steps.size())
                    + (plan.steps.size() == 1 ? " revision is" : " revisions are") + " pending");
    }
    if (heads.size() > 1) {
      why.push_back("there are " + std::to_string(heads.size()) + " heads");
    }
    throw CommandError(util::join(why, " and ") + " (status --exit-code)");
  }
}

void print_status(Session& session,
                  const graph::RevisionMap& map,
                  const std::vector<std::string>& current,
                  const std::vector<std::string>& heads,
                  const graph::Plan& plan) {
  session.print("Database: " + session.masked_url());
  session.print("Current: " + described(map, current));
  session.print("Heads: " + described(map, heads));
  if (plan.steps.empty()) {
    session.print("Pending: none");
  } else {
    session.print("Pending: " + std::to_string(plan.steps.size())
                  + (plan.steps.size() == 1 ? " revision" : " revisions")
                  + ", in the order upgrade runs them:");
    for (const graph::Step& step : plan.steps) {
      session.print("  " + step.short_log() + ", " + map.node(step.revision).revision.message);
    }
  }
  if (heads.size() > 1) {
    session.print("Warning: " + std::to_string(heads.size())
                  + " heads: 'upgrade head' needs one; merge them ('migrate merge heads') or "
                    "run 'migrate upgrade heads'");
  }
}

} // namespace

void add_status_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* status = app.add_subcommand(
      "status", "Show the database's revisions, the heads and the revisions still to apply");
  status->add_flag("--exit-code",
                   options->exit_code,
                   "Exit 1 when a revision is pending or there are several heads");
  status->footer("Examples:\n  migrate status\n  migrate status --exit-code   # CI: fail while "
                 "anything is pending");
  status->callback([&session, options] { run_status(session, *options); });
}

} // namespace migrate::cli
