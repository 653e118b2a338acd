// SPDX-License-Identifier: MIT
// The seam between the core and PostgreSQL: the core runs migrations through this interface and
// never includes libpqxx; src/db implements it.
#pragma once

#include <migrate/error.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace migrate {

// A statement the server rejected, with PostgreSQL's diagnostic fields.
class SqlError : public DatabaseError {
public:
  struct Fields {
    std::string message;  // primary message, e.g. relation "x" does not exist
    std::string sqlstate; // e.g. 42P01
    std::string detail;
    std::string hint;
    int position = 0; // 1-based character offset into the whole text sent, 0 when none
    // 0-based index of the failing statement in the text sent (statements as the server counts
    // them: empty ones do not count), -1 unknown. PostgreSQL parses the whole text before it runs
    // any of it, so a syntax error anywhere fails before statement 0 ran: when no statement
    // completed and `position` is set, the index is -1 and `position` locates the error.
    int statement_index = -1;
  };
  SqlError(const std::string& what, Fields fields)
      : DatabaseError(what), m_fields(std::move(fields)) {}
  const Fields& fields() const noexcept { return m_fields; }

private:
  Fields m_fields;
};

using Row = std::vector<std::optional<std::string>>;

// One text of a pipeline: what execute() would take, cut into its statements (each a byte
// range of `text`, as sql::split_statements finds them), since a pipeline sends one statement
// at a time.
struct PipelineText {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> statements; // offset, length
};

// Called about every 100 ms while a statement waits for the server, with the time waited so far:
// how a long statement shows its elapsed time and how a lock wait finds who blocks it. It runs on
// the waiting thread, between two looks at the socket; what it throws is ignored.
using WaitObserver = std::function<void(std::chrono::milliseconds waited)>;

// One connection to PostgreSQL.
class Database {
public:
  virtual ~Database() = default;

  // Sends `sql` (one or several statements) to the server in one round trip and discards the
  // results. Throws SqlError (what(): "ERROR 42P01: relation "x" does not exist") or
  // DatabaseError for a lost connection. Transactions are controlled with BEGIN/COMMIT/ROLLBACK
  // inside the text, so one step can be BEGIN + SQL + version row in a single message.
  // Without BEGIN, PostgreSQL runs a multi-statement text as one implicit transaction: when a
  // statement fails, the earlier ones of the same text are rolled back too (work after a COMMIT
  // in the text stays). A transaction block the error left aborted is rolled back before the
  // SqlError is thrown, so the session is always idle and usable afterwards (a further ROLLBACK
  // only draws a server warning); session state (advisory locks, SET) survives.
  virtual void execute(std::string_view sql) = 0;
  // execute(), also returning how many rows each statement of the text affected, in order
  // (-1 for a statement that reports no count, e.g. CREATE TABLE). Empty statements have no
  // entry, as the server does not count them.
  virtual std::vector<long long> execute_counting_rows(std::string_view sql) = 0;

  // Runs a query (same protocol and errors as execute()) and returns the rows of its last
  // statement as text (NULL -> nullopt).
  virtual std::vector<Row> query(std::string_view sql) = 0;

  // Asks the server to cancel the running statement (it then fails with SQLSTATE 57014). Safe
  // to call from another thread while execute()/query() runs; harmless when nothing runs.
  virtual void cancel() noexcept = 0;

  // Quoting with the connection's rules.
  virtual std::string quote_literal(std::string_view text) const = 0;
  virtual std::string quote_identifier(std::string_view name) const = 0;

  // The server process id of this session.
  virtual int backend_pid() const = 0;

  // Installs (or, with an empty function, removes) the observer of statements that wait.
  virtual void set_wait_observer(WaitObserver observer) { (void)observer; }

  // While set, an error inside a transaction block rolls back to this savepoint (which the
  // failing text created) and leaves the transaction open, so earlier work in it is kept; when
  // the savepoint does not exist yet, the whole transaction is rolled back as usual. Empty: the
  // whole transaction, always.
  virtual void set_rollback_savepoint(std::string name) { (void)name; }

  // Pipelining (docs/pipelining.md): pipeline_send sends every text's statements in one libpq
  // pipeline with one sync after the last, and reads nothing; pipeline_next then reads the next
  // text's answer, in order, as execute_counting_rows() returns it. A failing statement is
  // thrown as execute() throws it (its index and position are the text's, as if the text had
  // been sent alone) after the rest of the pipeline, which the server skipped, has been read
  // and the transaction rolled back as execute() does. After a failure or the last text the
  // connection is out of pipeline mode; any other call first reads and drops what is left.
  virtual bool can_pipeline() const { return false; }
  virtual void pipeline_send(std::vector<PipelineText> texts) {
    (void)texts;
    throw DatabaseError("this connection cannot pipeline");
  }
  virtual std::vector<long long> pipeline_next() {
    throw DatabaseError("this connection cannot pipeline");
  }
};

// How to connect: the normalised libpq connection string (config::normalize_database_url), or
// empty to use libpq's own environment only.
struct ConnectOptions {
  std::string conninfo;
  int connect_timeout_seconds = 10;         // unless the URL sets connect_timeout
  std::string application_name = "migrate"; // unless the URL sets application_name
};

} // namespace migrate
