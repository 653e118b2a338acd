// SPDX-License-Identifier: MIT
// `revision --autogenerate` and `check`: schema.sql loaded into one scratch database, the
// revisions replayed into another, both introspected, diffed, and the plans validated on them.
#include "autogenerate.hpp"

#include "commands.hpp"
#include "resolve.hpp"
#include "run_support.hpp"
#include "signals.hpp"

#include <migrate/autogen.hpp>
#include <migrate/db.hpp>
#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/parallel.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <atomic>
#include <sstream>

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

// schema.sql's text; a missing file gets advice, other read errors script::read_file's text.
std::string read_schema_file(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    throw CommandError("schema file " + path.string()
                       + " does not exist: create it with the schema as it should be ('migrate "
                         "init' writes an empty one), or set schema_file");
  }
  return script::read_file(path);
}

// Where scratch databases go: --dev-url, dev_url, else the target server.
std::pair<std::string, std::string> scratch_server_url(Session& session,
                                                       const AutogenOptions& options) {
  std::optional<std::string> url = options.dev_url ? options.dev_url : session.config().dev_url;
  if (!url) {
    url = session.database_url();
  }
  return {url ? config::normalize_database_url(*url) : "", describe_url(url)};
}

// Points Ctrl-C at the scratch connections at work, so their statements are cancelled and the
// scratch databases are dropped on the way out (without a target a signal exits at once).
void watch(Database& database, Database* also = nullptr) {
  SignalWatcher::set_cancel_targets(&database, also);
}

// Applies a plan to a scratch copy and lists what still differs from `expected`.
std::vector<std::string> validate(Database& database,
                                  const autogen::Plan& plan,
                                  const autogen::Snapshot& expected,
                                  const autogen::IntrospectOptions& options,
                                  const std::string& which) {
  try {
    autogen::apply_plan(database, plan);
  } catch (const SqlError& e) {
    throw CommandError("the generated " + which + " fails on a scratch copy (" + e.what()
                       + "); nothing was written");
  }
  util::throw_if_interrupted();
  std::vector<std::string> left =
      autogen::differences(autogen::introspect(database, options), expected);
  for (std::string& line : left) {
    line = which + ": " + line;
  }
  return left;
}

