// SPDX-License-Identifier: MIT
// The online runner: a plan applied to PostgreSQL under the migration lock, one round trip per
// revision (its SQL plus its version-row change), in the transaction mode docs/commands.md,
// "Transactions" describes.
#include "advisory_lock.hpp"
#include "step_error.hpp"
#include "version_row_check.hpp"

#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/sql.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace migrate::runner {

namespace {

std::string format_duration(std::chrono::steady_clock::duration elapsed) {
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  char text[32];
  if (ms < 1000) {
    std::snprintf(text, sizeof text, "%.1f ms", ms);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", ms / 1000);
  }
  return text;
}

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
      const LogFn& log)
      : m_db(database), m_map(map), m_options(options), m_log(log) {}

  void execute(const graph::Plan& plan, bool table_exists) {
    check_statements_split(plan);
    const VersionTable& table = m_options.version_table;
    std::string setup;
    if (!table_exists) {
      setup += table.create_sql() + ";\n";
    }
    if (m_options.purge) {
      setup += "DELETE FROM " + table.qualified_name() + ";\n";
    }
    if (needs_server_checks(plan)) {
      m_checks = PreparedChecks::next();
      setup += prepare_checks_sql(*m_checks, table);
    }
    if (!m_options.transaction_per_migration) {
      m_pending = "BEGIN;\n" + setup; // sent with the first step: no extra round trip
      m_open = true;
    } else if (!setup.empty()) {
      send(setup, nullptr, nullptr);
    }
    for (const graph::Step& step : plan.steps) {
      util::throw_if_interrupted();
      const auto started = std::chrono::steady_clock::now();
      run_step(step);
      if (m_log) {
        m_log(step_log_line(m_map, step) + " ("
              + format_duration(std::chrono::steady_clock::now() - started) + ")");
      }
    }
    util::throw_if_interrupted();
    if (m_open) {
      send(m_pending + "COMMIT;", nullptr, nullptr);
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
    std::string text = m_pending;
    m_pending.clear();
    if (own_transaction) {
      text += "BEGIN;\n";
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
    const script::SectionText* sql = section ? &*section : nullptr;
    if (!client_checked) {
      send(text, &step, sql, body_offset);
      return;
    }
    const std::vector<long long> counts = send(text, &step, sql, body_offset, true);
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
      send(m_pending + "COMMIT;", nullptr, nullptr);
      m_pending.clear();
      m_open = false;
    }
    const Location origin{m_map.node(step.revision).revision.path, section.first_line, 0};
    for (const sql::Statement& statement : sql::split_statements(section.sql, origin)) {
      util::throw_if_interrupted();
      try {
        m_db.execute(statement.text);
      } catch (const SqlError& error) {
        throw step_failure(m_map, step, section, error, statement.line, Aftermath::partial);
      }
    }
    if (!ops.empty()) {
      send(ops, &step, nullptr);
    }
    if (!m_options.transaction_per_migration) {
      m_pending = "BEGIN;\n";
      m_open = true;
    }
  }

  // Returns the affected-row counts when `counting`.
  std::vector<long long> send(const std::string& text,
                              const graph::Step* step,
                              const script::SectionText* section,
                              std::size_t body_offset = 0,
                              bool counting = false) {
    try {
      if (counting) {
        return m_db.execute_counting_rows(text);
      }
      m_db.execute(text);
      return {};
    } catch (const SqlError& server_error) {
      std::optional<SqlError> version_row =
          step != nullptr
              ? as_version_row_error(server_error, m_options.version_table, step->version_ops)
              : std::nullopt;
      const SqlError& error = version_row ? *version_row : server_error;
      if (step == nullptr || section == nullptr) {
        throw error;
      }
      const int line = failing_line(text, body_offset, *section, error.fields());
      throw step_failure(m_map,
                         *step,
                         *section,
                         error,
                         line,
                         m_options.transaction_per_migration ? Aftermath::revision_rolled_back
                                                             : Aftermath::run_rolled_back);
    }
  }

  Database& m_db;
  const graph::RevisionMap& m_map;
  const OnlineOptions& m_options;
  const LogFn& m_log;
  std::string m_pending; // statements to prefix to the next message (BEGIN, setup)
  bool m_open = false;   // a run-wide transaction is open (or pending in m_pending)
  std::optional<PreparedChecks> m_checks; // see needs_server_checks
};

} // namespace

namespace {
bool table_exists(Database& database, const VersionTable& table) {
  const std::vector<Row> rows = database.query(
      "SELECT to_regclass(" + quote_literal(table.qualified_name()) + ") IS NOT NULL");
  return !rows.empty() && !rows[0].empty() && rows[0][0] == "t";
}

std::vector<std::string> select_heads(Database& database, const VersionTable& table) {
  std::vector<std::string> heads;
  for (const Row& row : database.query(table.select_sql())) {
    if (!row.empty() && row[0]) {
      heads.push_back(*row[0]);
    }
  }
  return heads;
}

// Session settings for the run, in one round trip. client_connection_check_interval (PostgreSQL
// 14+, absent before, hence pg_settings) makes the server notice a client that died (kill -9)
// while a statement runs and abort it, so a message holding a revision and its COMMIT is not
// run to the end for nobody.
void apply_session_settings(Database& database, const OnlineOptions& options) {
  std::string sql = "SELECT set_config(name, '500', false) FROM pg_settings "
                    "WHERE name = 'client_connection_check_interval'";
  if (options.statement_timeout_seconds) {
    const long long ms = static_cast<long long>(*options.statement_timeout_seconds * 1000);
    sql += ";\nSET statement_timeout = " + std::to_string(ms);
  }
  database.execute(sql);
}
} // namespace

std::vector<std::string> read_heads(Database& database, const VersionTable& table) {
  return table_exists(database, table) ? select_heads(database, table) : std::vector<std::string>{};
}

void run_online(Database& database,
                const graph::RevisionMap& map,
                const OnlineOptions& options,
                const Planner& planner,
                const LogFn& log) {
  AdvisoryLock lock(database, options.version_table.qualified_name(), options.lock_timeout_seconds);
  apply_session_settings(database, options);
  const bool exists = table_exists(database, options.version_table);
  const std::vector<std::string> heads = exists && !options.purge
                                             ? select_heads(database, options.version_table)
                                             : std::vector<std::string>{};
  const graph::Plan plan = planner(heads);
  check_reversible(map, plan);
  Run run(database, map, options, log);
  try {
    run.execute(plan, exists);
  } catch (...) {
    run.abort();
    throw;
  }
}

void ensure_version_table(Database& database, const OnlineOptions& options) {
  AdvisoryLock lock(database, options.version_table.qualified_name(), options.lock_timeout_seconds);
  if (!table_exists(database, options.version_table)) {
    database.execute(options.version_table.create_sql());
  }
}

} // namespace migrate::runner
