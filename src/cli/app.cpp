// SPDX-License-Identifier: MIT
// Global flags, command registration, and the one catch that turns errors into exit codes.
#include "app.hpp"

#include "commands/commands.hpp"
#include "fleet.hpp"
#include "json_output.hpp"
#include "session.hpp"
#include "signals.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>
#include <migrate/version.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <iostream>

namespace migrate::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("-c,--config",
                 options.config_file,
                 "Configuration file (default: $ALEMBIC_CONFIG, else ./alembic.ini)");
  app.add_option("-n,--name", options.name, "Section of the ini file to use (default: alembic)");
  app.add_option("-x", options.x_arguments, "KEY=VALUE passed to the revision template; repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("-q,--quiet", options.quiet, "Do not print results or progress (errors still show)");
  app.add_option("--url", options.url, "Database URL; overrides $DATABASE_URL and sqlalchemy.url");
  app.add_option("--targets",
                 options.targets,
                 "Run the command on many databases: names from [targets], 'all', URLs, or "
                 "@FILE (docs/fleets.md)");
  app.add_option("--jobs", options.jobs, "With --targets: databases at a time (default: 4)");
  app.add_flag("--continue-on-error",
               options.continue_on_error,
               "With --targets: start the remaining databases after one failed");
  app.add_option("--format",
                 options.format,
                 "Output: text (default) or json, one document on stdout (docs/json-output.md)")
      ->check(CLI::IsMember({"text", "json"}));
}

// The one error line (and its context lines), with control characters escaped: the message may
// quote a version row or a file's text. In JSON mode stdout gets the error as a document too.
int report(Session& session, const std::string& message, ExitCode code) {
  session.err() << "migrate: error: " << util::escape_control_keep_lines(message) << '\n';
  if (session.json() && !session.json_printed()) {
    session.sql_out() << error_json(message, static_cast<int>(code)) << '\n';
  }
  return static_cast<int>(code);
}

// --format json asked for before parsing (errors of the parse itself are then JSON too).
bool json_requested(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--format" && i + 1 < argc && std::string_view(argv[i + 1]) == "json")
        || arg == "--format=json") {
      return true;
    }
  }
  return false;
}

// A global option whose value is the next argument.
bool takes_value(std::string_view arg) {
  return arg == "-c" || arg == "--config" || arg == "-n" || arg == "--name" || arg == "-x"
         || arg == "--url" || arg == "--format" || arg == "--targets" || arg == "--jobs";
}

// The global options a fleet run needs before CLI11 parses anything (the children parse them
// again): where the configuration is, and -q.
void read_fleet_globals(int argc, const char* const* argv, GlobalOptions& options) {
  for (int i = 1; i + 1 < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-c" || arg == "--config") {
      options.config_file = argv[++i];
    } else if (arg == "-n" || arg == "--name") {
      options.name = argv[++i];
    } else if (takes_value(arg)) {
      ++i;
    } else if (!arg.starts_with("-")) {
      break; // the command: what follows is its own
    }
  }
  for (int i = 1; i < argc; ++i) {
    options.quiet = options.quiet || std::string_view(argv[i]) == "-q"
                    || std::string_view(argv[i]) == "--quiet";
  }
}

// The first argument that is neither a global option nor its value: the command's name, or
// "" when there is none.
std::string command_word(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (takes_value(arg)) {
      ++i; // its value
    } else if (arg == "--") {
      return i + 1 < argc ? argv[i + 1] : "";
    } else if (!arg.starts_with("-")) {
      return std::string(arg);
    }
  }
  return "";
}

// Alembic says "invalid choice" for an unknown command; CLI11 would only say that a subcommand
// is required. The closest command is suggested.
void check_command_word(const CLI::App& app, int argc, const char* const* argv) {
  const std::string word = command_word(argc, argv);
  if (word.empty()) {
    return;
  }
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->get_name() == word) {
      return;
    }
    names.push_back(command->get_name());
  }
  const std::string suggestion = util::closest_match(word, names);
  throw UsageError("invalid choice: '" + word + "'"
                   + (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)")
                   + "; run 'migrate --help' for the commands");
}

