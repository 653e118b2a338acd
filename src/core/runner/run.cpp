// SPDX-License-Identifier: MIT
// Sending a run's steps: the BEGIN/COMMIT placement of each transaction mode, the savepoint and
// retries of a lock timeout, transactional: false revisions statement by statement.
#include "run.hpp"

#include "advisory_lock.hpp"
#include "run_setup.hpp"
#include "step_error.hpp"
#include "step_log.hpp"

#include <migrate/error.hpp>
#include <migrate/sql.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <utility>

namespace migrate::runner {

namespace {

void rollback_quietly(Database& database) {
  try {
    database.execute("ROLLBACK");
  } catch (const Error&) {
    // The connection may be gone; the server rolls back with it.
  }
}

std::string make_tag() {
  std::random_device random;
  char tag[64];
  std::snprintf(tag, sizeof tag, "/* migrate run %08x%08x */\n", random(), random());
  return tag;
}

// SQL for the pid of the server backend running the run's statement, for the monitor
// connection: behind a transaction pooler it is whichever runs a message starting with the tag.
std::string blocked_pid_sql(bool pooled, const std::string& tag, int lock_pid, int connection_pid) {
  if (pooled) {
    return "(SELECT pid FROM pg_stat_activity WHERE query LIKE " + quote_literal(tag + "%")
           + " AND pid <> pg_backend_pid() LIMIT 1)";
  }
  return std::to_string(lock_pid != 0 ? lock_pid : connection_pid);
}

} // namespace

Run::Run(Database& database,
         const graph::RevisionMap& map,
         const OnlineOptions& options,
         const RunObserver& observer,
         int lock_pid)
    : m_db(database),
      m_map(map),
      m_options(options),
      m_observer(observer),
      m_pooled(options.transaction_pooler),
      m_lock_key(lock_key(options.version_table.qualified_name())),
      m_lock_pid(lock_pid),
      m_tag(m_pooled ? make_tag() : std::string()),
      m_retries(options.lock_timeout_seconds,
                options.lock_retries,
                BlockerWatch(options.open_monitor,
                             blocked_pid_sql(m_pooled, m_tag, lock_pid, database.backend_pid())),
                observer.note),
      m_retry_locks(m_retries.enabled()),
      m_pipelining(options.pipeline && !m_pooled && database.can_pipeline()) {
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

void Run::execute(const graph::Plan& plan, const RunStart& start) {
  check_statements_split(plan);
  m_expected = heads_along(start.heads, plan);
  m_step = 0;
  m_queue.clear(); // what a failed execute() left queued belongs to its plan
  m_queued_bytes = 0;
  m_relock = false;
  const VersionTable& table = m_options.version_table;
  // The set-up statements, each with the name its failure is reported under.
  TransactionStart setup;
  if (!start.table_exists) {
    setup.add(table.create_sql() + ";\n", "creating the version table " + table.qualified_name());
  }
  // With pooler = transaction, read_locked() made it under the lock.
  if (m_options.checksum && !m_pooled) {
    setup.add(log_table_create_sql(table) + ";\n",
              "creating the applied-steps log " + log_table_name(table));
  }
  if (m_options.purge && !m_pooled) {
    setup.add("DELETE FROM " + table.qualified_name() + ";\n",
              "deleting the version rows (--purge)");
  }
  if (needs_server_checks(plan) && !m_pooled) {
    m_checks = PreparedChecks::next();
    const std::string prepare = prepare_checks_sql(*m_checks, table);
    setup.sql += prepare;
    setup.names.insert(setup.names.end(), 2, "preparing the version-row checks");
  }
  if (!m_options.transaction_per_migration) {
    m_pending.clear();
    m_pending_names.clear();
    m_relock = m_pooled && !start.transaction_open;
    if (!start.transaction_open && !m_pooled) {
      const TransactionStart begin = transaction_start(0, true, false);
      m_pending = "BEGIN;\n" + begin.sql;
      m_pending_names = {"BEGIN"};
      m_pending_names.insert(m_pending_names.end(), begin.names.begin(), begin.names.end());
    }
    m_pending += setup.sql;
    m_pending_names.insert(m_pending_names.end(), setup.names.begin(), setup.names.end());
    m_open = !m_relock;
    // Begun here with nothing set up, it waits for a step that needs it.
    m_fresh = !start.transaction_open && setup.sql.empty();
  } else if (!setup.sql.empty()) {
    const TransactionStart guard = transaction_start(0, false, false);
    in_setup_step(util::join(setup.names, ", "), [&] { send_setup(guard.sql + setup.sql); });
  }
  for (const graph::Step& step : plan.steps) {
    util::throw_if_interrupted();
    const std::size_t index = static_cast<std::size_t>(&step - plan.steps.data());
    m_step = index;
    if (m_pipelining && step_in_transaction(m_map, step)) {
      std::optional<script::SectionText> section = step_sql(m_map, step);
      if (joins_pipeline(section)) {
        queue_step(step, std::move(section));
        continue;
      }
    }
    flush_pipeline();
    m_step = index;
    const auto started = std::chrono::steady_clock::now();
    if (m_observer.step_started) {
      m_observer.step_started(step_log_line(m_map, step));
    }
    m_in_step = true;
    if (step_in_transaction(m_map, step) && m_pooled && m_options.transaction_per_migration) {
      // Each revision's transaction takes the lock: while another runner holds it, try again.
      wait_for_lock(m_db, m_options, m_lock_key, m_observer.note, [&] {
        retry(step, [&] { run_step(step); });
      });
    } else if (step_in_transaction(m_map, step)) {
      retry(step, [&] { run_step(step); });
    } else {
      run_step(step); // retried statement by statement: the ones before stay committed
    }
    m_in_step = false;
    if (m_observer.step_finished) {
      m_observer.step_finished(std::chrono::steady_clock::now() - started);
    }
  }
  flush_pipeline();
  util::throw_if_interrupted();
  m_step = plan.steps.size();
  if (m_open && m_fresh) {
    m_pending.clear(); // a transaction that would hold nothing is not begun
    m_open = false;
  }
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
  if (m_pooled) {
    return inline_checked_ops_sql(table, ops); // a pooler would not keep prepared statements
  }
  if (!may_drop_prepared(sql)) {
    return version_ops_sql(table, ops, &*m_checks);
  }
  m_checks = PreparedChecks::next();
  return inline_checked_ops_sql(table, ops) + prepare_checks_sql(*m_checks, table);
}

std::string Run::log_row(const graph::Step& step,
                         const script::SectionText* section,
                         StepStart start,
                         double client_ms) const {
  if (!m_options.checksum) {
    return "";
  }
  const std::string checksum =
      section != nullptr ? m_options.checksum(normalised_sql(section->sql)) : std::string();
  return log_insert_sql(
      m_options.version_table, step, checksum, m_options.migrate_version, start, client_ms);
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
  // Read now, not at load: only this revision's SQL (or a pipeline's 8 MiB) is in memory.
  std::optional<script::SectionText> section = step_sql(m_map, step);
  if (!step_in_transaction(m_map, step)) {
    const std::string ops =
        server_checked_ops(step.version_ops, section ? section->sql : std::string());
    run_statement_by_statement(step, section.value_or(script::SectionText{}), ops);
    return;
  }
  send_message(build_message(step, std::move(section), false));
}

// transactional: false -- each statement alone, outside any transaction (CONCURRENTLY needs
// that), then the version-row change committed at once. The run's transaction, if any, is
// committed first and reopened after, as Alembic's autocommit_block does.
void Run::run_statement_by_statement(const graph::Step& step,
                                     const script::SectionText& section,
                                     const std::string& ops) {
  if (m_open && !m_fresh) {
    const std::vector<std::string> names = std::exchange(m_pending_names, {});
    const std::string what =
        names.size() > 1
            ? util::join(std::vector<std::string>(names.begin() + 1, names.end()), ", ")
            : "committing the run's transaction before a transactional: false revision";
    in_setup_step(what, [&] { send_setup(m_pending + "COMMIT;"); });
  }
  m_pending.clear();
  m_pending_names.clear();
  m_open = false;
  std::unique_ptr<Database> lock_holder = m_pooled ? hold_lock_elsewhere(step) : nullptr;
  const auto started = std::chrono::steady_clock::now();
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
    const TransactionStart guard =
        m_pooled ? TransactionStart{} : transaction_start(m_step, false, false);
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started;
    const std::string log = log_row(step, &section, StepStart::client, took.count());
    retry(step, [&] {
      try {
        send(guard.sql + ops + log, &step, nullptr, 0, false, &guard.names);
      } catch (const SqlError& error) {
        throw step_failure(m_map, step, section, error, 0, Aftermath::version_row_only);
      }
    });
  }
  if (lock_holder) {
    in_setup_step("releasing the migration lock", [&] { lock_holder->execute(m_tag + "COMMIT"); });
  }
  if (!m_options.transaction_per_migration && m_pooled) {
    m_relock = true; // begun, under the lock, by the next step that needs it
  } else if (!m_options.transaction_per_migration) {
    const TransactionStart begin = transaction_start(m_step + 1, true, false);
    m_pending = "BEGIN;\n" + begin.sql;
    m_pending_names = {"BEGIN"};
    m_pending_names.insert(m_pending_names.end(), begin.names.begin(), begin.names.end());
    m_open = true;
    m_fresh = true;
  }
}

void Run::begin_on(Database& database, const TransactionStart& start) const {
  try {
    database.execute(m_tag + "BEGIN;\n" + start.sql);
  } catch (const SqlError& error) {
    const int index = error.fields().statement_index - 1; // after the BEGIN
    throw_start_failure(database,
                        index >= 0 && static_cast<std::size_t>(index) < start.names.size()
                            ? start.names[static_cast<std::size_t>(index)]
                            : std::string("BEGIN"),
                        error);
  } catch (const DatabaseError& error) {
    if (util::interrupt_requested()) {
      throw;
    }
    throw setup_failure("beginning a transaction under the migration lock", error);
  }
}

void Run::begin_locked() {
  const TransactionStart start = transaction_start(m_step, true, true);
  wait_for_lock(m_db, m_options, m_lock_key, m_observer.note, [&] { begin_on(m_db, start); });
  m_relock = false;
  m_open = true;
  m_fresh = false;
}

std::vector<std::string> Run::read_locked() {
  const VersionTable& table = m_options.version_table;
  const TransactionStart start = pooled_transaction_start(m_options, m_lock_key, true, nullptr);
  wait_for_lock(m_db, m_options, m_lock_key, m_observer.note, [&] { begin_on(m_db, start); });
  std::vector<std::string> heads;
  in_setup_step("reading the version table " + table.qualified_name(), [&] {
    const bool exists = table_exists(m_db, table);
    if (!exists) {
      m_db.execute(m_tag + table.create_sql());
    }
    if (m_options.checksum) {
      m_db.execute(m_tag + log_table_create_sql(table));
    }
    if (m_options.purge) {
      m_db.execute(m_tag + "DELETE FROM " + table.qualified_name());
    } else if (exists) {
      heads = select_heads(m_db, table);
    }
  });
  return heads;
}

void Run::commit_read() {
  in_setup_step("committing the version table's reading", [&] { m_db.execute(m_tag + "COMMIT"); });
}

void Run::send_setup(const std::string& text) {
  try {
    send(text, nullptr, nullptr);
  } catch (const SqlError& error) {
    if (is_wrong_connection(error)) {
      throw wrong_connection_error(m_db, m_options.version_table.qualified_name(), m_lock_pid);
    }
    throw;
  }
}

TransactionStart Run::transaction_start(std::size_t step, bool take_lock, bool check_rows) const {
  if (m_pooled) {
    return pooled_transaction_start(
        m_options, m_lock_key, take_lock, check_rows ? &m_expected.at(step) : nullptr);
  }
  return m_lock_pid != 0 ? session_guard(m_lock_pid) : TransactionStart{};
}

std::unique_ptr<Database> Run::hold_lock_elsewhere(const graph::Step& step) {
  const std::string why = "pooler = transaction: " + step.short_log()
                          + " is transactional: false, so a second connection holds the "
                            "migration lock while it runs";
  if (!m_options.open_monitor) {
    throw DatabaseError(why + ", and none can be opened here");
  }
  std::unique_ptr<Database> holder;
  try {
    holder = m_options.open_monitor();
  } catch (const DatabaseError& error) {
    throw DatabaseError(why + ", and it could not be opened: " + error.what());
  }
  const TransactionStart start =
      pooled_transaction_start(m_options, m_lock_key, true, &m_expected.at(m_step));
  wait_for_lock(*holder, m_options, m_lock_key, m_observer.note, [&] { begin_on(*holder, start); });
  return holder;
}

void Run::abort() noexcept {
  rollback_quietly(m_db);
}

} // namespace migrate::runner
