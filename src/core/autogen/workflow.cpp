// SPDX-License-Identifier: MIT
// The autogenerate workflow behind `revision --autogenerate` and `check`: schema.sql loaded into
// one scratch database, the revisions replayed into another, both introspected and diffed, the
// plans validated on them, and the whole-schema check (docs/autogenerate.md).
#include "planner.hpp"
#include "schema_cache.hpp"

#include <migrate/autogen.hpp>
#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/script.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/parallel.hpp>
#include <migrate/util/strings.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

namespace migrate::autogen {

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

// "<which>: <line>" for each line.
std::vector<std::string> labelled(std::vector<std::string> lines, const std::string& which) {
  for (std::string& line : lines) {
    line = which + ": " + line;
  }
  return lines;
}

// Applies a plan to a scratch copy and lists what still differs from `expected`.
std::vector<std::string> validate(Database& database,
                                  const Plan& plan,
                                  const Snapshot& expected,
                                  const IntrospectOptions& options,
                                  const std::string& which) {
  try {
    apply_plan(database, plan);
  } catch (const SqlError& e) {
    throw CommandError("the generated " + which + " fails on a scratch copy (" + e.what()
                       + "); nothing was written");
  }
  util::throw_if_interrupted();
  return labelled(differences(autogen::introspect(database, options), expected), which);
}

// The whole-schema check (docs/autogenerate.md, "The whole-schema check"): pg_dump of what the
// revision made, compared with pg_dump of what it should have made, whatever the planner models.
class DumpCheck {
public:
  DumpCheck(const config::Config& config, SchemaDumper dumper) : m_dumper(std::move(dumper)) {
    // The version table and its applied-steps log are the runner's, not the schema's.
    const std::string schema = config.version_table_schema
                                   ? detail::quote_identifier(*config.version_table_schema) + "."
                                   : std::string();
    m_exclude.push_back(schema + detail::quote_identifier(config.version_table));
    m_exclude.push_back(schema + detail::quote_identifier(config.version_table + "_log"));
  }

  std::string dump(const std::string& conninfo) const {
    util::throw_if_interrupted();
    return m_dumper(conninfo, m_exclude);
  }

  // Adds "<which>: - object" / "<which>: + object" lines for what differs.
  void compare(const std::string& which, const std::string& expected, const std::string& actual) {
    for (const std::string& line : compare_schema_dumps(expected, actual)) {
      m_differences.push_back(which + ": " + line);
    }
  }

