// SPDX-License-Identifier: MIT
// `downgrade TARGET`, online or as an offline script (--sql FROM:TO).
#include "commands.hpp"
#include "run_support.hpp"

namespace migrate::cli {

void add_downgrade_command(CLI::App& app, Session& session) {
  auto down = std::make_shared<MoveOptions>();
  add_move_command(app, "downgrade", "Revert to a previous version", *down)
      ->footer("Examples:\n"
               "  migrate downgrade -1\n"
               "  migrate downgrade base\n"
               "  migrate downgrade billing@base\n"
               "  migrate downgrade head:base --sql > rollback.sql")
      ->callback([&session, down] {
        run_move(session,
                 *down,
                 Move{graph::plan_downgrade,
                      "reverted",
                      "downgrade with --sql requires <fromrev>:<torev>",
                      "downgrade"});
      });
}

} // namespace migrate::cli
