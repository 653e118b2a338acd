// SPDX-License-Identifier: MIT
// Helpers of the autogenerate tests that need a server.
#include "db_support.hpp"

#include <migrate/db.hpp>

#include <catch2/catch.hpp>

namespace migrate::test {

autogen::ScratchServer scratch_server() {
  return autogen::ScratchServer(
      [](const std::string& conninfo) { return db::connect(ConnectOptions{conninfo}); },
      "",
      "the test server");
}

void require_converges(const RoundTrip& result) {
  INFO("upgrade:\n" << result.upgrade.render() << "\ndowngrade:\n" << result.downgrade.render());
  CHECK(result.upgrade_differences == std::vector<std::string>{});
  CHECK(result.downgrade_differences == std::vector<std::string>{});
}

RoundTrip round_trip(const std::string& before,
                     const std::string& after,
                     const std::vector<autogen::Rename>& renames) {
  autogen::ScratchServer server = scratch_server();
  Database& current = server.create();
  Database& desired = server.create();
  autogen::load_schema_file(current, before, "before.sql");
  autogen::load_schema_file(desired, after, "after.sql");
  const autogen::Snapshot current_snapshot = autogen::introspect(current);
  const autogen::Snapshot desired_snapshot = autogen::introspect(desired);
  RoundTrip result;
  result.upgrade = autogen::plan_changes(current_snapshot, desired_snapshot, renames);
  result.downgrade =
      autogen::plan_changes(desired_snapshot, current_snapshot, autogen::inverted(renames));
  autogen::apply_plan(current, result.upgrade);
  autogen::apply_plan(desired, result.downgrade);
  result.upgrade_differences = autogen::differences(autogen::introspect(current), desired_snapshot);
  result.downgrade_differences =
      autogen::differences(autogen::introspect(desired), current_snapshot);
  return result;
}

std::string statements(const autogen::Plan& plan) {
  std::string out;
  for (const autogen::Statement& statement : plan.statements) {
    out += statement.sql + ";\n";
  }
  return out;
}

} // namespace migrate::test
