// SPDX-License-Identifier: MIT
// `upgrade TARGET`, online or as an offline script (--sql [FROM:]TO).
#include "commands.hpp"
#include "resolve.hpp"
#include "run_support.hpp"

#include <migrate/error.hpp>

namespace migrate::cli {

namespace {

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
  run_online_plan(
      session,
      [&](const std::vector<std::string>& heads) {
        return graph::plan_upgrade(map, heads, options.revision);
      },
      "applied",
      options.revision);
}

} // namespace

void add_upgrade_command(CLI::App& app, Session& session) {
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
}

} // namespace migrate::cli
