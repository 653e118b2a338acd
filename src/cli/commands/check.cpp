// SPDX-License-Identifier: MIT
// `check`: exit 1 while schema.sql has changes that no revision covers yet (CI's drift gate).
#include "autogenerate.hpp"
#include "commands.hpp"
#include "json_output.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::cli {

void add_check_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<AutogenOptions>();
  CLI::App* check = app.add_subcommand(
      "check", "Check whether schema.sql has changes that no revision covers yet");
  check->add_option("--dev-url",
                    options->dev_url,
                    "Server for the scratch databases (default: dev_url, else the target server)");
  check->add_flag("--from-db",
                  options->from_db,
                  "Compare with the live database instead of the replayed revisions");
  check->footer(
      "Examples:\n  migrate check\n  migrate check --dev-url postgresql://localhost/postgres");
  check->callback([&session, options] {
    // As Alembic's check: the database must be at head.
    if (!options->from_db) {
      check_at_head(session);
    }
    const autogen::Comparison result = compare(session, {"heads"}, *options);
    if (session.json()) {
      nlohmann::json operations = nlohmann::json::array();
      for (const autogen::Statement& statement : result.upgrade.statements) {
        operations.push_back(util::collapse_spaces(statement.sql));
      }
      print_json(session, "check", {{"upgrade_operations", operations}});
    }
    if (result.upgrade.empty()) {
      if (!session.json()) {
        session.print("No new upgrade operations detected.");
      }
      return;
    }
    std::vector<std::string> pending;
    for (const autogen::Statement& statement : result.upgrade.statements) {
      pending.push_back(util::collapse_spaces(statement.sql));
    }
    throw CommandError("New upgrade operations detected: [" + util::join(pending, ", ") + "]");
  });
}

} // namespace migrate::cli
