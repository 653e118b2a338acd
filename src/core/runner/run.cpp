// SPDX-License-Identifier: MIT
// Sending a run's steps: the BEGIN/COMMIT placement of each transaction mode, the savepoint and
// retries of a lock timeout, transactional: false revisions statement by statement.
#include "run.hpp"

#include "run_setup.hpp"
#include "step_error.hpp"

#include <migrate/error.hpp>
#include <migrate/sql.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <chrono>
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

} // namespace

Run::Run(Database& database,
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

Run::~Run() {
  m_db.set_wait_observer({});
  m_db.set_rollback_savepoint({});
}

void Run::execute(const graph::Plan& plan, bool table_exists) {
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

// Where a message commits (transaction_per_migration, transactional: false) the version-row
// count is checked on the server, before the COMMIT.
bool Run::needs_server_checks(const graph::Plan& plan) const {
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
std::string Run::server_checked_ops(const std::vector<graph::VersionOp>& ops,
                                    const std::string& sql) {
  const VersionTable& table = m_options.version_table;
  if (!may_drop_prepared(sql)) {
    return version_ops_sql(table, ops, &*m_checks);
  }
  m_checks = PreparedChecks::next();
  return inline_checked_ops_sql(table, ops) + prepare_checks_sql(*m_checks, table);
}

// A transactional: false revision is split before anything runs, so an unterminated quote in
// it cannot stop a run half-way.
void Run::check_statements_split(const graph::Plan& plan) const {
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
void Run::retry(const graph::Step& step, const std::function<void()>& attempt) {
  m_retries.run(
      step.short_log(),
      [&] {
        m_cannot_retry = false;
        attempt();
      },
      [this] { return !m_cannot_retry; });
}

void Run::run_step(const graph::Step& step) {
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

// transactional: false -- each statement alone, outside any transaction (CONCURRENTLY needs
// that), then the version-row change committed at once. The run's transaction, if any, is
// committed first and reopened after, as Alembic's autocommit_block does.
void Run::run_statement_by_statement(const graph::Step& step,
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

void Run::abort() noexcept {
  rollback_quietly(m_db);
}

} // namespace migrate::runner
