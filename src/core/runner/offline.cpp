// SPDX-License-Identifier: MIT
// The offline (--sql) script writer: what Alembic's offline mode prints, for SQL revision files.
#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::runner {

namespace {

// Alembic prints every chunk followed by a blank line.
void chunk(std::ostream& out, std::string_view text) {
  out << text << "\n\n";
}

// A revision body as written, trimmed, terminated by a semicolon when its author left it off
// ("" for an empty body). A body ending in a line comment gets the semicolon on a line of its
// own.
std::string body_text(std::string_view sql) {
  const std::string_view body = util::trim(sql);
  if (body.empty() || body.back() == ';') {
    return std::string(body);
  }
  const std::size_t last_line = body.rfind('\n');
  const std::string_view tail =
      util::trim(body.substr(last_line == std::string_view::npos ? 0 : last_line + 1));
  return std::string(body) + (tail.starts_with("--") ? "\n;" : ";");
}

// The script's transactions, opened lazily: BEGIN is written before the first chunk inside
// one, so a transaction with nothing in it (around a non-transactional revision) leaves no empty
// BEGIN; COMMIT; pair behind.
class Transactions {
public:
  explicit Transactions(std::ostream& out) : m_out(out) {}
  void begin() { m_wanted = true; }
  // A chunk inside the current transaction (or outside, when none was begun).
  void write(std::string_view text) {
    if (m_wanted && !m_open) {
      chunk(m_out, "BEGIN;");
      m_open = true;
    }
    chunk(m_out, text);
  }
  void commit() {
    if (m_open) {
      chunk(m_out, "COMMIT;");
    }
    m_open = m_wanted = false;
  }

private:
  std::ostream& m_out;
  bool m_wanted = false;
  bool m_open = false;
};

} // namespace

void write_offline_script(const graph::RevisionMap& map,
                          const graph::Plan& plan,
                          const std::vector<std::string>& starting_heads,
                          const OfflineOptions& options,
                          std::ostream& out,
                          const LogFn& log) {
  check_reversible(map, plan);
  const VersionTable& table = options.version_table;
  const bool per_migration = options.transaction_per_migration;
  Transactions transactions(out);
  if (!per_migration) {
    transactions.begin();
  }
  bool heads_empty = starting_heads.empty();
  for (const graph::Step& step : plan.steps) {
    const bool transactional = step_in_transaction(map, step);
    // A non-transactional revision runs outside any transaction, as Alembic's autocommit_block
    // prints it: the run's transaction is committed before it and reopened after it.
    if (per_migration && transactional) {
      transactions.begin();
    } else if (!transactional) {
      transactions.commit();
    }
    if (heads_empty) {
      transactions.write(table.create_sql() + ";");
    }
    if (log) {
      log(step_log_line(map, step));
    }
    transactions.write("-- Running " + step.short_log());
    if (const auto section = step_sql(map, step)) {
      if (const std::string text = body_text(section->sql); !text.empty()) {
        transactions.write(text);
      }
    }
    for (const graph::VersionOp& op : step.version_ops) {
      transactions.write(table.op_sql(op) + ";");
    }
    heads_empty = step.heads_after.empty();
    if (per_migration && transactional) {
      transactions.commit();
    } else if (!per_migration && !transactional) {
      transactions.begin();
    }
  }
  transactions.commit();
}

void write_offline_ensure_version(const OfflineOptions& options, std::ostream& out) {
  chunk(out, "BEGIN;");
  chunk(out, options.version_table.create_sql() + ";");
  chunk(out, "COMMIT;");
}

} // namespace migrate::runner
