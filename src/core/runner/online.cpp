// SPDX-License-Identifier: MIT
// The online runner: a plan applied to PostgreSQL under the migration lock, one round trip per
// revision (its SQL plus its version-row change), in the transaction mode docs/commands.md,
// "Transactions" describes. This file is the order of things; Run (run.hpp) sends the steps.
#include "advisory_lock.hpp"
#include "run.hpp"
#include "run_setup.hpp"

#include <migrate/error.hpp>
#include <migrate/runner.hpp>

#include <chrono>

namespace migrate::runner {

RunResult run_online(Database& database,
                     const graph::RevisionMap& map,
                     const OnlineOptions& options,
                     const Planner& planner,
                     const RunObserver& observer) {
  const std::string& table_name = options.version_table.qualified_name();
  const auto started = std::chrono::steady_clock::now();
  AdvisoryLock lock = in_setup_step("taking the migration lock", [&] {
    return AdvisoryLock(
        database, table_name, options.migration_lock_timeout_seconds, observer.note);
  });
  in_setup_step("applying the session settings",
                [&] { apply_session_settings(database, options); });
  RunResult result;
  const bool exists = in_setup_step("reading the version table " + table_name, [&] {
    const bool found = table_exists(database, options.version_table);
    if (found && !options.purge) {
      result.starting_heads = select_heads(database, options.version_table);
    }
    return found;
  });
  const graph::Plan plan = planner(result.starting_heads);
  check_reversible(map, plan);
  Run run(database, map, options, observer);
  try {
    run.execute(plan, exists);
  } catch (...) {
    run.abort();
    throw;
  }
  in_setup_step("releasing the migration lock", [&] { lock.release(); });
  result.steps = plan.steps.size();
  result.took = std::chrono::steady_clock::now() - started;
  return result;
}

void ensure_version_table(Database& database, const OnlineOptions& options) {
  AdvisoryLock lock = in_setup_step("taking the migration lock", [&] {
    return AdvisoryLock(
        database, options.version_table.qualified_name(), options.migration_lock_timeout_seconds);
  });
  in_setup_step("creating the version table " + options.version_table.qualified_name(), [&] {
    if (!table_exists(database, options.version_table)) {
      database.execute(options.version_table.create_sql());
    }
  });
  in_setup_step("releasing the migration lock", [&] { lock.release(); });
}

} // namespace migrate::runner
