// SPDX-License-Identifier: MIT
// migrate::Database over one PostgreSQL connection.
//
// Why libpq calls next to libpqxx: execute() must say WHICH statement of a multi-statement text
// failed, with PostgreSQL's fields (SQLSTATE, DETAIL, HINT, position). libpqxx 6.4 runs a text
// with PQexec, which keeps only the last result, and its exceptions expose only the message and
// SQLSTATE. Its pipeline class needs the statements pre-split and re-joins them with a dummy
// query in front (so positions shift), and parsing verbose message text is brittle and still
// gives no index. So the text goes out with PQsendQuery (the simple-query protocol: one message,
// one round trip) and PQgetResult hands back one result per statement in order; the number of
// results before the error is the failing statement's 0-based index, and PQresultErrorField
// gives every field. libpqxx keeps owning the connection (quoting, backend pid, notices).
//
// Transactions: outside BEGIN ... COMMIT, PostgreSQL runs a multi-statement text as ONE implicit
// transaction, so when statement 3 fails, statements 1 and 2 are rolled back too. Inside an
// explicit BEGIN in the text, the error leaves the transaction aborted: execute() then sends
// ROLLBACK itself, so every SqlError leaves the session idle and usable (session-level state
// such as advisory locks and SET survives). With a rollback savepoint set (the runner's
// lock-timeout retries), it rolls back to that savepoint instead when it exists, and the
// transaction stays open.
//
// Waiting: with a wait observer set, the results are awaited by polling the socket every 100 ms
// (PQconsumeInput / PQisBusy) rather than blocking in PQgetResult, and the observer hears the time
// waited between two polls.
//
// Pipelines (docs/pipelining.md): pipeline_send sends each statement of each text with the
// extended protocol (a pipeline cannot carry a multi-statement text), a flush request after each
// text so the server sends that text's answers at once, and one sync; pipeline_next reads one
// text's answers. A failure is told as if the text had gone alone: its index in the text, and
// the server's position (within the statement) moved by the characters before the statement.
#include "conninfo.hpp"
#include "pq_connection.hpp"
#include "pq_results.hpp"
#include "server_error.hpp"

#include <migrate/db.hpp>

#include <spdlog/spdlog.h>

#include <poll.h>

#include <deque>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace migrate::db {

namespace {

class PqDatabase final : public Database {
public:
  explicit PqDatabase(PGconn* raw)
      : m_raw(raw),
        m_connection(std::make_unique<AdoptedConnection>(raw)),
        m_notices(std::make_unique<NoticeLogger>(*m_connection)),
        m_cancel(PQgetCancel(raw)) {}

  ~PqDatabase() override {
    if (m_cancel != nullptr) {
      PQfreeCancel(m_cancel);
    }
  }

  PqDatabase(const PqDatabase&) = delete;
  PqDatabase& operator=(const PqDatabase&) = delete;

  void execute(std::string_view sql) override { run(sql, nullptr, nullptr); }

  std::vector<long long> execute_counting_rows(std::string_view sql) override {
    std::vector<long long> counts;
    run(sql, nullptr, &counts);
    return counts;
  }

  std::vector<Row> query(std::string_view sql) override {
    std::vector<Row> rows;
    run(sql, &rows, nullptr);
    return rows;
  }

  // PQcancel on a PGcancel made at connect time is documented as safe from any thread (even a
  // signal handler), unlike anything that touches the PGconn the executing thread is using.
  void cancel() noexcept override {
    if (m_cancel == nullptr) {
      return;
    }
    char error[256];
    if (PQcancel(m_cancel, error, static_cast<int>(sizeof error)) == 0) {
      spdlog::debug("cancel request failed: {}", error);
    }
  }

  std::string quote_literal(std::string_view text) const override {
    live();
    try {
      return "'" + m_connection->esc(std::string(text)) + "'";
    } catch (const std::exception& error) {
      throw DatabaseError("cannot quote a literal: " + first_line(error.what()));
    }
  }

  std::string quote_identifier(std::string_view name) const override {
    live();
    try {
      return m_connection->quote_name(std::string(name));
    } catch (const std::exception& error) {
      throw DatabaseError("cannot quote an identifier: " + first_line(error.what()));
    }
  }

  int backend_pid() const override {
    live();
    return m_connection->backendpid();
  }

  void set_wait_observer(WaitObserver observer) override { m_observer = std::move(observer); }

  void set_rollback_savepoint(std::string name) override { m_savepoint = std::move(name); }

  bool can_pipeline() const override { return true; }

