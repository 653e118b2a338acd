// SPDX-License-Identifier: MIT
// A one-line notation for revision graphs and plans, so graph tests read like the Alembic
// test cases they carry (docs/alembic-compatibility.md, "How this is checked").
//
//   make_map("a; b<-a; c1<-b [c1branch]; c2<-b +dep c1; e<-d1,d2")
//
// Items are separated by ';' and listed in load order. `x<-p,q` gives down_revisions,
// `+dep d,e` depends_on and `[l1,l2]` branch labels (anywhere after the id). Each revision's
// path is "versions/<id>.sql".
#pragma once

#include <migrate/graph.hpp>
#include <migrate/util/strings.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace graph_dsl {

inline migrate::Revision parse_revision(std::string item) {
  using migrate::util::split_list;
  using migrate::util::trim;
  migrate::Revision revision;
  if (const auto open = item.find('['); open != std::string::npos) {
    const auto close = item.find(']', open);
    revision.branch_labels = split_list(item.substr(open + 1, close - open - 1));
    item.erase(open, close - open + 1);
  }
  if (const auto dep = item.find("+dep"); dep != std::string::npos) {
    revision.depends_on = split_list(item.substr(dep + 4));
    item.erase(dep);
  }
  if (const auto arrow = item.find("<-"); arrow != std::string::npos) {
    revision.down_revisions = split_list(item.substr(arrow + 2));
    item.erase(arrow);
  }
  revision.id = std::string(trim(item));
  revision.message = "rev " + revision.id;
  revision.path = "versions/" + revision.id + ".sql";
  return revision;
}

inline std::vector<migrate::Revision> make_revisions(std::string_view dsl) {
  std::vector<migrate::Revision> revisions;
  for (const std::string& item : migrate::util::split(dsl, ';')) {
    if (!migrate::util::trim(item).empty()) {
      revisions.push_back(parse_revision(item));
    }
  }
  return revisions;
}

inline migrate::graph::RevisionMap make_map(std::string_view dsl) {
  return migrate::graph::RevisionMap(make_revisions(dsl));
}

// "INS a", "UPD a->b", "DEL a".
inline std::string op_text(const migrate::graph::VersionOp& op) {
  switch (op.kind) {
  case migrate::graph::VersionOp::Kind::insert:
    return "INS " + op.to;
  case migrate::graph::VersionOp::Kind::update:
    return "UPD " + op.from + "->" + op.to;
  case migrate::graph::VersionOp::Kind::remove:
    return "DEL " + op.from;
  }
  return "?";
}

// The step notation of the version-row cases: "+d[UPD c->d]", "-e[INS d1; UPD e->d2]", "stamp[DEL
// d1]".
inline std::string step_text(const migrate::graph::Step& step) {
  std::vector<std::string> ops;
  for (const auto& op : step.version_ops) {
    ops.push_back(op_text(op));
  }
  const std::string body = "[" + migrate::util::join(ops, "; ") + "]";
  switch (step.kind) {
  case migrate::graph::StepKind::upgrade:
    return "+" + step.revision + body;
  case migrate::graph::StepKind::downgrade:
    return "-" + step.revision + body;
  case migrate::graph::StepKind::stamp:
    return "stamp" + body;
  }
  return "?";
}

inline std::vector<std::string> steps_text(const migrate::graph::Plan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps) {
    out.push_back(step_text(step));
  }
  return out;
}

// Just the revisions run, in order.
inline std::vector<std::string> revisions_run(const migrate::graph::Plan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps) {
    out.push_back(step.revision);
  }
  return out;
}

using Ids = std::vector<std::string>;

} // namespace graph_dsl
