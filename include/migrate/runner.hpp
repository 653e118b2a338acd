// SPDX-License-Identifier: MIT
// Running a plan: the version table's SQL, the offline (--sql) script writer, and the online
// runner over a Database.
#pragma once

#include <migrate/config.hpp>
#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/script.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::runner {

// Alembic's version table: one varchar(32) primary-key column, one row per head.
class VersionTable {
public:
  explicit VersionTable(std::string name = "alembic_version",
                        std::optional<std::string> schema = {});

  const std::string& name() const { return m_name; }
  const std::optional<std::string>& schema() const { return m_schema; }
  // "alembic_version" or "audit.my_ver", quoted where PostgreSQL needs it.
  const std::string& qualified_name() const { return m_qualified_name; }

  // Statements without the trailing semicolon, rendered as SQLAlchemy renders them for PostgreSQL
  // (so offline scripts match Alembic's, minus the INSERT's RETURNING).
  std::string create_sql() const;
  std::string insert_sql(std::string_view version) const;
  std::string update_sql(std::string_view from, std::string_view to) const;
  std::string delete_sql(std::string_view version) const;
  std::string select_sql() const;
  // The statement for one version-row change.
  std::string op_sql(const graph::VersionOp& op) const;

private:
  std::string m_name;
  std::optional<std::string> m_schema;
  std::string m_qualified_name; // every statement names it: quoted once, not per statement
};

// Quotes an identifier only when PostgreSQL requires it (upper case, special characters, a
// leading digit, a reserved word), as SQLAlchemy's preparer does.
std::string quote_identifier_if_needed(std::string_view name);
// 'text' with single quotes doubled.
std::string quote_literal(std::string_view text);

// The SQL a step runs, read from its file now: the revision's upgrade or downgrade section;
// nullopt for a stamp or a revision without a downgrade section.
std::optional<script::SectionText> step_sql(const graph::RevisionMap& map, const graph::Step& step);

// Whether a step runs inside a transaction: a stamp does, a revision unless its file says
// "transactional: false".
bool step_in_transaction(const graph::RevisionMap& map, const graph::Step& step);

// "Running upgrade a -> b, message" (stamps carry no message), as Alembic logs a step.
std::string step_log_line(const graph::RevisionMap& map, const graph::Step& step);

// Throws CommandError naming the file when a downgrade step's revision has no downgrade section;
// checked for the whole plan before anything runs, so nothing is half-applied.
void check_reversible(const graph::RevisionMap& map, const graph::Plan& plan);

// Receives one progress line per step ("Running upgrade a -> b, message").
using LogFn = std::function<void(const std::string&)>;

struct OfflineOptions {
  VersionTable version_table;
  bool transaction_per_migration = false;
};

// The version table and the offline options a configuration sets.
VersionTable version_table(const config::Config& config);
OfflineOptions offline_options(const config::Config& config);

// Writes the whole script of `plan` as Alembic's offline mode does (docs/alembic-compatibility.md,
// "Offline scripts"): BEGIN;, the version table's CREATE when no heads are tracked before a step,
// each step's
// "-- Running <short log>" comment, its SQL and its version-row statements, COMMIT;. Every chunk
// is followed by a blank line. A `transactional: false` revision is written between COMMIT; and
// BEGIN;. Throws CommandError when a downgrade passes an irreversible revision.
void write_offline_script(const graph::RevisionMap& map,
                          const graph::Plan& plan,
                          const std::vector<std::string>& starting_heads,
                          const OfflineOptions& options,
                          std::ostream& out,
                          const LogFn& log);

// `ensure_version --sql`: BEGIN;, the CREATE TABLE, COMMIT;.
void write_offline_ensure_version(const OfflineOptions& options, std::ostream& out);

// ---- Online -------------------------------------------------------------------------------

// What a run needs to know; online_options() fills it from the configuration, whose key table
// holds the defaults.
struct OnlineOptions {
  VersionTable version_table;
  bool transaction_per_migration = false;
  // Transactional revisions go out in libpq pipelines (docs/pipelining.md).
  bool pipeline = false;
  double lock_timeout_seconds = 0; // PostgreSQL's, for the revisions' statements; 0: none
  int lock_retries = 0;            // tries after a 55P03 (lock_not_available)
  double migration_lock_timeout_seconds = 0;
  std::optional<double> statement_timeout_seconds;
  bool purge = false; // stamp --purge: delete every version row first
  // pooler = transaction: nothing relies on the session (docs/commands.md, "Connection poolers").
  bool transaction_pooler = false;
  // Opens a second connection to the same database, used only while a statement waits, to ask
  // the server who blocks it (pg_blocking_pids). Empty: blockers are not named.
  std::function<std::unique_ptr<Database>()> open_monitor;
  // The applied-steps log (docs/commands.md, "The applied-steps log"): the SHA-256 (hex) of a
  // revision's normalised SQL, and migrate's version. An empty checksum: no log is written.
  std::function<std::string(std::string_view)> checksum;
  std::string migrate_version;
};

