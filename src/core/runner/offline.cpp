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

// A revision body as written, trimmed, terminated by a semicolon when its author left it off.
// A body ending in a line comment gets the semicolon on a line of its own.
void write_body(std::ostream& out, std::string_view sql) {
  const std::string_view body = util::trim(sql);
  if (body.empty()) {
    return;
  }
  if (body.back() == ';') {
    chunk(out, body);
    return;
  }
  const std::size_t last_line = body.rfind('\n');
  const std::string_view tail =
      util::trim(body.substr(last_line == std::string_view::npos ? 0 : last_line + 1));
  chunk(out, std::string(body) + (tail.starts_with("--") ? "\n;" : ";"));
}

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
  if (!per_migration) {
    chunk(out, "BEGIN;");
  }
  bool heads_empty = starting_heads.empty();
  for (const graph::Step& step : plan.steps) {
    const bool transactional = step_in_transaction(map, step);
    // A non-transactional revision runs outside any transaction, as Alembic's autocommit_block
    // prints it: the run's transaction is committed before it and reopened after it.
    const bool in_block = per_migration ? transactional : true;
    if (per_migration && in_block) {
      chunk(out, "BEGIN;");
    } else if (!per_migration && !transactional) {
      chunk(out, "COMMIT;");
    }
    if (heads_empty) {
      chunk(out, table.create_sql() + ";");
    }
    if (log) {
      log(step_log_line(map, step));
    }
    chunk(out, "-- Running " + step.short_log());
    if (const auto section = step_sql(map, step)) {
      write_body(out, section->sql);
    }
    for (const graph::VersionOp& op : step.version_ops) {
      chunk(out, table.op_sql(op) + ";");
    }
    heads_empty = step.heads_after.empty();
    if (per_migration && in_block) {
      chunk(out, "COMMIT;");
    } else if (!per_migration && !transactional) {
      chunk(out, "BEGIN;");
    }
  }
  if (!per_migration) {
    chunk(out, "COMMIT;");
  }
}

void write_offline_ensure_version(const OfflineOptions& options, std::ostream& out) {
  chunk(out, "BEGIN;");
  chunk(out, options.version_table.create_sql() + ";");
  chunk(out, "COMMIT;");
}

} // namespace migrate::runner
