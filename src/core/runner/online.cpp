// SPDX-License-Identifier: MIT
// The online runner: a plan applied to PostgreSQL under the migration lock, one round trip per
// revision (its SQL plus its version-row change), in the transaction mode docs/commands.md,
// "Transactions" describes.
#include "advisory_lock.hpp"
#include "lock_waits.hpp"
#include "run_setup.hpp"
#include "step_error.hpp"
#include "version_row_check.hpp"

#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/sql.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <utility>

namespace migrate::runner {

namespace {

// The savepoint each revision runs under in the run's one transaction, when a lock timeout may
// be retried: rolling back to it keeps the revisions before.
constexpr const char* k_savepoint = "migrate_revision";

void rollback_quietly(Database& database) {
  try {
    database.execute("ROLLBACK");
  } catch (const Error&) {
    // The connection may be gone; the server rolls back with it.
  }
}

class Run {
public:
  Run(Database& database,
      const graph::RevisionMap& map,
      const OnlineOptions& options,
      const RunObserver& observer)
      : m_db(database),
        m_map(map),
        m_options(options),
        m_observer(observer),
        m_retries(options.lock_timeout_seconds,
                  options.lock_retries,
                  BlockerWatch(options.open_monitor, database.backend_pid()),
                  observer.note),
        m_retry_locks(m_retries.enabled()) {
    m_db.set_wait_observer([this](std::chrono::milliseconds waited) {
      m_retries.observe(waited);
      if (m_observer.step_running && m_in_step) {
        m_observer.step_running(waited);
      }
    });
    // In the run's one transaction a revision's lock timeout rolls back to its own savepoint.
    if (m_retry_locks && !m_options.transaction_per_migration) {
      m_db.set_rollback_savepoint(k_savepoint);
    }
  }

  ~Run() {
    m_db.set_wait_observer({});
    m_db.set_rollback_savepoint({});
  }

  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  void execute(const graph::Plan& plan, bool table_exists) {
    check_statements_split(plan);
    const VersionTable& table = m_options.version_table;
    // The set-up statements, each with the name its failure is reported under.
    std::string setup;
    std::vector<std::string> names;
    if (!table_exists) {
      setup += table.create_sql() + ";\n";
      names.push_back("creating the version table " + table.qualified_name());
    }
    if (m_options.purge) {
      setup += "DELETE FROM " + table.qualified_name() + ";\n";
      names.push_back("deleting the version rows (--purge)");
    }
    if (needs_server_checks(plan)) {
      m_checks = PreparedChecks::next();
      setup += prepare_checks_sql(*m_checks, table);
      names.insert(names.end(), 2, "preparing the version-row checks");
    }
    if (!m_options.transaction_per_migration) {
      m_pending = "BEGIN;\n" + setup; // sent with the first step: no extra round trip
      m_pending_names = {"BEGIN"};
      m_pending_names.insert(m_pending_names.end(), names.begin(), names.end());
      m_open = true;
    } else if (!setup.empty()) {
      in_setup_step(util::join(names, ", "), [&] { send(setup, nullptr, nullptr); });
    }
    for (const graph::Step& step : plan.steps) {
      util::throw_if_interrupted();
      const auto started = std::chrono::steady_clock::now();
      if (m_observer.step_started) {
        m_observer.step_started(step_log_line(m_map, step));
      }
      m_in_step = true;
      if (step_in_transaction(m_map, step)) {
        retry(step, [&] { run_step(step); });
      } else {
        run_step(step); // retried statement by statement: the ones before stay committed
      }
      m_in_step = false;
      if (m_observer.step_finished) {
        m_observer.step_finished(std::chrono::steady_clock::now() - started);
      }
    }
    util::throw_if_interrupted();
    if (m_open) {
      try {
        send(m_pending + "COMMIT;", nullptr, nullptr);
      } catch (const DatabaseError& error) {
        if (dynamic_cast<const SqlError*>(&error) != nullptr || util::interrupt_requested()) {
          throw;
        }
        throw DatabaseError("the server went away during the run's final COMMIT ("
                            + std::string(error.what())
                            + "); whether the run committed is unknown: 'migrate current' "
                              "shows the version rows");
      }
      m_open = false;
    }
  }

  // Leaves nothing half-done on the server when a step fails.
  void abort() noexcept { rollback_quietly(m_db); }

private:
  // Where a message commits (transaction_per_migration, transactional: false) the version-row
  // count is checked on the server, before the COMMIT.
  bool needs_server_checks(const graph::Plan& plan) const {
    if (m_options.transaction_per_migration) {
      return true;
    }
    return std::any_of(plan.steps.begin(), plan.steps.end(), [this](const graph::Step& step) {
      return !step_in_transaction(m_map, step);
    });
  }

