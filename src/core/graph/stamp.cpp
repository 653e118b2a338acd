// SPDX-License-Identifier: MIT
// The stamp plan (Alembic's ScriptDirectory._stamp_revs): one StampStep per destination.
#include "catch_errors.hpp"
#include "head_maintainer.hpp"

#include <migrate/graph.hpp>

#include <algorithm>

namespace migrate::graph {

namespace {

using detail::StampMove;

template <class T>
bool contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<StampMove> stamp_moves(const detail::Resolver& resolver,
                                   const std::vector<std::string>& current_heads,
                                   std::vector<std::string> destinations) {
  const detail::MapIndex& index = resolver.index();
  const std::vector<int> heads =
      detail::nodes_of(resolver.get_revisions(detail::Ident::from(current_heads)));
  if (destinations.empty()) {
    destinations.emplace_back("base");
  }
  // The current heads that share lineage (dependencies included) with a destination.
  std::vector<int> filtered;
  for (const std::string& destination : destinations) {
    if (destination.empty()) {
      continue;
    }
    for (int head : resolver.filter_for_lineage(heads, destination, true)) {
      if (!contains(filtered, head)) {
        filtered.push_back(head);
      }
    }
  }
  const std::vector<std::string> filtered_ids = detail::ids_of(index, filtered);
  std::vector<detail::Ref> targets = resolver.get_revisions(detail::Ident::from(destinations));
  if (targets.empty()) {
    targets.push_back(detail::k_none);
  }
  std::vector<StampMove> moves;
  for (detail::Ref target : targets) {
    if (target < 0) {
      // Base: delete every row on the lineage.
      for (const std::string& head : filtered_ids) {
        moves.push_back({{head}, {}, false, true});
      }
      continue;
    }
    if (contains(filtered, target)) {
      continue; // already a row
    }
    const std::string& id = index.ids[target];
    const detail::Bits above = detail::reachable(index, index.all_nextrev, {target});
    const detail::Bits below = detail::reachable(index, index.normalized_down, {target});
    auto any_in = [&](const detail::Bits& bits) {
      return std::any_of(filtered.begin(), filtered.end(), [&](int h) { return bits.test(h); });
    };
    if (any_in(above)) {
      moves.push_back({filtered_ids, {id}, false, false}); // rows above: one merging step down
    } else if (any_in(below)) {
      moves.push_back({filtered_ids, {id}, true, false}); // rows below: one merging step up
    } else {
      moves.push_back({{}, {id}, true, true}); // a branch without a row: a new row
    }
  }
  return moves;
}

} // namespace

Plan plan_stamp(const RevisionMap& map,
                const std::vector<std::string>& current_heads,
                const std::vector<std::string>& destinations) {
  const detail::Resolver resolver(map.index());
  detail::CatchTexts texts;
  texts.multiple_heads = "Multiple heads are present; please specify a single target revision";
  const std::vector<StampMove> moves = detail::catch_revision_errors(
      texts, [&] { return stamp_moves(resolver, current_heads, destinations); });
  detail::HeadMaintainer rows(resolver, current_heads);
  Plan plan;
  for (const StampMove& move : moves) {
    Step step;
    step.kind = StepKind::stamp;
    step.from = move.from;
    step.to = move.to;
    step.version_ops = rows.stamp_step(move);
    step.heads_after = rows.rows();
    plan.steps.push_back(std::move(step));
  }
  plan.final_heads = rows.rows();
  return plan;
}

} // namespace migrate::graph
