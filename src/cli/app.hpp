// SPDX-License-Identifier: MIT
// The command line: global flags, one subcommand per Alembic command, and the single place where
// errors become a message and an exit code.
#pragma once

#include <ostream>

namespace migrate::cli {

// Runs migrate with argv; returns the process exit code (docs/commands.md, "Exit codes"). Never
// throws.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace migrate::cli
