// SPDX-License-Identifier: MIT
// Each function adds one command to the application, from a file of its own (commands/<name>.cpp).
// The one pair: init and list_templates share init.cpp, since listing the templates is reading
// the same embedded set init copies from.
#pragma once

#include "session.hpp"

#include <CLI/CLI.hpp>

namespace migrate::cli {

// The whole command line: name, version, global options and every command. run() parses with
// it; migrate-docs walks it to write the man page and the shell completions, so they cannot drift.
void define_app(CLI::App& app, Session& session);

void add_init_command(CLI::App& app, Session& session); // init, list_templates
void add_revision_command(CLI::App& app, Session& session);
void add_merge_command(CLI::App& app, Session& session);
void add_history_command(CLI::App& app, Session& session);
void add_heads_command(CLI::App& app, Session& session);
void add_branches_command(CLI::App& app, Session& session);
void add_show_command(CLI::App& app, Session& session);
void add_edit_command(CLI::App& app, Session& session);
void add_upgrade_command(CLI::App& app, Session& session);
void add_downgrade_command(CLI::App& app, Session& session);
void add_stamp_command(CLI::App& app, Session& session);
void add_current_command(CLI::App& app, Session& session);
void add_status_command(CLI::App& app, Session& session);
void add_verify_command(CLI::App& app, Session& session);
void add_ensure_version_command(CLI::App& app, Session& session);
void add_check_command(CLI::App& app, Session& session);
void add_dump_schema_command(CLI::App& app, Session& session);
void add_convert_alembic_command(CLI::App& app, Session& session);
void add_lint_command(CLI::App& app, Session& session);
void add_test_command(CLI::App& app, Session& session); // commands/stairway.cpp

} // namespace migrate::cli
