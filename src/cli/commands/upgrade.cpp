// SPDX-License-Identifier: MIT
// `upgrade TARGET` and `downgrade TARGET`, online or as an offline script (--sql FROM:TO).
#include "commands.hpp"
#include "resolve.hpp"
#include "run_support.hpp"

#include <migrate/error.hpp>

namespace migrate::cli {

namespace {

struct MoveOptions {
  std::string revision;
  bool sql = false;
  std::optional<std::string> tag; // accepted for Alembic compatibility; SQL files have no env.py
};

void run_upgrade(Session& session, const MoveOptions& options) {
  const graph::RevisionMap& map = session.map();
  const RangeArgument range = split_range(options.revision);
  if (options.sql) {
    const std::vector<std::string> start =
        range.is_range ? starting_heads(map, range.from) : std::vector<std::string>{};
    const std::string target = range.to;
    write_offline(session, start, [&](const std::vector<std::string>& heads) {
      return graph::plan_upgrade(map, heads, target);
    });
    return;
  }
  if (range.is_range) {
    throw CommandError("Range revision not allowed");
  }
  run_online_plan(session, [&](const std::vector<std::string>& heads) {
    return graph::plan_upgrade(map, heads, options.revision);
  });
}

void run_downgrade(Session& session, const MoveOptions& options) {
  const graph::RevisionMap& map = session.map();
  const RangeArgument range = split_range(options.revision);
  if (options.sql) {
    if (!range.is_range) {
      throw CommandError("downgrade with --sql requires <fromrev>:<torev>");
    }
    const std::string target = range.to;
    write_offline(
        session, starting_heads(map, range.from), [&](const std::vector<std::string>& heads) {
          return graph::plan_downgrade(map, heads, target);
        });
    return;
  }
  if (range.is_range) {
    throw CommandError("Range revision not allowed");
  }
  run_online_plan(session, [&](const std::vector<std::string>& heads) {
    return graph::plan_downgrade(map, heads, options.revision);
  });
}

CLI::App*
add_move_command(CLI::App& app, const char* name, const char* description, MoveOptions& options) {
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("revision", options.revision, "Target revision")->required();
  command->add_flag(
      "--sql", options.sql, "Print the SQL script instead of running it (no database needed)");
  command->add_option("--tag", options.tag, "Arbitrary tag (accepted for Alembic compatibility)");
  return command;
}

} // namespace

void add_upgrade_commands(CLI::App& app, Session& session) {
  auto up = std::make_shared<MoveOptions>();
  add_move_command(app, "upgrade", "Upgrade to a later version", *up)
      ->footer("Examples:\n"
               "  migrate upgrade head\n"
               "  migrate upgrade heads\n"
               "  migrate upgrade +1\n"
               "  migrate upgrade billing@head\n"
               "  migrate upgrade head --sql > upgrade.sql\n"
               "  migrate upgrade 1975ea:head --sql")
      ->callback([&session, up] { run_upgrade(session, *up); });

  auto down = std::make_shared<MoveOptions>();
  add_move_command(app, "downgrade", "Revert to a previous version", *down)
      ->footer("Examples:\n"
               "  migrate downgrade -1\n"
               "  migrate downgrade base\n"
               "  migrate downgrade billing@base\n"
               "  migrate downgrade head:base --sql > rollback.sql")
      ->callback([&session, down] { run_downgrade(session, *down); });
}

} // namespace migrate::cli
