// SPDX-License-Identifier: MIT
// The row each step writes to the applied-steps log (step_log.cpp); the rest of the log's API is
// public (migrate/runner.hpp).
#pragma once

#include <migrate/graph.hpp>
#include <migrate/runner.hpp>

#include <optional>
#include <string>

namespace migrate::runner {

// How a log row learns when its step started.
enum class StepStart {
  message, // the step is one message: the server's statement_timestamp()
  marker,  // a pipelined step: step_start_marker_sql() ran first (each statement has its own
           // statement_timestamp() there)
  client,  // a step sent in several messages: the duration the client measured
};

// The statement a pipelined step starts with when it is logged: the server's clock, kept in a
// transaction-local setting for its log row.
std::string step_start_marker_sql();

// The INSERT of `step`'s log row, ending in ";\n"; `client_ms` is read with StepStart::client.
std::string log_insert_sql(const VersionTable& table,
                           const graph::Step& step,
                           const std::string& checksum,
                           const std::string& migrate_version,
                           StepStart start,
                           double client_ms = 0);

} // namespace migrate::runner