// Whether an option before the command's name is none of the global ones: CLI11's complaint is
// then about the global options, whatever command follows.
bool unknown_global_option(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (takes_value(arg)) {
      ++i;
    } else if (!arg.starts_with("-") || arg == "--") {
      return false;
    } else if (arg != "-q" && arg != "--quiet" && arg != "-h" && arg != "--help"
               && arg != "--version" && !arg.starts_with("--config=") && !arg.starts_with("--name=")
               && !arg.starts_with("--url=")
               && !(arg.size() > 2 && arg[1] != '-'
                    && (arg[1] == 'c' || arg[1] == 'n' || arg[1] == 'x'))) {
      return true;
    }
  }
  return false;
}

// The command being parsed when CLI11 refused the arguments, for the right --help pointer.
std::string parsed_command(const CLI::App& app, int argc, const char* const* argv) {
  if (unknown_global_option(argc, argv)) {
    return "";
  }
  for (const CLI::App* command : app.get_subcommands()) {
    return command->get_name();
  }
  return "";
}

} // namespace

void define_app(CLI::App& app, Session& session) {
  app.name("migrate");
  app.description(
      "migrate: Alembic-compatible database migrations for PostgreSQL, in plain SQL files.");
  app.set_version_flag("--version", std::string("migrate ") + k_version);
  app.require_subcommand(1);
  app.fallthrough();
  app.footer("Examples:\n"
             "  migrate init migrations\n"
             "  migrate revision -m \"add phone\"\n"
             "  migrate upgrade head\n"
             "  migrate history --indicate-current\n"
             "Run 'migrate COMMAND --help' for a command's options.");
  add_global_options(app, session.options());
  add_init_command(app, session);
  add_revision_command(app, session);
  add_merge_command(app, session);
  add_check_command(app, session);
  add_dump_schema_command(app, session);
  add_convert_alembic_command(app, session);
  add_lint_command(app, session);
  add_test_command(app, session);
  add_history_command(app, session);
  add_heads_command(app, session);
  add_branches_command(app, session);
  add_show_command(app, session);
  add_edit_command(app, session);
  add_upgrade_command(app, session);
  add_downgrade_command(app, session);
  add_stamp_command(app, session);
  add_current_command(app, session);
  add_status_command(app, session);
  add_verify_command(app, session);
  add_ensure_version_command(app, session);
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Session session(out, err);
  session.set_err_is_terminal(&err == &std::cerr && isatty(STDERR_FILENO) == 1);
  struct LeaveLoaded {
    Session& session;
    ~LeaveLoaded() { session.leave_loaded_for_exit(); }
  } leave_loaded{session};
  CLI::App app;
  define_app(app, session);

  // Watching signals until the error line is out: a second Ctrl-C while the first one's error
  // unwinds must not kill the process before it says what happened.
  const SignalWatcher signals;
  try {
    if (json_requested(argc, argv)) {
      session.options().format = "json";
    }
    check_command_word(app, argc, argv);
    if (fleet_requested(argc, argv)) {
      read_fleet_globals(argc, argv, session.options());
      return run_fleet(argc, argv, session, command_word(argc, argv));
    }
    if (const std::string command = command_word(argc, argv);
        session.json() && !command.empty() && !has_json_form(command)) {
      throw UsageError("--format json is not available for '" + command
                       + "' yet (docs/json-output.md lists the commands that have it)");
    }
    app.parse(argc, argv);
    if (session.options().jobs || session.options().continue_on_error) {
      throw UsageError("--jobs and --continue-on-error go with --targets");
    }
    return static_cast<int>(ExitCode::success);
  } catch (const CLI::Success& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    const std::string command = parsed_command(app, argc, argv);
    return report(session,
                  std::string(e.what()) + " (run 'migrate " + (command.empty() ? "" : command + " ")
                      + "--help' for usage)",
                  ExitCode::usage);
  } catch (const Error& e) {
    return report(session, e.what(), e.exit_code());
  } catch (const std::exception& e) {
    // Not expected: every failure should be an Error. Still one line, never a crash.
    return report(session, std::string("internal error: ") + e.what(), ExitCode::user_error);
  }
}

} // namespace migrate::cli