// The whole-schema check (docs/autogenerate.md, "The whole-schema check"): pg_dump of what the
// revision made, compared with pg_dump of what it should have made, whatever the planner models.
class DumpCheck {
public:
  explicit DumpCheck(const config::Config& config) {
    // The version table is the replay's, not the schema's.
    const auto quoted = [](const std::string& name) {
      std::string pattern = "\"";
      for (const char c : name) {
        pattern += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      return pattern + "\"";
    };
    m_exclude.push_back(
        (config.version_table_schema ? quoted(*config.version_table_schema) + "." : std::string())
        + quoted(config.version_table));
  }

  std::string dump(const std::string& conninfo) const {
    util::throw_if_interrupted();
    return db::dump_schema(conninfo, m_exclude);
  }

  // Adds "<which>: - object" / "<which>: + object" lines for what differs.
  void compare(const std::string& which, const std::string& expected, const std::string& actual) {
    for (const std::string& line : autogen::compare_schema_dumps(expected, actual)) {
      m_differences.push_back(which + ": " + line);
    }
  }

  // Refuses the revision when anything differs, listing the first lines.
  void refuse_if_different(const std::string& schema_file) const {
    if (m_differences.empty()) {
      return;
    }
    constexpr std::size_t k_shown = 20;
    std::string message =
        "the schema after the generated revision still differs from " + schema_file
        + " (pg_dump --schema-only of both; '-' expected, '+' found): autogenerate does not "
          "handle these yet, write them by hand; nothing was written";
    for (std::size_t i = 0; i < m_differences.size() && i < k_shown; ++i) {
      const std::string& line = m_differences[i];
      message += "\n  " + (line.size() > 300 ? line.substr(0, 300) + "..." : line);
    }
    if (m_differences.size() > k_shown) {
      message += "\n  ... and " + std::to_string(m_differences.size() - k_shown) + " more";
    }
    throw CommandError(util::escape_control_keep_lines(message));
  }

private:
  std::vector<std::string> m_exclude;
  std::vector<std::string> m_differences;
};

// The version table's own schema (version_table_schema) is often made outside the revisions:
// both scratch databases get it, so replaying works and it is no difference.
void ensure_version_schema(Database& database, const config::Config& config) {
  if (config.version_table_schema) {
    database.execute("CREATE SCHEMA IF NOT EXISTS "
                     + database.quote_identifier(*config.version_table_schema));
  }
}

// The desired state: schema.sql loaded into a scratch database, and read back.
autogen::Snapshot load_desired(Database& desired,
                               const std::string& schema_sql,
                               const config::Config& config,
                               const autogen::IntrospectOptions& introspect) {
  autogen::load_schema_file(desired, schema_sql, config.schema_file.string());
  ensure_version_schema(desired, config);
  util::throw_if_interrupted();
  return autogen::introspect(desired, introspect);
}

// Thrown inside the replay once its result is no longer wanted; never reported.
struct Abandoned {};

// The current state: the revisions up to `heads` replayed into a scratch database, and read
// back. Stops early (throwing Abandoned) once `abandoned` is set.
autogen::Snapshot replay_current(Database& current,
                                 const graph::RevisionMap& map,
                                 const std::vector<std::string>& heads,
                                 const config::Config& config,
                                 const autogen::IntrospectOptions& introspect,
                                 const std::atomic<bool>& abandoned) {
  const auto stop_if_abandoned = [&abandoned] {
    if (abandoned.load()) {
      throw Abandoned{};
    }
  };
  ensure_version_schema(current, config);
  const runner::OnlineOptions online = runner::online_options(config);
  for (const std::string& head : heads) {
    if (head == "base") {
      continue; // a new root: nothing to replay
    }
    runner::RunObserver observer;
    observer.step_started = [&](const std::string&) { stop_if_abandoned(); };
    runner::run_online(
        current,
        map,
        online,
        [&](const std::vector<std::string>& at) { return graph::plan_upgrade(map, at, head); },
        observer);
  }
  util::throw_if_interrupted();
  stop_if_abandoned();
  return autogen::introspect(current, introspect);
}

Comparison compare_in_scratch(Session& session,
                              const std::vector<std::string>& heads,
                              const AutogenOptions& options) {
  const config::Config& config = session.config();
  const std::string schema_sql = read_schema_file(config.schema_file);
  std::vector<autogen::Rename> renames;
  for (const std::string& text : options.renames) {
    renames.push_back(autogen::parse_rename(text));
  }
  const autogen::IntrospectOptions introspect = autogen::introspect_options(config);
  const graph::RevisionMap& map = session.map();

  std::optional<autogen::Snapshot> live;
  if (options.from_db) {
    check_at_head(session);
    live = autogen::introspect(session.database(), introspect);
  }

  const auto [conninfo, masked] = scratch_server_url(session, options);
  autogen::ScratchServer server(
      [](const std::string& target) { return db::connect(ConnectOptions{target}); },
      conninfo,
      masked);
  struct ClearTarget {
    ~ClearTarget() { SignalWatcher::set_cancel_target(nullptr); }
  } clear_target;
  watch(server.admin());

  Database& desired = server.create();
  Comparison result;
  if (live) {
    watch(desired);
    const autogen::Snapshot desired_snapshot =
        load_desired(desired, schema_sql, config, introspect);
    result.upgrade = autogen::plan_changes(*live, desired_snapshot, renames);
    result.downgrade = autogen::plan_changes(desired_snapshot, *live, autogen::inverted(renames));
    DumpCheck dumps(config);
    const std::string desired_dump = dumps.dump(server.conninfo_of(desired));
    const std::optional<std::string> url = session.database_url();
    const std::string live_dump = dumps.dump(url ? config::normalize_database_url(*url) : "");
    // One scratch copy does both: desired + downgrade must be the live schema, and that
    // + upgrade the desired one again.
    std::vector<std::string> left =
        validate(desired, result.downgrade, *live, introspect, "downgrade");
    if (left.empty()) {
      dumps.compare("downgrade", live_dump, dumps.dump(server.conninfo_of(desired)));
      left = validate(desired, result.upgrade, desired_snapshot, introspect, "upgrade");
    }
    if (!left.empty()) {
      throw CommandError("the generated revision does not reproduce " + config.schema_file.string()
                         + "; nothing was written. Objects that differ: " + util::join(left, "; "));
    }
    dumps.compare("upgrade", desired_dump, dumps.dump(server.conninfo_of(desired)));
    dumps.refuse_if_different(config.schema_file.string());
    return result;
  }

  // The two scratch databases are independent until planning, and so are the two validations:
  // each pair runs on two connections at once (created here: the server object is not
  // thread-safe). run_both reports the error the sequential order would have, schema.sql first.
  Database& current = server.create();
  watch(desired, &current);
  std::optional<autogen::Snapshot> desired_snapshot;
  std::optional<autogen::Snapshot> current_snapshot;
  std::atomic<bool> abandoned{false};
  util::run_both([&] { desired_snapshot = load_desired(desired, schema_sql, config, introspect); },
                 [&] {
                   current_snapshot =
                       replay_current(current, map, heads, config, introspect, abandoned);
                 },
                 [&] { // schema.sql failed: its error is the one reported, the replay is not needed
                   abandoned.store(true);
                   current.cancel();
                 });
  result.upgrade = autogen::plan_changes(*current_snapshot, *desired_snapshot, renames);
  result.downgrade =
      autogen::plan_changes(*desired_snapshot, *current_snapshot, autogen::inverted(renames));
  DumpCheck dumps(config);
  const std::string desired_conninfo = server.conninfo_of(desired);
  const std::string current_conninfo = server.conninfo_of(current);
  std::string desired_dump;
  std::string current_dump;
  util::run_both([&] { desired_dump = dumps.dump(desired_conninfo); },
                 [&] { current_dump = dumps.dump(current_conninfo); });
  std::vector<std::string> left;
  std::vector<std::string> downgrade_left;
  util::run_both(
      [&] { left = validate(current, result.upgrade, *desired_snapshot, introspect, "upgrade"); },
      [&] {
        downgrade_left =
            validate(desired, result.downgrade, *current_snapshot, introspect, "downgrade");
      });
  for (std::string& line : downgrade_left) {
    left.push_back(std::move(line));
  }
  if (!left.empty()) {
    throw CommandError("the generated revision does not reproduce " + config.schema_file.string()
                       + "; nothing was written. Objects that differ: " + util::join(left, "; "));
  }
  // Where a plan is empty its copy is unchanged, and its first dump stands.
  std::string upgraded = current_dump;
  std::string downgraded = desired_dump;
  util::run_both(
      [&] {
        if (!result.upgrade.empty()) {
          upgraded = dumps.dump(current_conninfo);
        }
      },
      [&] {
        if (!result.downgrade.empty()) {
          downgraded = dumps.dump(desired_conninfo);
        }
      });
  dumps.compare("upgrade", desired_dump, upgraded);
  dumps.compare("downgrade", current_dump, downgraded);
  dumps.refuse_if_different(config.schema_file.string());
  return result;
}

} // namespace

