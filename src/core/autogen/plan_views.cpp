// SPDX-License-Identifier: MIT
// Views and materialized views: which must be dropped and recreated around the changes they
// read (the recreate closure of docs/autogenerate.md, "Recreate closure"), dropped dependents
// first, created in the desired snapshot's dependency order.
#include "planner.hpp"

namespace migrate::autogen::detail {

namespace {

std::vector<std::pair<std::string, std::string>> view_edges(const Snapshot& snapshot) {
  std::vector<std::pair<std::string, std::string>> edges;
  for (const Dependency& dependency : snapshot.dependencies) {
    edges.emplace_back(dependency.dependent, dependency.referenced);
  }
  return edges;
}

bool invalidated(const Planner& planner,
                 const Dependency& dependency,
                 const std::set<std::string>& drop) {
  const std::string& referenced = dependency.referenced;
  if (drop.contains(referenced) || planner.dropped_tables.contains(referenced)
      || planner.rebuilt_tables.contains(referenced)
      || planner.recreated_functions.contains(referenced)) {
    return true;
  }
  if (planner.from.functions.contains(referenced) && !planner.to.functions.contains(referenced)) {
    return true;
  }
  if (!dependency.column.empty()) {
    const std::string key = column_key(referenced, dependency.column);
    return planner.dropped_columns.contains(key) || planner.retyped_columns.contains(key);
  }
  return false;
}

std::string kind_word(char kind) {
  return kind == 'm' ? "MATERIALIZED VIEW " : "VIEW ";
}

} // namespace

void plan_views(Planner& planner) {
  std::set<std::string> drop;
  for (const auto& [name, view] : planner.from.views) {
    const auto desired = planner.to.views.find(name);
    if (desired == planner.to.views.end() || !(desired->second == view)) {
      drop.insert(name);
    }
  }
  // Everything reading what changes goes too, transitively (views on views).
  for (bool grew = true; grew;) {
    grew = false;
    for (const Dependency& dependency : planner.from.dependencies) {
      if (planner.from.views.contains(dependency.dependent) && !drop.contains(dependency.dependent)
          && invalidated(planner, dependency, drop)) {
        drop.insert(dependency.dependent);
        grew = true;
      }
    }
  }
  for (const std::string& name : drop) {
    planner.views_to_drop.insert(name);
  }
  for (const auto& [name, view] : planner.to.views) {
    if (!planner.from.views.contains(name) || drop.contains(name)) {
      planner.views_to_create.insert(name);
    }
  }
  const std::vector<std::string> drop_order = dependency_order(drop, view_edges(planner.from));
  for (auto it = drop_order.rbegin(); it != drop_order.rend(); ++it) {
    planner.add(drop_views, "DROP " + kind_word(planner.from.views.at(*it).kind) + *it);
  }
  for (const std::string& name :
       dependency_order(planner.views_to_create.items(), view_edges(planner.to))) {
    const View& view = planner.to.views.at(name);
    planner.recreated_targets.insert((view.kind == 'm' ? "MATERIALIZED VIEW " : "VIEW ") + name);
    planner.add(create_views,
                "CREATE " + kind_word(view.kind) + name + with_options(view.options) + " AS\n"
                    + view.definition + (view.kind == 'm' ? "\nWITH DATA" : ""));
  }
}

} // namespace migrate::autogen::detail
