// SPDX-License-Identifier: MIT
// Online and offline runs of a plan.
#include "run_support.hpp"

#include "json_output.hpp"
#include "lint_support.hpp"
#include "progress.hpp"
#include "resolve.hpp"

#include <migrate/db.hpp>
#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>
#include <migrate/version.hpp>

namespace migrate::cli {

CLI::App*
add_move_command(CLI::App& app, const char* name, const char* description, MoveOptions& options) {
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("revision", options.revision, "Target revision")->required();
  command->add_flag(
      "--sql", options.sql, "Print the SQL script instead of running it (no database needed)");
  command->add_flag("--dry-run",
                    options.dry_run,
                    "Print what would run from the database's current revisions, and the SQL, "
                    "changing nothing (no lock taken)");
  command->add_option("--tag", options.tag, "Arbitrary tag (accepted for Alembic compatibility)");
  return command;
}

runner::ChecksumReport applied_checksums(Session& session) {
  return runner::verify_checksums(session.database(),
                                  session.map(),
                                  runner::version_table(session.config()),
                                  session.database_heads(),
                                  [](std::string_view sql) { return db::sha256_hex(sql); });
}

void check_checksums(Session& session, bool strict) {
  const runner::ChecksumReport report = applied_checksums(session);
  if (report.mismatches.empty()) {
    return;
  }
  if (strict) {
    throw CommandError(report.mismatches.front()
                       + (report.mismatches.size() > 1
                              ? " (and " + std::to_string(report.mismatches.size() - 1) + " more)"
                              : "")
                       + "; nothing was run (--strict-checksums; 'migrate verify' lists them)");
  }
  for (const std::string& mismatch : report.mismatches) {
    session.err() << "migrate: warning: " << mismatch << "; run 'migrate verify'\n";
  }
}

void run_move(Session& session, const MoveOptions& options, const Move& move) {
  const graph::RevisionMap& map = session.map();
  const RangeArgument range = split_range(options.revision);
  if (session.json() && (options.sql || options.dry_run)) {
    throw UsageError("--format json does not apply to --sql or --dry-run: they print SQL");
  }
  if (options.dry_run) {
    if (options.sql || range.is_range) {
      throw UsageError("--dry-run starts from the database's revisions: give a target, without "
                       "--sql or FROM:");
    }
    // The script --sql would print from the database's rows: read, never locked or changed.
    const std::vector<std::string> start = session.database_heads();
    session.info("Dry run on " + session.masked_url() + " from "
                 + (start.empty() ? std::string("<base>") : util::join(start, ", "))
                 + ": nothing is changed");
    write_offline(session, start, [&](const std::vector<std::string>& heads) {
      return move.plan(map, heads, options.revision);
    });
    return;
  }
  if (options.sql) {
    if (move.sql_needs_range != nullptr && !range.is_range) {
      throw CommandError(move.sql_needs_range);
    }
    const std::vector<std::string> start =
        range.is_range ? starting_heads(session, range.from) : std::vector<std::string>{};
    write_offline(session, start, [&](const std::vector<std::string>& heads) {
      return move.plan(map, heads, range.to);
    });
    return;
  }
  if (range.is_range) {
    throw CommandError("Range revision not allowed");
  }
  const runner::Planner planner = [&](const std::vector<std::string>& heads) {
    return move.plan(map, heads, options.revision);
  };
  if (options.check_checksums) { // upgrade
    check_checksums(session, options.strict_checksums);
    lint_before_upgrade(session, planner);
  }
  run_online_plan(session, planner, move.verb, options.revision, false, move.command);
}

std::vector<std::string> starting_heads(Session& session, const std::string& from) {
  if (from.empty() || from == "base") {
    return {};
  }
  if (from == "current") {
    return session.database_heads();
  }
  return resolve_revisions(session.map(), from);
}

void write_offline(Session& session,
                   const std::vector<std::string>& start,
                   const runner::Planner& planner) {
  const graph::RevisionMap& map = session.map();
  const graph::Plan plan = planner(start);
  const runner::OfflineOptions options = runner::offline_options(session.config());
  const Session::InfoBatch batch(session);
  runner::write_offline_script(
      map, plan, start, options, session.sql_out(), [&session](const std::string& line) {
        session.info(line);
      });
}

void run_online_plan(Session& session,
                     const runner::Planner& planner,
                     const std::string& verb,
                     const std::string& target,
                     bool purge,
                     const std::string& command) {
  runner::OnlineOptions options = runner::online_options(session.config());
  options.purge = purge;
  options.checksum = [](std::string_view sql) { return db::sha256_hex(sql); };
  options.migrate_version = k_version;
  options.open_monitor = [&session] { return session.open_monitor(); };
  const graph::RevisionMap& map = session.map();
  Progress progress(session);
  runner::RunObserver observer = progress.observer();
  // --format json: the steps as they ran, beside the progress lines on stderr.
  nlohmann::json steps = nlohmann::json::array();
  if (session.json()) {
    observer.step_started = [&steps, shown = observer.step_started](const std::string& line) {
      steps.push_back({{"log", line.starts_with("Running ") ? line.substr(8) : line},
                       {"duration_ms", nullptr}});
      if (shown) {
        shown(line);
      }
    };
    observer.step_finished =
        [&steps, shown = observer.step_finished](std::chrono::steady_clock::duration took) {
          if (!steps.empty()) {
            steps.back()["duration_ms"] = std::chrono::duration<double, std::milli>(took).count();
          }
          if (shown) {
            shown(took);
          }
        };
  }
  const runner::RunResult result =
      runner::run_online(session.database(), map, options, planner, observer);
  if (!verb.empty()) {
    progress.finish(result, verb, target);
  }
  if (session.json()) {
    print_json(session,
               command,
               {{"database", session.masked_url()},
                {"from", result.starting_heads},
                {"to", session.database_heads()},
                {"steps", steps}});
  }
}

} // namespace migrate::cli
