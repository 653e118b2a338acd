// SPDX-License-Identifier: MIT
// Upgrade and downgrade plans, history walks and `current` (ScriptDirectory's side of Alembic).
#include "catch_errors.hpp"
#include "head_maintainer.hpp"
#include "traverse.hpp"

#include <migrate/graph.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::graph {

using detail::Ident;
using detail::Resolver;

std::string Step::short_log() const {
  const char* name = kind == StepKind::upgrade     ? "upgrade"
                     : kind == StepKind::downgrade ? "downgrade"
                                                   : "stamp_revision";
  // Built in place: it is made for every step of a plan (10,000 for a long --sql script).
  std::string out;
  out.reserve(80);
  out.append(name).append(" ");
  const auto append_ids = [&out](const std::vector<std::string>& ids) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i > 0) {
        out += ", ";
      }
      out += ids[i];
    }
  };
  append_ids(from);
  out += " -> ";
  append_ids(to);
  return out;
}

namespace {

Plan run_revision_steps(const Resolver& resolver,
                        const std::vector<std::string>& current_heads,
                        const std::vector<int>& order,
                        bool is_upgrade) {
  const detail::MapIndex& index = resolver.index();
  detail::HeadMaintainer rows(resolver, current_heads);
  Plan plan;
  for (int node : order) {
    const Revision& revision = index.nodes[node].revision;
    Step step;
    step.kind = is_upgrade ? StepKind::upgrade : StepKind::downgrade;
    step.revision = revision.id;
    // The log shows down_revision only, never the dependencies.
    step.from = is_upgrade ? revision.down_revisions : std::vector<std::string>{revision.id};
    step.to = is_upgrade ? std::vector<std::string>{revision.id} : revision.down_revisions;
    step.version_ops = rows.revision_step(node, is_upgrade);
    step.heads_after = rows.rows();
    plan.steps.push_back(std::move(step));
  }
  plan.final_heads = rows.rows();
  return plan;
}

} // namespace

Plan plan_upgrade(const RevisionMap& map,
                  const std::vector<std::string>& current_heads,
                  std::string_view destination) {
  const Resolver resolver(map.index());
  detail::CatchTexts texts;
  texts.ancestor = "Destination %(end)s is not a valid upgrade target from current head(s)";
  texts.end = std::string(destination);
  std::vector<int> order = detail::catch_revision_errors(texts, [&] {
    IterateOptions options;
    options.implicit_base = true;
    options.inclusive = false;
    return detail::iterate(
        resolver, Ident::single(destination), Ident::from(current_heads), options);
  });
  std::reverse(order.begin(), order.end()); // the sort is top-down; upgrades run bottom-up
  return run_revision_steps(resolver, current_heads, order, true);
}

Plan plan_downgrade(const RevisionMap& map,
                    const std::vector<std::string>& current_heads,
                    std::string_view destination) {
  const Resolver resolver(map.index());
  detail::CatchTexts texts;
  texts.ancestor = "Destination %(end)s is not a valid downgrade target from current head(s)";
  texts.end = std::string(destination);
  const std::vector<int> order = detail::catch_revision_errors(texts, [&] {
    IterateOptions options;
    options.inclusive = false;
    options.select_for_downgrade = true;
    return detail::iterate(
        resolver, Ident::from(current_heads), Ident::single(destination), options);
  });
  return run_revision_steps(resolver, current_heads, order, false);
}

std::vector<std::string> walk_revisions(const RevisionMap& map,
                                        const std::vector<std::string>& base,
                                        const std::vector<std::string>& head) {
  const Resolver resolver(map.index());
  detail::CatchTexts texts;
  texts.start = util::join(base, ", ");
  texts.end = util::join(head, ", ");
  const std::vector<int> order = detail::catch_revision_errors(texts, [&] {
    IterateOptions options;
    options.inclusive = true;
    options.assert_relative_length = false;
    return detail::iterate(resolver, Ident::from(head), Ident::from(base), options);
  });
  return detail::ids_of(map.index(), order);
}

std::vector<std::string>
walk_revisions(const RevisionMap& map, std::string_view base, std::string_view head) {
  auto as_list = [](std::string_view text) {
    return text.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(text)};
  };
  return walk_revisions(map, as_list(base), as_list(head));
}

std::vector<std::string> all_current(const RevisionMap& map,
                                     const std::vector<std::string>& heads) {
  const Resolver resolver(map.index());
  const std::vector<int> nodes =
      detail::catch_revision_errors({}, [&] { return resolver.all_current(heads); });
  return detail::ids_of(map.index(), nodes);
}

} // namespace migrate::graph
