// SPDX-License-Identifier: MIT
// What one invocation knows: the global flags, and the configuration, script directory and
// revision map, each loaded on first use (a command that needs none of them reads no file).
#pragma once

#include <migrate/config.hpp>
#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/script.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace migrate::cli {

// The flags every command accepts (docs/commands.md, "Global options").
struct GlobalOptions {
  std::optional<std::string> config_file;
  std::string name = "alembic";
  std::vector<std::string> x_arguments;
  bool quiet = false;
  std::optional<std::string> url;
  std::string format = "text"; // --format: text or json (json_output.hpp)
  // --targets, --jobs, --continue-on-error: read by fleet.cpp before parsing; here so --help and
  // the man page list them, and so they are refused without --targets.
  std::optional<std::string> targets;
  std::optional<int> jobs;
  bool continue_on_error = false;
};

// An environment variable's value; nullopt when it is unset or empty.
std::optional<std::string> environment_variable(const char* name);

// A database URL for messages: masked, or what libpq's environment means when there is none.
std::string describe_url(const std::optional<std::string>& url);

class Session {
public:
  Session(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}

  GlobalOptions& options() { return m_options; }
  // --format json: commands print one JSON document instead of text.
  bool json() const { return m_options.format == "json"; }
  // Whether this run printed its JSON document (an error after it prints no second one).
  bool json_printed() const { return m_json_printed; }
  void set_json_printed() { m_json_printed = true; }

  const config::Config& config();
  const script::ScriptDirectory& scripts();
  const graph::RevisionMap& map();
  // -x KEY=VALUE pairs; "KEY" alone maps to "".
  std::map<std::string, std::string> x_arguments() const;

  // A command's result on stdout (silenced by -q), one line with a newline added.
  void print(std::string_view text);
  // Progress on stderr, Alembic's "INFO  [migrate] ..." (silenced by -q).
  void info(std::string_view text);
  // While one lives, info() lines are held and written at once when it goes (also when an
  // error unwinds, so they precede the error line). For offline scripts: nothing runs between
  // their lines, and a write per line to unbuffered stderr was most of the system time of
  // `upgrade head --sql` on 10,000 revisions. Online runs keep one line per step as it starts.
  class InfoBatch {
  public:
    explicit InfoBatch(Session& session) : m_session(session) { m_session.m_info_batch = true; }
    ~InfoBatch();
    InfoBatch(const InfoBatch&) = delete;
    InfoBatch& operator=(const InfoBatch&) = delete;

  private:
    Session& m_session;
  };
  // Output that -q never silences: the --sql script.
  std::ostream& sql_out() { return m_out; }
  std::ostream& err() { return m_err; }
  // Whether err() is a terminal (progress lines then update in place).
  bool err_is_terminal() const { return m_err_terminal; }
  void set_err_is_terminal(bool terminal) { m_err_terminal = terminal; }

  // The database URL as the user gave it, first found: --url, $DATABASE_URL, sqlalchemy.url;
  // nullopt for libpq's own environment (PGHOST...).
  std::optional<std::string> database_url();
  // The database URL as resolved (for messages; password masked), and a connection.
  std::string masked_url();
  Database& database();
  // A second connection to the same database, for watching the first (who blocks it).
  std::unique_ptr<Database> open_monitor();
  // The version table's rows (the database's current heads), in row order; empty when the table
  // does not exist. Connects on first use.
  std::vector<std::string> database_heads();

  // Forgets the loaded script directory and map (after a command wrote a new revision).
  void reload_scripts();
  // Hands the loaded script directory and map to the end of the process instead of freeing
  // them: the process exits right after the command, and freeing 10,000 revisions' strings
  // one by one was a tenth of a read-only command (bench/RESULTS.md). They stay reachable, so
  // leak checkers do not count them; the next run in the same process (tests) frees them.
  void leave_loaded_for_exit();

private:
  std::ostream& m_out;
  std::ostream& m_err;
  bool m_info_batch = false;
  bool m_json_printed = false;
  bool m_err_terminal = false;
  std::string m_held_info;
  GlobalOptions m_options;
  std::optional<config::Config> m_config;
  std::optional<script::ScriptDirectory> m_scripts;
  std::optional<graph::RevisionMap> m_map;
  std::unique_ptr<Database> m_database;
};

} // namespace migrate::cli