  void pipeline_send(std::vector<PipelineText> texts) override {
    PGconn* connection = live();
    drop_pipeline();
    if (PQenterPipelineMode(connection) == 0) {
      throw lost_or_failed("could not enter pipeline mode");
    }
    for (const PipelineText& text : texts) {
      // Refused before anything is sent: a pipeline cut short would leave answers unread.
      if (text.text.find('\0') != std::string::npos) {
        PQexitPipelineMode(connection);
        throw DatabaseError("the SQL text contains a NUL byte");
      }
    }
    m_pipeline.assign(std::make_move_iterator(texts.begin()), std::make_move_iterator(texts.end()));
    m_unread = 0;
    // Blocking sends are safe however long the pipeline: when the socket is full, libpq reads
    // what the server sent meanwhile, so neither side waits for the other.
    for (const PipelineText& text : m_pipeline) {
      for (const auto& [offset, length] : text.statements) {
        const std::string statement = text.text.substr(offset, length);
        if (PQsendQueryParams(
                connection, statement.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0)
            == 0) {
          abandon_pipeline("could not send the statement");
        }
        ++m_unread;
      }
      // The server holds its answers until a sync or a flush request: one per text lets each
      // step's answer (and its progress line) come as soon as it ran.
      if (PQsendFlushRequest(connection) == 0) {
        abandon_pipeline("could not send the statements");
      }
    }
    if (PQpipelineSync(connection) == 0) {
      abandon_pipeline("could not send the statements");
    }
    ++m_unread; // the sync's own result
  }