OnlineOptions online_options(const config::Config& config);

// ---- The applied-steps log ----------------------------------------------------------------

// "<version_table>_log", in the version table's schema.
std::string log_table_name(const VersionTable& table);
// CREATE TABLE IF NOT EXISTS of the log (no trailing semicolon).
std::string log_table_create_sql(const VersionTable& table);
// A section's SQL as its checksum reads it: line ends as \n, trailing spaces of each line and
// blank lines around the text dropped, so an editor's whitespace is not a change.
std::string normalised_sql(std::string_view sql);

// One row of the log.
struct LogRow {
  std::string revision;  // "" for a stamp
  std::string direction; // upgrade, downgrade, stamp
  std::string from_rows; // comma-separated
  std::string to_rows;
  std::string checksum; // "" when none (a stamp, or no SQL)
  std::string started_at;
  double duration_ms = 0;
  std::string applied_by;
  std::string application_name;
  std::string migrate_version;
};
// The log's rows, oldest first; empty when the table does not exist (never created here).
std::vector<LogRow> read_log(Database& database, const VersionTable& table);

// The applied revisions' checksums against their files: each revision the version rows include
// (ancestors too) whose last upgrade has a log row is compared; revisions applied without a log
// row (by Alembic, or before the log) are counted apart.
struct ChecksumReport {
  // "<path>: revision <id> was applied with other SQL (checksum <12 hex> in the log, <12 hex>
  // in the file)", in revision order.
  std::vector<std::string> mismatches;
  std::size_t matched = 0;
  std::size_t unlogged = 0;
};
ChecksumReport verify_checksums(Database& database,
                                const graph::RevisionMap& map,
                                const VersionTable& table,
                                const std::vector<std::string>& heads,
                                const std::function<std::string(std::string_view)>& checksum);

// What a run reports as it goes; any member may be left empty.
struct RunObserver {
  // A step starts: "Running upgrade a -> b, message", as Alembic logs it.
  std::function<void(const std::string& line)> step_started;
  // About every 100 ms while the step's SQL runs, with the time it has run.
  std::function<void(std::chrono::milliseconds elapsed)> step_running;
  // The step is done (committed, or held in the run's transaction), with how long it took.
  std::function<void(std::chrono::steady_clock::duration took)> step_finished;
  // Something the user should know while the run goes on: who holds the migration lock, a
  // revision tried again after a lock timeout.
  std::function<void(const std::string& line)> note;
};

// What a run did.
struct RunResult {
  // The version rows read under the lock; with pooler = transaction, when another runner did
  // this run's work, the rows it left.
  std::vector<std::string> starting_heads;
  std::size_t steps = 0; // steps applied (0: there was nothing to do)
  std::chrono::steady_clock::duration took{};
};

// The database's current heads in row order (no ORDER BY, as Alembic); empty when the version
// table does not exist. Never creates the table.
std::vector<std::string> read_heads(Database& database, const VersionTable& table);

// Computes the plan from the heads read under the lock.
using Planner = std::function<graph::Plan(const std::vector<std::string>& current_heads)>;

// Runs a plan against the database (docs/commands.md, "How a run works"): takes the advisory lock,
// reads the heads, plans, creates the version table when needed, runs every step with its
// version-row change in one round trip, in one transaction (or one per revision; or statement by
// statement for transactional: false revisions), checks each UPDATE/DELETE hit exactly one row,
// commits, and releases the lock. On failure everything not yet committed is rolled back and an
// SqlError names the revision file and line. A revision whose statement waits longer than
// lock_timeout for a lock (55P03) is tried again up to lock_retries times; then the error names
// who blocks it.
RunResult run_online(Database& database,
                     const graph::RevisionMap& map,
                     const OnlineOptions& options,
                     const Planner& planner,
                     const RunObserver& observer = {});

// `ensure_version`: creates the version table if it is missing (under the lock).
void ensure_version_table(Database& database, const OnlineOptions& options);

} // namespace migrate::runner
