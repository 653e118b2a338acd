// SPDX-License-Identifier: MIT
// `ensure_version [--sql]`: create the version table if it does not exist.
#include "commands.hpp"
#include "run_support.hpp"

namespace migrate::cli {

void add_ensure_version_command(CLI::App& app, Session& session) {
  auto sql = std::make_shared<bool>(false);
  CLI::App* command =
      app.add_subcommand("ensure_version", "Create the version table if it does not exist");
  command->add_flag("--sql", *sql, "Print the SQL instead of running it");
  command->footer("Examples:\n  migrate ensure_version\n  migrate ensure_version --sql");
  command->callback([&session, sql] {
    if (*sql) {
      runner::write_offline_ensure_version(runner::offline_options(session.config()),
                                           session.sql_out());
      return;
    }
    runner::ensure_version_table(session.database(), runner::online_options(session.config()));
  });
}

} // namespace migrate::cli