  // Refuses the revision when anything differs, listing the first lines.
  void refuse_if_different(const std::string& schema_file) const {
    if (m_differences.empty()) {
      return;
    }
    const std::string message =
        "the schema after the generated revision still differs from " + schema_file
        + " (pg_dump --schema-only of both; '-' expected, '+' found): autogenerate does not "
          "handle these yet, write them by hand; nothing was written"
        + listed_differences(m_differences);
    throw CommandError(util::escape_control_keep_lines(message));
  }

private:
  SchemaDumper m_dumper;
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
Snapshot load_desired(Database& desired,
                      const std::string& schema_sql,
                      const config::Config& config,
                      const IntrospectOptions& introspect) {
  load_schema_file(desired, schema_sql, config.schema_file.string());
  ensure_version_schema(desired, config);
  util::throw_if_interrupted();
  return autogen::introspect(desired, introspect);
}

// Thrown inside the replay once its result is no longer wanted; never reported.
struct Abandoned {};

// The current state: the revisions up to `heads` replayed into a scratch database, and read
// back. Stops early (throwing Abandoned) once `abandoned` is set.
Snapshot replay_current(Database& current,
                        const graph::RevisionMap& map,
                        const std::vector<std::string>& heads,
                        const config::Config& config,
                        const IntrospectOptions& introspect,
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

// One side of the comparison: schema.sql loaded ("desired") or the revisions replayed
// ("current"), built in a scratch database or read from the cache.
struct Side {
  std::string cache_name; // "" when the cache is off
  bool found = false;     // read from the cache
  bool cached = false;    // kept in the cache (found there, or built and kept)
  Database* database = nullptr;
  std::string dump;
  std::optional<Snapshot> snapshot;
};

// Each side's connection: to its kept database when the cache has one, else to a new one.
void open_sides(ScratchServer& server, detail::SchemaCache& cache, Side& desired, Side& current) {
  const std::map<std::string, std::string> kept =
      cache.find({desired.cache_name, current.cache_name});
  for (Side* side : {&desired, &current}) {
    if (const auto found = kept.find(side->cache_name); found != kept.end()) {
      try {
        side->database = &server.open(side->cache_name);
        side->found = side->cached = true;
        side->dump = found->second;
        continue;
      } catch (const DatabaseError&) { // NOLINT(bugprone-empty-catch): dropped since; built again
      }
    }
    side->database = &server.create();
  }
}

// The pg_dump of a side built now.
void dump_built(const ScratchServer& server, const DumpCheck& dumps, Side& side) {
  if (!side.cached) {
    side.dump = dumps.dump(server.conninfo_of(*side.database));
  }
}

// A side built now is kept for the next run when the cache is on.
void keep_built(detail::SchemaCache& cache, Side& side) {
  if (!side.cached && cache.enabled() && cache.store(*side.database, side.cache_name, side.dump)) {
    side.cached = true;
    side.database = nullptr; // keeping it closed the connection
  }
}

// Where a plan is tried: a copy of a kept side (which stays as it is), else the side itself.
// Should the copy fail (another run reads the kept database too long, or dropped it as stale
// for its own inputs), the side is built again by `build`.
Database&
workspace(ScratchServer& server, Side& side, const std::function<void(Database&)>& build) {
  if (!side.cached) {
    return *side.database;
  }
  if (side.database != nullptr) {
    server.close(*side.database); // a database with sessions cannot be copied
    side.database = nullptr;
  }
  try {
    return server.copy(side.cache_name);
  } catch (const SqlError&) {
    util::throw_if_interrupted();
  }
  Database& built = server.create();
  build(built);
  return built;
}

} // namespace

Comparison compare_with_schema_file(const WorkflowRequest& request,
                                    const WorkflowEnvironment& environment) {
  const config::Config& config = request.config;
  const std::string schema_sql = read_schema_file(config.schema_file);
  const IntrospectOptions introspect = introspect_options(config);
  const graph::RevisionMap& map = request.map;
  const std::vector<Rename>& renames = request.renames;
  const std::vector<std::string>& heads = request.heads;
  std::optional<Snapshot> live;
  if (request.live != nullptr) {
    live = autogen::introspect(*request.live, introspect);
  }

  ScratchServer server(
      environment.connect, environment.scratch_conninfo, environment.scratch_masked);
  const auto watch = [&environment](Database* database, Database* also = nullptr) {
    if (environment.watch) {
      environment.watch(database, also);
    }
  };
  struct ClearTarget {
    const WorkflowEnvironment& environment;
    ~ClearTarget() {
      if (environment.watch) {
        environment.watch(nullptr, nullptr);
      }
    }
  } clear_target{environment};
  watch(&server.admin());

  Comparison result;
  if (live) {
    Database& desired = server.create();
    watch(&desired);
    const Snapshot desired_snapshot = load_desired(desired, schema_sql, config, introspect);
    result.upgrade = plan_changes(*live, desired_snapshot, renames);
    result.downgrade = plan_changes(desired_snapshot, *live, inverted(renames));
    DumpCheck dumps(config, environment.dump_schema);
    const std::string desired_dump = dumps.dump(server.conninfo_of(desired));
    const std::string live_dump = dumps.dump(request.live_conninfo);
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

  // The two sides are independent until planning, and so are the two validations: each pair
  // runs on two connections at once (opened here: the server object is not thread-safe).
  // run_both reports the error the sequential order would have, schema.sql first.
  detail::SchemaCache cache(server, config);
  Side desired;
  desired.cache_name = cache.desired_name(schema_sql);
  Side current;
  current.cache_name = cache.current_name(map, heads);
  open_sides(server, cache, desired, current);
  watch(desired.database, current.database);
  std::atomic<bool> abandoned{false};
  util::run_both(
      [&] {
        desired.snapshot = desired.cached
                               ? autogen::introspect(*desired.database, introspect)
                               : load_desired(*desired.database, schema_sql, config, introspect);
      },
      [&] {
        current.snapshot =
            current.cached
                ? autogen::introspect(*current.database, introspect)
                : replay_current(*current.database, map, heads, config, introspect, abandoned);
      },
      [&] { // schema.sql failed: its error is the one reported, the replay is not needed
        abandoned.store(true);
        current.database->cancel();
      });
  result.upgrade = plan_changes(*current.snapshot, *desired.snapshot, renames);
  result.downgrade = plan_changes(*desired.snapshot, *current.snapshot, inverted(renames));
  DumpCheck dumps(config, environment.dump_schema);
  util::run_both([&] { dump_built(server, dumps, desired); },
                 [&] { dump_built(server, dumps, current); });
  watch(&server.admin()); // the side connections close from here on
  keep_built(cache, desired);
  keep_built(cache, current);

  // Each non-empty plan is applied to a copy of the side it starts from; an empty one changes
  // nothing, so the snapshots themselves are compared.
  const std::atomic<bool> never{false};
  Database* upgraded =
      result.upgrade.empty() ? nullptr : &workspace(server, current, [&](Database& db) {
        replay_current(db, map, heads, config, introspect, never);
      });
  Database* downgraded =
      result.downgrade.empty() ? nullptr : &workspace(server, desired, [&](Database& db) {
        load_desired(db, schema_sql, config, introspect);
      });
  watch(upgraded, downgraded);
  std::vector<std::string> left;
  std::vector<std::string> downgrade_left;
  util::run_both(
      [&] {
        left = upgraded != nullptr
                   ? validate(*upgraded, result.upgrade, *desired.snapshot, introspect, "upgrade")
                   : labelled(differences(*current.snapshot, *desired.snapshot), "upgrade");
      },
      [&] {
        downgrade_left =
            downgraded != nullptr
                ? validate(
                    *downgraded, result.downgrade, *current.snapshot, introspect, "downgrade")
                : labelled(differences(*desired.snapshot, *current.snapshot), "downgrade");
      });
  for (std::string& line : downgrade_left) {
    left.push_back(std::move(line));
  }
  if (!left.empty()) {
    throw CommandError("the generated revision does not reproduce " + config.schema_file.string()
                       + "; nothing was written. Objects that differ: " + util::join(left, "; "));
  }
  // Where a plan is empty its copy is unchanged, and its first dump stands.
  std::string upgraded_dump = current.dump;
  std::string downgraded_dump = desired.dump;
  util::run_both(
      [&] {
        if (upgraded != nullptr) {
          upgraded_dump = dumps.dump(server.conninfo_of(*upgraded));
        }
      },
      [&] {
        if (downgraded != nullptr) {
          downgraded_dump = dumps.dump(server.conninfo_of(*downgraded));
        }
      });
  // A dump read from the cache that another pg_dump version made is made again before it is
  // compared: with this run's pg_dump when it ran, else when the two read disagree.
  std::optional<std::string> by;
  for (const Side* side : {&desired, &current}) {
    if (!side->found) {
      by = detail::dumped_by(side->dump);
    }
  }
  if (upgraded != nullptr || downgraded != nullptr) {
    by = detail::dumped_by(upgraded != nullptr ? upgraded_dump : downgraded_dump);
  }
  const bool disagree = detail::dumped_by(desired.dump) != detail::dumped_by(current.dump);
  for (Side* side : {&desired, &current}) {
    if (side->found && (by ? detail::dumped_by(side->dump) != *by : disagree)) {
      side->dump = dumps.dump(server.conninfo_of(side->cache_name));
      cache.refresh(side->cache_name, side->dump);
    }
  }
  upgraded_dump = upgraded != nullptr ? upgraded_dump : current.dump;
  downgraded_dump = downgraded != nullptr ? downgraded_dump : desired.dump;
  dumps.compare("upgrade", desired.dump, upgraded_dump);
  dumps.compare("downgrade", current.dump, downgraded_dump);
  dumps.refuse_if_different(config.schema_file.string());
  return result;
}

} // namespace migrate::autogen