  // The version-row statements of a message that commits. A revision that may drop the prepared
  // checks (DEALLOCATE, DISCARD ALL) gets the checks inline, and fresh ones are prepared after it
  // for the revisions that follow.
  std::string server_checked_ops(const std::vector<graph::VersionOp>& ops, const std::string& sql) {
    const VersionTable& table = m_options.version_table;
    if (!may_drop_prepared(sql)) {
      return version_ops_sql(table, ops, &*m_checks);
    }
    m_checks = PreparedChecks::next();
    return inline_checked_ops_sql(table, ops) + prepare_checks_sql(*m_checks, table);
  }

  // A transactional: false revision is split before anything runs, so an unterminated quote in
  // it cannot stop a run half-way.
  void check_statements_split(const graph::Plan& plan) const {
    for (const graph::Step& step : plan.steps) {
      if (step_in_transaction(m_map, step)) {
        continue;
      }
      if (const auto section = step_sql(m_map, step)) {
        const Location origin{m_map.node(step.revision).revision.path, section->first_line, 0};
        sql::split_statements(section->sql, origin);
      }
    }
  }

  // `attempt`, tried again while it fails with a lock timeout that left something to retry.
  void retry(const graph::Step& step, const std::function<void()>& attempt) {
    m_retries.run(
        step.short_log(),
        [&] {
          m_cannot_retry = false;
          attempt();
        },
        [this] { return !m_cannot_retry; });
  }

  void run_step(const graph::Step& step) {
    const bool transactional = step_in_transaction(m_map, step);
    // Read now, not at load: only one revision's SQL is in memory at a time.
    const std::optional<script::SectionText> section = step_sql(m_map, step);
    const bool own_transaction = m_options.transaction_per_migration;
    // Inside the run's one transaction the message ends with the version-row statements and
    // nothing commits before the client reads their counts: a wrong count rolls the run back,
    // as a failing statement would. Elsewhere the server must check before its COMMIT.
    const bool client_checked = transactional && !own_transaction;
    const std::vector<graph::VersionOp>& version_ops = step.version_ops;
    const std::string ops =
        client_checked ? version_ops_sql(m_options.version_table, version_ops, nullptr)
                       : server_checked_ops(version_ops, section ? section->sql : std::string());
    if (!transactional) {
      run_statement_by_statement(step, section.value_or(script::SectionText{}), ops);
      return;
    }
    // The BEGIN and set-up statements a message carries run once: a retry sends the step only.
    const std::string prefix = std::exchange(m_pending, std::string());
    const std::vector<std::string> prefix_names = std::exchange(m_pending_names, {});
    const bool savepoint = m_retry_locks && client_checked;
    std::string text = prefix;
    if (own_transaction) {
      text += "BEGIN;\n";
    }
    if (savepoint) {
      text += std::string("SAVEPOINT ") + k_savepoint + ";\n";
    }
    const std::size_t body_offset = text.size();
    if (section) {
      // The separator ends a body whose last statement lacks its semicolon (or ends in a comment).
      text += section->sql + "\n;\n";
    }
    text += ops;
    if (own_transaction) {
      text += "COMMIT;";
    }
    if (savepoint) {
      text += std::string("RELEASE SAVEPOINT ") + k_savepoint + ";";
    }
    const script::SectionText* sql = section ? &*section : nullptr;
    if (!client_checked) {
      send(text, &step, sql, body_offset, false, &prefix_names);
      return;
    }
    std::vector<long long> counts = send(text, &step, sql, body_offset, true, &prefix_names);
    if (savepoint && !counts.empty()) {
      counts.pop_back(); // RELEASE SAVEPOINT
    }
    check_version_counts(step, version_ops, sql, counts);
  }

  // The version-row statements `ops` are the message's last ones, one per op.
  void check_version_counts(const graph::Step& step,
                            const std::vector<graph::VersionOp>& ops,
                            const script::SectionText* section,
                            const std::vector<long long>& counts) const {
    if (counts.size() < ops.size()) {
      throw DatabaseError("the server answered " + std::to_string(counts.size())
                          + " statements where the version-row changes needed "
                          + std::to_string(ops.size()));
    }
    const std::size_t first = counts.size() - ops.size();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const long long count = counts[first + i];
      if (ops[i].kind == graph::VersionOp::Kind::insert || count == 1) {
        continue;
      }
      const SqlError error =
          version_row_error(m_options.version_table, ops[i], count, static_cast<int>(first + i));
      if (section == nullptr) {
        throw error; // a stamp: as send() reports its failures
      }
      throw step_failure(m_map, step, *section, error, 0, Aftermath::run_rolled_back);
    }
  }

