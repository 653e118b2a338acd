// SPDX-License-Identifier: MIT
// What upgrade, downgrade and stamp share: the run options from the configuration, and running
// a plan online or writing it as an offline script.
#pragma once

#include "session.hpp"

#include <migrate/runner.hpp>

#include <string>
#include <vector>

namespace migrate::cli {

runner::VersionTable version_table(const config::Config& config);
runner::OnlineOptions online_options(const config::Config& config);

// The heads an offline script starts from ("A" of "A:B"): "base" is none.
std::vector<std::string> starting_heads(const graph::RevisionMap& map, const std::string& from);

// Plans from `start` and prints the script (--sql).
void write_offline(Session& session,
                   const std::vector<std::string>& start,
                   const runner::Planner& planner);

// Connects, then plans from the database's heads under the migration lock and runs the plan.
void run_online_plan(Session& session, const runner::Planner& planner, bool purge = false);

} // namespace migrate::cli