void check_at_head(Session& session) {
  std::vector<std::string> current = session.database_heads();
  std::vector<std::string> heads = session.map().heads();
  std::sort(current.begin(), current.end());
  std::sort(heads.begin(), heads.end());
  if (current != heads) {
    throw CommandError("Target database is not up to date.");
  }
}

// The scratch databases are gone once the exception leaves compare_in_scratch; a failure that
// Ctrl-C caused (a cancelled statement) is reported as the interruption.
Comparison
compare(Session& session, const std::vector<std::string>& heads, const AutogenOptions& options) {
  try {
    return compare_in_scratch(session, heads, options);
  } catch (const Error&) {
    util::throw_if_interrupted();
    throw;
  }
}

void add_autogenerate_options(CLI::App& revision, AutogenOptions& options) {
  revision.add_option("--dev-url",
                      options.dev_url,
                      "With --autogenerate: server for the scratch databases (default: dev_url, "
                      "else the target server)");
  revision
      .add_option("--rename",
                  options.renames,
                  "With --autogenerate: OLD=NEW turns a drop + add into a rename "
                  "(table.column=new_column or table=new_table); repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  revision.add_flag("--from-db",
                    options.from_db,
                    "With --autogenerate: compare with the live database (at head) instead of "
                    "the replayed revisions");
  revision.add_flag("--allow-empty",
                    options.allow_empty,
                    "With --autogenerate: write a revision even when nothing changed");
}

void reject_autogenerate_options(const AutogenOptions& options) {
  if (options.dev_url || !options.renames.empty() || options.from_db || options.allow_empty) {
    throw UsageError("--dev-url, --rename, --from-db and --allow-empty only apply with "
                     "--autogenerate");
  }
}

std::optional<AutogenBodies> autogenerate(Session& session,
                                          const std::vector<std::string>& heads,
                                          const AutogenOptions& options) {
  // The parents must resolve before any database work (the texts are `revision`'s).
  for (const std::string& head : heads) {
    resolve_revisions(session.map(), head, k_new_revision_needs_one_head);
  }
  const Comparison result = compare(session, heads, options);
  if (result.upgrade.empty() && !options.allow_empty) {
    session.print("No changes in schema detected; no revision written (--allow-empty writes "
                  "one anyway).");
    return std::nullopt;
  }
  for (const std::string& warning : result.upgrade.warnings()) {
    session.err() << "migrate: warning: destructive: " << warning << '\n';
  }
  return AutogenBodies{result.upgrade.render(),
                       result.downgrade.render(),
                       result.upgrade.needs_no_transaction
                           || result.downgrade.needs_no_transaction};
}

} // namespace migrate::cli
