// SPDX-License-Identifier: MIT
// A run's messages (what one step sends: BEGIN/COMMIT for the mode, the savepoint, its SQL,
// version rows and log row) and the server's answers: affected-row counts, and failures turned
// into the error the user sees (set-up step, revision file and line, a body's own syntax error).
#include "advisory_lock.hpp"
#include "run.hpp"
#include "run_setup.hpp"
#include "step_error.hpp"

#include <migrate/error.hpp>
#include <migrate/util/interrupt.hpp>

namespace migrate::runner {

Run::Message Run::build_message(const graph::Step& step,
                                std::optional<script::SectionText> section,
                                bool pipelined) {
  Message message;
  message.step = &step;
  message.index = m_step;
  message.section = std::move(section);
  const bool own_transaction = m_options.transaction_per_migration;
  // Inside the run's one transaction the message ends with the version-row statements and
  // nothing commits before the client reads their counts: a wrong count rolls the run back,
  // as a failing statement would. Elsewhere the server must check before its COMMIT.
  message.client_checked = !own_transaction;
  const std::vector<graph::VersionOp>& version_ops = step.version_ops;
  const std::string ops =
      message.client_checked
          ? version_ops_sql(m_options.version_table, version_ops, nullptr)
          : server_checked_ops(version_ops, message.section ? message.section->sql : "");
  // The BEGIN and set-up statements a message carries run once: a retry sends the step only.
  if (m_relock && !own_transaction) {
    begin_locked();
  }
  std::string text = std::exchange(m_pending, std::string());
  message.prefix_names = std::exchange(m_pending_names, {});
  m_fresh = false;
  if (own_transaction) {
    const TransactionStart begin = transaction_start(m_step, true, m_pooled);
    text += "BEGIN;\n" + begin.sql;
    message.prefix_names.push_back("BEGIN");
    message.prefix_names.insert(message.prefix_names.end(), begin.names.begin(), begin.names.end());
  }
  message.savepoint = m_retry_locks && message.client_checked;
  if (message.savepoint) {
    text += std::string("SAVEPOINT ") + k_savepoint + ";\n";
  }
  const std::string log = log_row(step,
                                  message.section ? &*message.section : nullptr,
                                  pipelined ? StepStart::marker : StepStart::message);
  if (pipelined && !log.empty()) {
    text += step_start_marker_sql();
  }
  message.body_offset = text.size();
  if (message.section) {
    // The separator ends a body whose last statement lacks its semicolon (or ends in a comment).
    text += message.section->sql + "\n;\n";
  }
  text += ops;
  message.logged = !log.empty();
  text += log;
  if (own_transaction) {
    text += "COMMIT;";
  }
  if (message.savepoint) {
    text += std::string("RELEASE SAVEPOINT ") + k_savepoint + ";";
  }
  message.text = std::move(text);
  return message;
}

void Run::send_message(const Message& message) {
  const script::SectionText* sql = message.section ? &*message.section : nullptr;
  std::vector<long long> counts = send(message.text,
                                       message.step,
                                       sql,
                                       message.body_offset,
                                       message.client_checked,
                                       &message.prefix_names);
  if (message.client_checked) {
    finish_message(message, std::move(counts));
  }
}

void Run::finish_message(const Message& message, std::vector<long long> counts) const {
  if (message.savepoint && !counts.empty()) {
    counts.pop_back(); // RELEASE SAVEPOINT
  }
  if (message.logged && !counts.empty()) {
    counts.pop_back(); // the log row
  }
  check_version_counts(*message.step,
                       message.step->version_ops,
                       message.section ? &*message.section : nullptr,
                       counts);
}

// The version-row statements `ops` are the message's last ones, one per op.
void Run::check_version_counts(const graph::Step& step,
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

// Returns the affected-row counts when `counting`.
std::vector<long long> Run::send(const std::string& text,
                                 const graph::Step* step,
                                 const script::SectionText* section,
                                 std::size_t body_offset,
                                 bool counting,
                                 const std::vector<std::string>* prefix_names) {
  // Behind a transaction pooler the message starts with the run's tag (a comment).
  const std::string tagged = m_tag.empty() ? std::string() : m_tag + text;
  const std::string& sent = m_tag.empty() ? text : tagged;
  return answer(
      [&]() -> std::vector<long long> {
        if (counting) {
          return m_db.execute_counting_rows(sent);
        }
        m_db.execute(sent);
        return {};
      },
      sent,
      step,
      section,
      body_offset + (sent.size() - text.size()),
      prefix_names);
}

std::vector<long long> Run::answer(const std::function<std::vector<long long>()>& exchange,
                                   const std::string& sent,
                                   const graph::Step* step,
                                   const script::SectionText* section,
                                   std::size_t body_offset,
                                   const std::vector<std::string>* prefix_names) {
  try {
    return exchange();
  } catch (const SqlError& server_error) {
    handle_sql_error(server_error, sent, step, section, body_offset, prefix_names);
  } catch (const DatabaseError& lost) {
    if (step == nullptr || util::interrupt_requested()) {
      throw;
    }
    throw server_gone(m_map, *step, lost, sent.ends_with("COMMIT;"));
  }
}

void Run::throw_start_failure(Database& database,
                              const std::string& name,
                              const SqlError& error) const {
  const std::string& table = m_options.version_table.qualified_name();
  if (name == k_taking_lock && is_lock_busy(error)) {
    throw MigrationLockBusy();
  }
  if (name == k_checking_rows && is_version_rows_changed(error)) {
    throw VersionRowsChanged(m_step);
  }
  if (name == k_checking_connection && is_wrong_connection(error)) {
    throw wrong_connection_error(database, table, m_lock_pid);
  }
  throw setup_failure(name, error);
}

void Run::handle_sql_error(const SqlError& server_error,
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
    throw_start_failure(m_db, (*prefix_names)[static_cast<std::size_t>(index)], error);
  }
  if (step == nullptr || section == nullptr) {
    throw error;
  }
  const int line = failing_line(text, body_offset, *section, error.fields());
  const Aftermath aftermath = m_options.transaction_per_migration ? Aftermath::revision_rolled_back
                                                                  : Aftermath::run_rolled_back;
  if (line == 0 && error.fields().sqlstate == "42601") {
    if (std::optional<SqlError> own =
            body_syntax_failure(m_db, m_map, *step, *section, aftermath)) {
      throw *own;
    }
  }
  throw step_failure(m_map, *step, *section, error, line, aftermath);
}

} // namespace migrate::runner
