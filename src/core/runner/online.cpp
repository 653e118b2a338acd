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
#include <cstddef>

namespace migrate::runner {

namespace {

// The steps of `plan` from `from` on.
graph::Plan rest_of(const graph::Plan& plan, std::size_t from) {
  graph::Plan rest;
  rest.steps.assign(plan.steps.begin() + static_cast<std::ptrdiff_t>(from), plan.steps.end());
  rest.final_heads = plan.final_heads;
  return rest;
}

std::string applied_by_another(const graph::Plan& plan, std::size_t from, std::size_t to) {
  const std::size_t count = to - from;
  return "Another runner applied " + plan.steps[from].short_log()
         + (count > 1 ? " and " + std::to_string(count - 1) + " more" : std::string());
}

// pooler = transaction (docs/commands.md, "Connection poolers"): the lock is taken by every
// transaction, so between two of them another runner may move the version rows. Each
// transaction checks them first; when they moved, the run goes on from the step whose
// expected rows they now are, or ends when another runner did all of it.
RunResult run_pooled(Database& database,
                     const graph::RevisionMap& map,
                     const OnlineOptions& options,
                     const Planner& planner,
                     const RunObserver& observer) {
  const auto started = std::chrono::steady_clock::now();
  const bool one_transaction = !options.transaction_per_migration;
  Run run(database, map, options, observer, 0);
  RunResult result;
  try {
    result.starting_heads = run.read_locked();
    const graph::Plan plan = planner(result.starting_heads);
    check_reversible(map, plan);
    if (plan.steps.empty() || !one_transaction) {
      run.commit_read();
    }
    const std::vector<std::vector<std::string>> expected = heads_along(result.starting_heads, plan);
    RunStart start{result.starting_heads, true, one_transaction && !plan.steps.empty()};
    std::size_t from = 0;
    int unmoved = 0; // checks failed with the rows back where they were
    while (from < plan.steps.size()) {
      try {
        run.execute(rest_of(plan, from), start);
        result.steps += plan.steps.size() - from;
        break;
      } catch (const VersionRowsChanged& changed) {
        run.abort();
        const std::size_t at = from + changed.step();
        result.steps += changed.step();
        const std::vector<std::string> now =
            in_setup_step("reading the version table " + options.version_table.qualified_name(),
                          [&] { return select_heads(database, options.version_table); });
        std::size_t next = at;
        while (next < expected.size() && !same_heads(expected[next], now)) {
          ++next;
        }
        if (next == expected.size()) {
          if (!planner(now).steps.empty()) {
            throw DatabaseError("the version rows changed during the run (another run moved them "
                                "to a state this run's plan does not pass through); "
                                + std::to_string(result.steps)
                                + " steps of this run were applied; run the command again");
          }
          next = plan.steps.size(); // another run reached the same target another way
        }
        if (next == plan.steps.size() && result.steps == 0) {
          result.starting_heads = now; // "Already at head (<its rows>)"
        }
        if (next == at && ++unmoved > 3) {
          throw DatabaseError("the version rows kept changing under the run; run it again");
        }
        if (next > at && observer.note) {
          observer.note(applied_by_another(plan, at, next)
                        + (next < plan.steps.size()
                               ? "; going on from " + plan.steps[next].short_log()
                               : "; nothing is left to do"));
        }
        from = next;
        start = RunStart{now, true, false};
      }
    }
  } catch (...) {
    run.abort();
    throw;
  }
  result.took = std::chrono::steady_clock::now() - started;
  return result;
}

} // namespace

RunResult run_online(Database& database,
                     const graph::RevisionMap& map,
                     const OnlineOptions& options,
                     const Planner& planner,
                     const RunObserver& observer) {
  if (options.transaction_pooler) {
    return run_pooled(database, map, options, planner, observer);
  }
  const std::string& table_name = options.version_table.qualified_name();
  const auto started = std::chrono::steady_clock::now();
  AdvisoryLock lock = in_setup_step("taking the migration lock", [&] {
    return AdvisoryLock(
        database, table_name, options.migration_lock_timeout_seconds, observer.note);
  });
  // The settings go with a check that they reach the lock's backend: right after the lock, a
  // pooler switching server connections is caught before anything relies on the lock.
  try {
    in_setup_step("applying the session settings", [&] {
      database.execute(session_guard(lock.backend_pid()).sql + session_settings_sql(options));
    });
  } catch (const SqlError& error) {
    if (!is_wrong_connection(error)) {
      throw;
    }
    throw wrong_connection_error(database, table_name, lock.backend_pid());
  }
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
  Run run(database, map, options, observer, lock.backend_pid());
  try {
    run.execute(plan, RunStart{result.starting_heads, exists, false});
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
  if (options.transaction_pooler) {
    const graph::RevisionMap none({});
    Run run(database, none, options, RunObserver{}, 0);
    try {
      run.read_locked(); // creates the table under the lock
      run.commit_read();
    } catch (...) {
      run.abort();
      throw;
    }
    return;
  }
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
