// SPDX-License-Identifier: MIT
// One online run of a plan: its messages, transaction modes, lock-timeout retries and failures.
// run_online (online.cpp) drives it; run.cpp sends the steps, run_messages.cpp reads the
// server's answers and turns failures into the errors the user sees.
#pragma once

#include "lock_waits.hpp"
#include "version_row_check.hpp"

#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/runner.hpp>
#include <migrate/script.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace migrate::runner {

class Run {
public:
  Run(Database& database,
      const graph::RevisionMap& map,
      const OnlineOptions& options,
      const RunObserver& observer);

  ~Run();

  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  void execute(const graph::Plan& plan, bool table_exists);

  // Leaves nothing half-done on the server when a step fails.
  void abort() noexcept;

private:
  // Where a message commits (transaction_per_migration, transactional: false) the version-row
  // count is checked on the server, before the COMMIT.
  bool needs_server_checks(const graph::Plan& plan) const;

  // The version-row statements of a message that commits. A revision that may drop the prepared
  // checks (DEALLOCATE, DISCARD ALL) gets the checks inline, and fresh ones are prepared after it
  // for the revisions that follow.
  std::string server_checked_ops(const std::vector<graph::VersionOp>& ops, const std::string& sql);

  // A transactional: false revision is split before anything runs, so an unterminated quote in
  // it cannot stop a run half-way.
  void check_statements_split(const graph::Plan& plan) const;

  // `attempt`, tried again while it fails with a lock timeout that left something to retry.
  void retry(const graph::Step& step, const std::function<void()>& attempt);

  void run_step(const graph::Step& step);

  // The version-row statements `ops` are the message's last ones, one per op.
  void check_version_counts(const graph::Step& step,
                            const std::vector<graph::VersionOp>& ops,
                            const script::SectionText* section,
                            const std::vector<long long>& counts) const;

  // transactional: false -- each statement alone, outside any transaction (CONCURRENTLY needs
  // that), then the version-row change committed at once. The run's transaction, if any, is
  // committed first and reopened after, as Alembic's autocommit_block does.
  void run_statement_by_statement(const graph::Step& step,
                                  const script::SectionText& section,
                                  const std::string& ops);

  // Returns the affected-row counts when `counting`.
  std::vector<long long> send(const std::string& text,
                              const graph::Step* step,
                              const script::SectionText* section,
                              std::size_t body_offset = 0,
                              bool counting = false,
                              const std::vector<std::string>* prefix_names = nullptr);

  [[noreturn]] void handle_sql_error(const SqlError& server_error,
                                     const std::string& text,
                                     const graph::Step* step,
                                     const script::SectionText* section,
                                     std::size_t body_offset,
                                     const std::vector<std::string>* prefix_names);

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

} // namespace migrate::runner
