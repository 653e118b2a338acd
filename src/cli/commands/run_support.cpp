// SPDX-License-Identifier: MIT
// Run options from the configuration; online and offline runs of a plan.
#include "run_support.hpp"

#include "resolve.hpp"

namespace migrate::cli {

runner::VersionTable version_table(const config::Config& config) {
  return runner::VersionTable(config.version_table, config.version_table_schema);
}

runner::OnlineOptions online_options(const config::Config& config) {
  runner::OnlineOptions options;
  options.version_table = version_table(config);
  options.transaction_per_migration = config.transaction_per_migration;
  options.lock_timeout_seconds = config.lock_timeout_seconds;
  options.statement_timeout_seconds = config.statement_timeout_seconds;
  return options;
}

std::vector<std::string> starting_heads(const graph::RevisionMap& map, const std::string& from) {
  if (from.empty() || from == "base") {
    return {};
  }
  return resolve_revisions(map, from);
}

void write_offline(Session& session,
                   const std::vector<std::string>& start,
                   const runner::Planner& planner) {
  const graph::RevisionMap& map = session.map();
  const graph::Plan plan = planner(start);
  runner::OfflineOptions options;
  options.version_table = version_table(session.config());
  options.transaction_per_migration = session.config().transaction_per_migration;
  const Session::InfoBatch batch(session);
  runner::write_offline_script(
      map, plan, start, options, session.sql_out(), [&session](const std::string& line) {
        session.info(line);
      });
}

void run_online_plan(Session& session, const runner::Planner& planner, bool purge) {
  runner::OnlineOptions options = online_options(session.config());
  options.purge = purge;
  const graph::RevisionMap& map = session.map();
  runner::run_online(
      session.database(), map, options, planner, [&session](const std::string& line) {
        session.info(line);
      });
}

} // namespace migrate::cli
