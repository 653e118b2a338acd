// SPDX-License-Identifier: MIT
// The row each step writes to the applied-steps log (step_log.cpp); the rest of the log's API is
// public (migrate/runner.hpp).
#pragma once

#include <migrate/graph.hpp>
#include <migrate/runner.hpp>

#include <optional>
#include <string>

namespace migrate::runner {

// The INSERT of `step`'s log row, ending in ";\n". `client_ms`: the step's duration as the client
// measured it (a step sent in several messages); else the server's, since the message arrived.
std::string log_insert_sql(const VersionTable& table,
                           const graph::Step& step,
                           const std::string& checksum,
                           const std::string& migrate_version,
                           std::optional<double> client_ms);

} // namespace migrate::runner
