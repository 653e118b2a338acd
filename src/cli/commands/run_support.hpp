// SPDX-License-Identifier: MIT
// What upgrade, downgrade and stamp share: their arguments (upgrade, downgrade), and running a
// plan online or writing it as an offline script.
#pragma once

#include "session.hpp"

#include <migrate/runner.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace migrate::cli {

// upgrade's and downgrade's arguments.
struct MoveOptions {
  std::string revision;
  bool sql = false;
  bool dry_run = false;
  bool check_checksums = false; // upgrade: warn when an applied revision's SQL changed
  bool strict_checksums = false;
  std::optional<std::string> tag; // accepted for Alembic compatibility; SQL files have no env.py
};

// Adds upgrade's or downgrade's argument and flags (the same for both).
CLI::App*
add_move_command(CLI::App& app, const char* name, const char* description, MoveOptions& options);

// How upgrade and downgrade move: the graph's planner for a target, the summary's verb, and,
// for downgrade, the error when --sql lacks the FROM of FROM:TO.
struct Move {
  graph::Plan (*plan)(const graph::RevisionMap&, const std::vector<std::string>&, std::string_view);
  const char* verb;                      // "applied", "reverted"
  const char* sql_needs_range = nullptr; // the error text; nullptr: FROM: is optional
  const char* command = "";              // "upgrade", "downgrade": the JSON document's command
};

// Runs upgrade's or downgrade's target: as an offline script with --sql ("FROM:TO" or "TO"),
// else online from the database's rows ("Range revision not allowed" for a range).
void run_move(Session& session, const MoveOptions& options, const Move& move);

// The applied revisions' files against the applied-steps log's checksums (verify, upgrade).
runner::ChecksumReport applied_checksums(Session& session);

// Warns, for each applied revision whose file's SQL differs from what the applied-steps log
// recorded, "migrate: warning: <path>: revision <id> was applied with other SQL ..."; with
// `strict`, the first one is an error and nothing runs.
void check_checksums(Session& session, bool strict);

// The heads an offline script starts from ("A" of "A:B"): "base" is none, "current" the
// database's rows (read without a lock; the version table is never created).
std::vector<std::string> starting_heads(Session& session, const std::string& from);

// Plans from `start` and prints the script (--sql).
void write_offline(Session& session,
                   const std::vector<std::string>& start,
                   const runner::Planner& planner);

// Connects, then plans from the database's heads under the migration lock and runs the plan,
// showing progress; ends with "N revisions <verb> in ..." or "Already at <target> (...)" unless
// `verb` is empty.
// With --format json, prints the run's document ("command": `command`) at the end.
void run_online_plan(Session& session,
                     const runner::Planner& planner,
                     const std::string& verb,
                     const std::string& target,
                     bool purge = false,
                     const std::string& command = "");

} // namespace migrate::cli