  std::vector<long long> pipeline_next() override {
    if (m_pipeline.empty()) {
      throw DatabaseError("no pipelined text is left to read");
    }
    PGconn* connection = m_raw;
    const PipelineText text = std::move(m_pipeline.front());
    m_pipeline.pop_front();
    std::vector<long long> counts;
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t index = 0; index < text.statements.size(); ++index) {
      Result failure;
      const bool answered = read_statement(connection, started, counts, failure);
      if (!answered || (PQstatus(connection) != CONNECTION_OK && !failure)) {
        drop_pipeline();
        throw lost_or_failed("the connection to the server was lost");
      }
      if (failure) {
        const int before =
            characters(std::string_view(text.text).substr(0, text.statements[index].first));
        throw_failure(failure.get(),
                      make_pipelined_sql_error(failure.get(), static_cast<int>(index), before));
      }
    }
    if (m_pipeline.empty()) {
      drop_pipeline(); // reads the sync
    }
    return counts;
  }

private:
  // One pipelined statement's results, up to the NULL that ends them: its count, or its
  // failure. False when no result came at all.
  bool read_statement(PGconn* connection,
                      std::chrono::steady_clock::time_point started,
                      std::vector<long long>& counts,
                      Result& failure) {
    --m_unread;
    bool answered = false;
    while (PGresult* raw = next_result(connection, started)) {
      Result result(raw);
      answered = true;
      const ExecStatusType status = PQresultStatus(raw);
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY) {
        counts.push_back(affected_rows(raw));
      } else if (!failure) {
        failure = std::move(result);
      }
      if (failure && PQstatus(connection) != CONNECTION_OK) {
        break; // a lost connection answers with errors forever
      }
    }
    return answered;
  }

  // A pipeline that could not be sent whole: libpq's reason (read before the pipeline is
  // dropped), thrown once what was sent is read.
  [[noreturn]] void abandon_pipeline(const std::string& what) {
    const DatabaseError error = lost_or_failed(what);
    drop_pipeline();
    throw error;
  }

  // Reads and drops what the pipeline still owes (the server skipped it after a failure, or
  // the caller stopped reading), then leaves pipeline mode.
  void drop_pipeline() noexcept {
    m_pipeline.clear();
    if (PQpipelineStatus(m_raw) == PQ_PIPELINE_OFF) {
      m_unread = 0;
      return;
    }
    int statements_left = m_unread - 1; // each ends its results with a NULL; the sync has none
    while (m_unread > 0 && PQstatus(m_raw) == CONNECTION_OK) {
      PGresult* raw = PQgetResult(m_raw);
      if (raw == nullptr) {
        if (--statements_left < 0) {
          break;
        }
        continue;
      }
      const bool sync = PQresultStatus(raw) == PGRES_PIPELINE_SYNC;
      PQclear(raw);
      if (sync) {
        break;
      }
    }
    m_unread = 0;
    PQexitPipelineMode(m_raw);
  }

  // The connection, if it still works. Checked before any libpqxx call too: on a broken
  // connection libpqxx would try to reconnect (our policy refuses) and free the PGconn.
  PGconn* live() const {
    if (PQstatus(m_raw) != CONNECTION_OK) {
      throw DatabaseError("the connection to the server was lost");
    }
    return m_raw;
  }

  // Sends `sql` in one message and reads every result. With `rows`, keeps the last
  // statement's rows; with `counts`, each statement's affected-row count.
  void run(std::string_view sql, std::vector<Row>* rows, std::vector<long long>* counts) {
    PGconn* connection = live();
    drop_pipeline();
    if (sql.find('\0') != std::string_view::npos) {
      throw DatabaseError("the SQL text contains a NUL byte");
    }
    if (PQsendQuery(connection, std::string(sql).c_str()) == 0) {
      throw lost_or_failed("could not send the statement");
    }
    int completed = 0;
    Result failure;
    const auto started = std::chrono::steady_clock::now();
    while (PGresult* raw = next_result(connection, started)) {
      Result result(raw);
      switch (PQresultStatus(raw)) {
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK:
      case PGRES_EMPTY_QUERY:
        if (rows != nullptr) {
          *rows = read_rows(raw);
        }
        if (counts != nullptr) {
          counts->push_back(affected_rows(raw));
        }
        ++completed;
        break;
      case PGRES_COPY_IN:
        // There is no data stream to feed: refuse, and the server reports the COPY as failed.
        PQputCopyEnd(connection, "migrate sends no COPY data; use COPY ... FROM a server file");
        break;
      case PGRES_COPY_OUT:
        drain_copy_out(connection);
        break;
      default:
        // The server skips the rest of the text after an error; keep the first.
        if (!failure) {
          failure = std::move(result);
        }
        break;
      }
    }
    if (failure) {
      throw_failure(failure.get(), completed);
    }
    if (PQstatus(connection) != CONNECTION_OK) {
      throw lost_or_failed("the connection to the server was lost");
    }
  }

  // PQgetResult, but while the server has not answered yet the wait observer sees the time go
  // by (a lost socket ends the wait; PQgetResult then reports it).
  PGresult* next_result(PGconn* connection, std::chrono::steady_clock::time_point started) {
    if (!m_observer) {
      return PQgetResult(connection);
    }
    while (PQisBusy(connection) != 0) {
      pollfd socket{PQsocket(connection), POLLIN, 0};
      if (socket.fd < 0 || poll(&socket, 1, 100) < 0 || PQconsumeInput(connection) == 0) {
        break;
      }
      if (PQisBusy(connection) == 0) {
        break;
      }
      try {
        m_observer(std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started));
      } catch (...) {
        // An observer reports; it cannot stop the statement (cancel() does that).
      }
    }
    return PQgetResult(connection);
  }

  static void drain_copy_out(PGconn* connection) {
    char* buffer = nullptr;
    while (PQgetCopyData(connection, &buffer, 0) > 0) {
      PQfreemem(buffer);
      buffer = nullptr;
    }
  }

  [[noreturn]] void throw_failure(const PGresult* failure, int statement_index) {
    throw_failure(failure, make_sql_error(failure, statement_index));
  }

  // After the rest of a pipeline is read (the server skipped it), the error is thrown as
  // execute() throws it.
  [[noreturn]] void throw_failure(const PGresult* failure, const SqlError& error) {
    drop_pipeline();
    const char* sqlstate = PQresultErrorField(failure, PG_DIAG_SQLSTATE);
    if (PQstatus(m_raw) != CONNECTION_OK && sqlstate == nullptr) {
      throw lost_or_failed("the connection to the server was lost");
    }
    if (PQstatus(m_raw) == CONNECTION_OK && PQtransactionStatus(m_raw) == PQTRANS_INERROR) {
      roll_back();
    }
    throw error;
  }

  // To the savepoint when one is set and exists, else the whole transaction.
  void roll_back() {
    if (!m_savepoint.empty()) {
      const std::string to_savepoint = "ROLLBACK TO SAVEPOINT " + m_savepoint;
      Result result(PQexec(m_raw, to_savepoint.c_str()));
      if (PQresultStatus(result.get()) == PGRES_COMMAND_OK) {
        return;
      }
    }
    Result rollback(PQexec(m_raw, "ROLLBACK"));
  }

  DatabaseError lost_or_failed(const std::string& what) const {
    const std::string reason = first_line(PQerrorMessage(m_raw));
    return DatabaseError(reason.empty() ? what : what + ": " + reason);
  }

  PGconn* m_raw; // owned by m_connection
  std::unique_ptr<AdoptedConnection> m_connection;
  std::unique_ptr<NoticeLogger> m_notices; // unregisters itself, so it goes before the connection
  PGcancel* m_cancel;
  WaitObserver m_observer;
  std::string m_savepoint;
  std::deque<PipelineText> m_pipeline; // sent, not read yet
  int m_unread = 0;                    // statements of the pipeline not read yet, plus its sync
};

} // namespace

std::unique_ptr<Database> connect(const ConnectOptions& options) {
  PGconn* raw = open_connection(options);
  try {
    return std::make_unique<PqDatabase>(raw);
  } catch (const std::exception& error) {
    // The PGconn now belongs to libpqxx, which closed it.
    throw DatabaseError("could not set up the connection: " + first_line(error.what()));
  }
}

} // namespace migrate::db
