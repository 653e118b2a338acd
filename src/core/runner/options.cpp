// SPDX-License-Identifier: MIT
// The runner's options from the configuration: each area adapts the settings it uses.
#include <migrate/runner.hpp>

namespace migrate::runner {

VersionTable version_table(const config::Config& config) {
  return VersionTable(config.version_table, config.version_table_schema);
}

OfflineOptions offline_options(const config::Config& config) {
  OfflineOptions options;
  options.version_table = version_table(config);
  options.transaction_per_migration = config.transaction_per_migration;
  return options;
}

OnlineOptions online_options(const config::Config& config) {
  OnlineOptions options;
  options.version_table = version_table(config);
  options.transaction_per_migration = config.transaction_per_migration;
  options.pipeline = config.pipeline;
  options.lock_timeout_seconds = config.lock_timeout_seconds;
  options.lock_retries = config.lock_retries;
  options.migration_lock_timeout_seconds = config.migration_lock_timeout_seconds;
  options.statement_timeout_seconds = config.statement_timeout_seconds;
  options.transaction_pooler = config.pooler == config::Pooler::transaction;
  return options;
}

} // namespace migrate::runner
