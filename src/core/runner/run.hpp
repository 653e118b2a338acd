// SPDX-License-Identifier: MIT
// One online run of a plan: its messages, transaction modes, lock-timeout retries and failures.
// run_online (online.cpp) drives it; run.cpp sends the steps, run_messages.cpp builds each
// step's message, reads the server's answers and turns failures into the errors the user sees,
// run_pipeline.cpp sends many steps' messages in one libpq pipeline.
#pragma once

#include "lock_waits.hpp"
#include "pooled.hpp"
#include "step_log.hpp"
#include "version_row_check.hpp"

#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/runner.hpp>
#include <migrate/script.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace migrate::runner {

// The savepoint each revision runs under in the run's one transaction, when a lock timeout may
// be retried: rolling back to it keeps the revisions before.
inline constexpr const char* k_savepoint = "migrate_revision";

// Where a run starts from.
struct RunStart {
  std::vector<std::string> heads; // the version rows the plan was made from
  bool table_exists = false;
  // pooler = transaction, one transaction for the run: read_locked() left it open.
  bool transaction_open = false;
};

class Run {
public:
  // `lock_pid`: with pooler = none, the server backend holding the session's migration lock,
  // which every transaction checks it reaches.
  Run(Database& database,
      const graph::RevisionMap& map,
      const OnlineOptions& options,
      const RunObserver& observer,
      int lock_pid);

  ~Run();

  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  void execute(const graph::Plan& plan, const RunStart& start);

  // pooler = transaction: opens a transaction holding the migration lock, creates the version
  // table when it is missing (and, for stamp --purge, empties it) and returns the version rows.
  // The transaction stays open: commit_read() ends it, or the run's one transaction goes on in it.
  std::vector<std::string> read_locked();
  void commit_read();

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

  // The step's row of the applied-steps log ("" when the run keeps no log); `start` and
  // `client_ms` as log_insert_sql takes them.
  std::string log_row(const graph::Step& step,
                      const script::SectionText* section,
                      StepStart start,
                      double client_ms = 0) const;

  // A transactional: false revision is split before anything runs, so an unterminated quote in
  // it cannot stop a run half-way.
  void check_statements_split(const graph::Plan& plan) const;

  // The statements after the BEGIN of a transaction whose first step is `step`: with pooler =
  // transaction the LOCAL settings, the lock when `take_lock` and, when `check_rows`, the check
  // of the version rows; with pooler = none the check of the lock's connection.
  TransactionStart transaction_start(std::size_t step, bool take_lock, bool check_rows) const;

  // Sends set-up statements that may start with the session guard (its failure becomes
  // wrong_connection_error; in_setup_step names the rest).
  void send_setup(const std::string& text);

  // Sends BEGIN and `start` on `database`; a failure of one of its statements is thrown as
  // throw_start_failure says.
  void begin_on(Database& database, const TransactionStart& start) const;
  // pooler = transaction, one transaction: begins the run's next transaction, holding the lock
  // and checking the version rows before the current step.
  void begin_locked();

  // pooler = transaction: a transactional: false revision runs outside any transaction, so a
  // second connection holds the migration lock (in a transaction it keeps open) until the
  // revision's version row is committed.
  std::unique_ptr<Database> hold_lock_elsewhere(const graph::Step& step);

  // `attempt`, tried again while it fails with a lock timeout that left something to retry.
  void retry(const graph::Step& step, const std::function<void()>& attempt);

  // One transactional step's message: BEGIN/COMMIT as the mode places them, its SQL, its
  // version-row statements and log row. Sent alone (send_message) or in a pipeline.
  struct Message {
    const graph::Step* step = nullptr;
    std::size_t index = 0; // the step's place in the plan
    std::optional<script::SectionText> section;
    std::string text;
    std::vector<std::string> prefix_names; // the BEGIN and set-up statements it starts with
    std::size_t body_offset = 0;
    bool client_checked = false; // its version-row counts are checked here, not on the server
    bool savepoint = false;      // it ends with RELEASE SAVEPOINT
    bool logged = false;         // it holds a log row before that
  };

  void run_step(const graph::Step& step);
  // Takes the pending BEGIN and set-up statements: they are sent once. `pipelined`: the
  // message goes out in a pipeline.
  Message build_message(const graph::Step& step,
                        std::optional<script::SectionText> section,
                        bool pipelined);
  void send_message(const Message& message);
  // The version-row counts of a message that ran, checked when the client checks them.
  void finish_message(const Message& message, std::vector<long long> counts) const;

  // Pipelining (run_pipeline.cpp): a transactional step whose SQL the pipeline can carry is
  // queued; the queue goes out when a step that cannot join comes, when it holds 8 MiB, and
  // before the run's COMMIT.
  bool joins_pipeline(const std::optional<script::SectionText>& section) const;
  void queue_step(const graph::Step& step, std::optional<script::SectionText> section);
  void flush_pipeline();
  // Reads the answers of m_queue[from...]; returns where the server stopped following the
  // pipeline (a step tried again alone after a lock timeout), so the rest goes out again.
  std::size_t read_pipeline(std::size_t from);

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

  // The answer `exchange` gets for a message (sent alone or read from a pipeline), its failures
  // told as the user sees them: `sent` is the text as the server got it, its body at
  // `body_offset`; no `step` for set-up statements.
  std::vector<long long> answer(const std::function<std::vector<long long>()>& exchange,
                                const std::string& sent,
                                const graph::Step* step,
                                const script::SectionText* section,
                                std::size_t body_offset,
                                const std::vector<std::string>* prefix_names);

  // Returns the affected-row counts when `counting`.
  std::vector<long long> send(const std::string& text,
                              const graph::Step* step,
                              const script::SectionText* section,
                              std::size_t body_offset = 0,
                              bool counting = false,
                              const std::vector<std::string>* prefix_names = nullptr);

  // The failure of statement `name` of a transaction's start, on `database`: the migration
  // lock's timeout, version rows another runner moved, the wrong connection, or a set-up error.
  [[noreturn]] void
  throw_start_failure(Database& database, const std::string& name, const SqlError& error) const;

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
  const bool m_pooled; // pooler = transaction
  const std::int64_t m_lock_key;
  const int m_lock_pid; // pooler = none: the backend holding the lock, 0 unknown
  // pooler = transaction: a comment starting every message, by which the monitor connection
  // finds the server backend running it.
  const std::string m_tag;
  std::vector<std::vector<std::string>> m_expected; // version rows before each step
  std::size_t m_step = 0;                           // the step being run
  bool m_relock = false; // pooler = transaction: the next step begins the run's transaction
  LockRetries m_retries;
  const bool m_retry_locks;    // lock_timeout and lock_retries are both set
  bool m_cannot_retry = false; // the last failure rolled back more than the step
  bool m_in_step = false;
  std::string m_pending; // statements to prefix to the next message (BEGIN, setup)
  std::vector<std::string> m_pending_names; // what each of them does, for its error
  bool m_open = false;  // a run-wide transaction is open (or pending in m_pending)
  bool m_fresh = false; // m_pending only begins a transaction: nothing needs it
  std::optional<PreparedChecks> m_checks; // see needs_server_checks
  const bool m_pipelining;                // the run pipelines its transactional steps
  std::vector<Message> m_queue;           // built, not sent yet
  std::size_t m_queued_bytes = 0;
};

} // namespace migrate::runner
