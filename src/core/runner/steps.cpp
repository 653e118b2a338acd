// SPDX-License-Identifier: MIT
// What the offline writer and the online runner both need to know of a step: its SQL, whether
// it runs in a transaction, its log line, and whether a downgrade plan can run at all.
#include <migrate/error.hpp>
#include <migrate/runner.hpp>

namespace migrate::runner {

std::optional<script::SectionText> step_sql(const graph::RevisionMap& map,
                                            const graph::Step& step) {
  if (step.kind == graph::StepKind::stamp) {
    return std::nullopt;
  }
  const Revision& revision = map.node(step.revision).revision;
  if (step.kind == graph::StepKind::upgrade) {
    return script::read_section(revision, revision.upgrade);
  }
  if (!revision.downgrade) {
    return std::nullopt;
  }
  return script::read_section(revision, *revision.downgrade);
}

bool step_in_transaction(const graph::RevisionMap& map, const graph::Step& step) {
  return step.kind == graph::StepKind::stamp || map.node(step.revision).revision.transactional;
}

std::string step_log_line(const graph::RevisionMap& map, const graph::Step& step) {
  std::string line = "Running " + step.short_log();
  if (step.kind != graph::StepKind::stamp) {
    line += ", " + map.node(step.revision).revision.message;
  }
  return line;
}

void check_reversible(const graph::RevisionMap& map, const graph::Plan& plan) {
  for (const graph::Step& step : plan.steps) {
    if (step.kind != graph::StepKind::downgrade) {
      continue;
    }
    const Revision& revision = map.node(step.revision).revision;
    if (!revision.downgrade) {
      throw CommandError(revision.path + ": revision " + revision.id
                         + " has no '-- migrate:downgrade' section, so it cannot be downgraded; "
                           "add one (it may be empty) to make it reversible");
    }
  }
}

} // namespace migrate::runner