  // transactional: false -- each statement alone, outside any transaction (CONCURRENTLY needs
  // that), then the version-row change committed at once. The run's transaction, if any, is
  // committed first and reopened after, as Alembic's autocommit_block does.
  void run_statement_by_statement(const graph::Step& step,
                                  const script::SectionText& section,
                                  const std::string& ops) {
    if (m_open) {
      const std::vector<std::string> names = std::exchange(m_pending_names, {});
      const std::string what =
          names.size() > 1
              ? util::join(std::vector<std::string>(names.begin() + 1, names.end()), ", ")
              : "committing the run's transaction before a transactional: false revision";
      in_setup_step(what, [&] { send(m_pending + "COMMIT;", nullptr, nullptr); });
      m_pending.clear();
      m_open = false;
    }
    const Location origin{m_map.node(step.revision).revision.path, section.first_line, 0};
    for (const sql::Statement& statement : sql::split_statements(section.sql, origin)) {
      util::throw_if_interrupted();
      retry(step, [&] {
        try {
          m_db.execute(statement.text);
        } catch (const SqlError& error) {
          throw step_failure(m_map, step, section, error, statement.line, Aftermath::partial);
        } catch (const DatabaseError& lost) {
          if (util::interrupt_requested()) {
            throw;
          }
          throw server_gone(m_map, step, lost, false);
        }
      });
    }
    if (!ops.empty()) {
      retry(step, [&] {
        try {
          send(ops, &step, nullptr);
        } catch (const SqlError& error) {
          throw step_failure(m_map, step, section, error, 0, Aftermath::version_row_only);
        }
      });
    }
    if (!m_options.transaction_per_migration) {
      m_pending = "BEGIN;\n";
      m_pending_names = {"BEGIN"};
      m_open = true;
    }
  }

  // Returns the affected-row counts when `counting`.
  std::vector<long long> send(const std::string& text,
                              const graph::Step* step,
                              const script::SectionText* section,
                              std::size_t body_offset = 0,
                              bool counting = false,
                              const std::vector<std::string>* prefix_names = nullptr) {
    try {
      if (counting) {
        return m_db.execute_counting_rows(text);
      }
      m_db.execute(text);
      return {};
    } catch (const SqlError& server_error) {
      handle_sql_error(server_error, text, step, section, body_offset, prefix_names);
    } catch (const DatabaseError& lost) {
      if (step == nullptr || util::interrupt_requested()) {
        throw;
      }
      throw server_gone(m_map, *step, lost, text.ends_with("COMMIT;"));
    }
  }

  [[noreturn]] void handle_sql_error(const SqlError& server_error,
                                     const std::string& text,
                                     const graph::Step* step,
                                     const script::SectionText* section,
                                     std::size_t body_offset,
                                     const std::vector<std::string>* prefix_names) {
    std::optional<SqlError> version_row =
        step != nullptr
            ? as_version_row_error(server_error, m_options.version_table, step->version_ops)
            : std::nullopt;
    const SqlError& error = version_row ? *version_row : server_error;
    // A failure in the BEGIN and set-up statements a message starts with is the set-up's,
    // and it rolled the whole transaction back: nothing is left to retry.
    const int index = error.fields().statement_index;
    if (prefix_names != nullptr && index >= 0
        && static_cast<std::size_t>(index) < prefix_names->size()) {
      m_cannot_retry = true;
      throw setup_failure((*prefix_names)[static_cast<std::size_t>(index)], error);
    }
    if (step == nullptr || section == nullptr) {
      throw error;
    }
    const int line = failing_line(text, body_offset, *section, error.fields());
    const Aftermath aftermath = m_options.transaction_per_migration
                                    ? Aftermath::revision_rolled_back
                                    : Aftermath::run_rolled_back;
    if (line == 0 && error.fields().sqlstate == "42601") {
      if (std::optional<SqlError> own =
              body_syntax_failure(m_db, m_map, *step, *section, aftermath)) {
        throw *own;
      }
    }
    throw step_failure(m_map, *step, *section, error, line, aftermath);
  }

  Database& m_db;
  const graph::RevisionMap& m_map;
  const OnlineOptions& m_options;
  const RunObserver& m_observer;
  LockRetries m_retries;
  const bool m_retry_locks;    // lock_timeout and lock_retries are both set
  bool m_cannot_retry = false; // the last failure rolled back more than the step
  bool m_in_step = false;
  std::string m_pending; // statements to prefix to the next message (BEGIN, setup)
  std::vector<std::string> m_pending_names; // what each of them does, for its error
  bool m_open = false; // a run-wide transaction is open (or pending in m_pending)
  std::optional<PreparedChecks> m_checks; // see needs_server_checks
};

} // namespace

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
