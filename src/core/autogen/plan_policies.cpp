// SPDX-License-Identifier: MIT
// Planning row level security policies (docs/autogenerate.md, "Row level security"): dropped
// before tables and columns change, created once tables, columns and functions are there.
#include "planner.hpp"

#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::autogen::detail {

namespace {

std::string create_policy_sql(const Policy& policy) {
  std::string sql = "CREATE POLICY " + policy.name + " ON " + policy.table;
  if (!policy.permissive) {
    sql += " AS RESTRICTIVE";
  }
  if (policy.command != "ALL") {
    sql += " FOR " + policy.command;
  }
  if (!policy.roles.empty() && policy.roles != std::vector<std::string>{"PUBLIC"}) {
    sql += " TO " + util::join(policy.roles, ", ");
  }
  if (policy.using_expr) {
    sql += " USING (" + *policy.using_expr + ")";
  }
  if (policy.check_expr) {
    sql += " WITH CHECK (" + *policy.check_expr + ")";
  }
  return sql;
}

// A policy reads its table's columns: PostgreSQL refuses to retype or drop a column a policy
// uses, so a table whose columns change has its policies dropped first and created again.
bool columns_change(const Planner& planner, const std::string& table) {
  const std::string prefix = column_key(table, "");
  const auto in = [&](const std::set<std::string>& keys) {
    const auto first = keys.lower_bound(prefix);
    return first != keys.end() && first->starts_with(prefix);
  };
  return in(planner.dropped_columns.items()) || in(planner.retyped_columns.items());
}

// The functions a policy's expressions call in `snapshot`.
std::vector<std::string> policy_calls(const Snapshot& snapshot, const Policy& policy) {
  return called_functions(snapshot,
                          policy.using_expr.value_or("") + " " + policy.check_expr.value_or(""));
}

} // namespace

void plan_policies(Planner& planner) {
  for (const auto& [key, policy] : planner.from.policies) {
    if (planner.dropped_tables.contains(policy.table)
        || planner.rebuilt_tables.contains(policy.table)) {
      continue; // goes with its table
    }
    const auto desired = planner.to.policies.find(key);
    if (desired != planner.to.policies.end() && desired->second == policy
        && !columns_change(planner, policy.table)) {
      continue;
    }
    planner.add(drop_constraints,
                "DROP POLICY " + key,
                Effects{{}, {}, {}, policy_calls(planner.from, policy)});
  }
  for (const auto& [key, policy] : planner.to.policies) {
    const auto old = planner.from.policies.find(key);
    if (old != planner.from.policies.end() && old->second == policy
        && !planner.rebuilt_tables.contains(policy.table)
        && !columns_change(planner, policy.table)) {
      continue;
    }
    planner.recreated_targets.insert("POLICY " + key);
    planner.add(create_triggers,
                create_policy_sql(policy),
                Effects{{}, policy_calls(planner.to, policy), {}, {}});
  }
}

} // namespace migrate::autogen::detail
