// SPDX-License-Identifier: MIT
// `upgrade TARGET`, online or as an offline script (--sql [FROM:]TO).
#include "commands.hpp"
#include "run_support.hpp"

namespace migrate::cli {

void add_upgrade_command(CLI::App& app, Session& session) {
  auto up = std::make_shared<MoveOptions>();
  up->check_checksums = true;
  CLI::App* command = add_move_command(app, "upgrade", "Upgrade to a later version", *up);
  command->add_flag("--strict-checksums",
                    up->strict_checksums,
                    "Refuse to run when an applied revision's SQL changed since it was applied");
  command
      ->footer("Examples:\n"
               "  migrate upgrade head\n"
               "  migrate upgrade heads\n"
               "  migrate upgrade +1\n"
               "  migrate upgrade billing@head\n"
               "  migrate upgrade head --sql > upgrade.sql\n"
               "  migrate upgrade 1975ea:head --sql")
      ->callback([&session, up] {
        run_move(session, *up, Move{graph::plan_upgrade, "applied", nullptr, "upgrade"});
      });
}

} // namespace migrate::cli
