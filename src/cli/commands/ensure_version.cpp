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
    const runner::OnlineOptions options = online_options(session.config());
    if (*sql) {
      runner::OfflineOptions offline;
      offline.version_table = options.version_table;
      runner::write_offline_ensure_version(offline, session.sql_out());
      return;
    }
    runner::ensure_version_table(session.database(), options);
  });
}

} // namespace migrate::cli
