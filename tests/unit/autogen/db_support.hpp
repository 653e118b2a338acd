// SPDX-License-Identifier: MIT
// Helpers of the autogenerate tests that need a server: scratch databases on libpq's
// environment, and the round trip every case of docs/autogenerate.md, "Test cases" must pass.
#pragma once

#include <migrate/autogen.hpp>

#include <string>
#include <vector>

namespace migrate::test {

// A scratch server on libpq's environment (PGHOST...).
autogen::ScratchServer scratch_server();

struct RoundTrip {
  autogen::Plan upgrade;
  autogen::Plan downgrade;
  std::vector<std::string> upgrade_differences;   // after + upgrade vs desired
  std::vector<std::string> downgrade_differences; // desired + downgrade vs current
};

// Loads `before` and `after` into two scratch databases, plans both ways, applies each plan to
// its side and compares by introspection.
RoundTrip round_trip(const std::string& before,
                     const std::string& after,
                     const std::vector<autogen::Rename>& renames = {});

// Checks (Catch2) that both plans of a round trip converge, showing them when they do not.
void require_converges(const RoundTrip& result);

// The statements of a plan, one per line, without destructive comments.
std::string statements(const autogen::Plan& plan);

} // namespace migrate::test
