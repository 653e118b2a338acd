// SPDX-License-Identifier: MIT
// --targets: one command over many databases, --jobs at a time (docs/fleets.md).
#pragma once

#include "session.hpp"

#include <string>

namespace migrate::cli {

// Whether the arguments ask for a fleet run (--targets).
bool fleet_requested(int argc, const char* const* argv);

// Runs `command` (the arguments' command word) on every target in child processes: a line per
// target as it finishes (stderr), a table or one JSON document at the end (stdout). Returns 0
// when every target succeeded, 3 when one failed or was not started.
int run_fleet(int argc, const char* const* argv, Session& session, const std::string& command);

} // namespace migrate::cli
