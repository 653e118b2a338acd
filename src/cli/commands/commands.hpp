// SPDX-License-Identifier: MIT
// Each function adds one command (or a pair sharing their logic) to the application.
#pragma once

#include "session.hpp"

#include <CLI/CLI.hpp>

namespace migrate::cli {

void add_init_command(CLI::App& app, Session& session);           // init, list_templates
void add_revision_commands(CLI::App& app, Session& session);      // revision, merge
void add_history_command(CLI::App& app, Session& session);        // history
void add_heads_commands(CLI::App& app, Session& session);         // heads, branches
void add_show_commands(CLI::App& app, Session& session);          // show, edit
void add_upgrade_commands(CLI::App& app, Session& session);       // upgrade, downgrade
void add_stamp_command(CLI::App& app, Session& session);          // stamp
void add_current_command(CLI::App& app, Session& session);        // current
void add_ensure_version_command(CLI::App& app, Session& session); // ensure_version

} // namespace migrate::cli
