// SPDX-License-Identifier: MIT
// Global flags, command registration, and the one catch that turns errors into exit codes.
#include "app.hpp"

#include "commands/commands.hpp"
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
}

// The one error line (and its context lines), with control characters escaped: the message may
// quote a version row or a file's text.
int report(Session& session, const std::string& message, ExitCode code) {
  session.err() << "migrate: error: " << util::escape_control_keep_lines(message) << '\n';
  return static_cast<int>(code);
}

} // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Session session(out, err);
  session.set_err_is_terminal(&err == &std::cerr && isatty(STDERR_FILENO) == 1);
  struct LeaveLoaded {
    Session& session;
    ~LeaveLoaded() { session.leave_loaded_for_exit(); }
  } leave_loaded{session};
  CLI::App app{
      "migrate: Alembic-compatible database migrations for PostgreSQL, in plain SQL files.",
      "migrate"};
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
  add_history_command(app, session);
  add_heads_command(app, session);
  add_branches_command(app, session);
  add_show_command(app, session);
  add_edit_command(app, session);
  add_upgrade_command(app, session);
  add_downgrade_command(app, session);
  add_stamp_command(app, session);
  add_current_command(app, session);
  add_ensure_version_command(app, session);

  // Watching signals until the error line is out: a second Ctrl-C while the first one's error
  // unwinds must not kill the process before it says what happened.
  const SignalWatcher signals;
  try {
    app.parse(argc, argv);
    return static_cast<int>(ExitCode::success);
  } catch (const CLI::Success& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    return report(session, what + " (run 'migrate --help' for usage)", ExitCode::usage);
  } catch (const Error& e) {
    return report(session, e.what(), e.exit_code());
  } catch (const std::exception& e) {
    // Not expected: every failure should be an Error. Still one line, never a crash.
    return report(session, std::string("internal error: ") + e.what(), ExitCode::user_error);
  }
}

} // namespace migrate::cli
