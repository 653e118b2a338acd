// SPDX-License-Identifier: MIT
// `upgrade TARGET`, online or as an offline script (--sql [FROM:]TO).
#include "commands.hpp"
#include "run_support.hpp"

namespace migrate::cli {

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
      ->callback([&session, up] {
        run_move(session, *up, Move{graph::plan_upgrade, "applied"});
      });
}

} // namespace migrate::cli
