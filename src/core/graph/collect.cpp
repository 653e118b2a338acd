// SPDX-License-Identifier: MIT
// Which revisions an upgrade or downgrade touches (Alembic's _collect_*_revisions).
#include "traverse.hpp"

#include <algorithm>

namespace migrate::graph::detail {

namespace {

// With lower = "label@...", only targets on that branch count. Alembic turns a revision id used
// as the label into the revision's one branch label (and asserts there is exactly one).
std::vector<int> targets_on_branch(const Resolver& resolver,
                                   const std::vector<int>& targets,
                                   std::string_view lower) {
  const MapIndex& index = resolver.index();
  std::string branch(lower.substr(0, lower.find('@')));
  const Ref branch_rev = resolver.get_revision(branch);
  if (branch_rev >= 0 && index.ids[branch_rev] == branch) {
    const auto& labels = index.nodes[branch_rev].branch_labels;
    if (labels.empty()) {
      // Unlabelled revision (Alembic: AssertionError): keep what shares its lineage.
      return resolver.filter_for_lineage(targets, branch);
    }
    branch = labels[0]; // several labels: Alembic picks one from a set; ours is the first
  }
  std::vector<int> out;
  for (int target : targets) {
    const auto& labels = index.nodes[target].branch_labels;
    if (std::find(labels.begin(), labels.end(), branch) != labels.end()) {
      out.push_back(target);
    }
  }
  return out;
}

} // namespace

Collected collect_upgrade(const Resolver& resolver,
                          const Ident& upper,
                          const Ident& lower_argument,
                          const IterateOptions& options) {
  const MapIndex& index = resolver.index();
  Ident lower = lower_argument;
  std::vector<int> targets;
  for (Ref ref : parse_upgrade_target(resolver, lower, upper, options.assert_relative_length)) {
    if (ref == k_none) {
      // A relative target past the graph's ends (Alembic: AssertionError).
      throw RevisionError("Walked too far");
    }
    if (ref != k_base) { // "base" as a target asks for nothing (Alembic: AssertionError)
      targets.push_back(ref);
    }
  }
  if (auto text = lower.str(); text && text->find('@') != std::string_view::npos) {
    targets = targets_on_branch(resolver, targets, *text);
  }
  Bits needs = reachable_checked(index, index.normalized_down, targets);
  const Bits required = needs;

  std::vector<Ref> current = resolver.get_revisions(lower);
  if (!options.implicit_base) {
    for (Ref ref : current) {
      if (ref != k_none && (ref == k_base || !required.test(ref))) {
        throw RangeError(lower.shown(), upper.shown());
      }
    }
  }
  if (!current.empty() && current[0] == k_none) {
    // A relative lower bound that get_revisions could not place: read it as a downgrade target.
    const Ref rev =
        parse_downgrade_target(resolver, upper, lower, options.assert_relative_length).second;
    if (rev < 0) {
      current.clear();
      lower = Ident::none();
    } else {
      current = {rev};
      lower = Ident::single(index.ids[rev]);
    }
  }
  const std::vector<int> current_nodes = nodes_of(current);
  const Bits current_set = reachable_checked(index, index.normalized_down, current_nodes);
  Bits lower_descendants;
  if (!current.empty() && !options.implicit_base) {
    lower_descendants = reachable_checked(index, index.nextrev, current_nodes);
  }
  std::vector<int> lower_nodes;
  if (options.inclusive) {
    lower_nodes = nodes_of(resolver.get_revisions(lower));
  }
  Collected out;
  for (int node = 0; node < index.size(); ++node) {
    bool wanted = needs.test(node) && !current_set.test(node);
    if (options.inclusive
        && std::find(lower_nodes.begin(), lower_nodes.end(), node) != lower_nodes.end()) {
      wanted = true;
    }
    if (!current.empty() && !options.implicit_base && !lower_descendants.test(node)) {
      wanted = false;
    }
    if (wanted) {
      out.revisions.push_back(node);
    }
  }
  out.heads = std::move(targets);
  return out;
}

Collected collect_downgrade(const Resolver& resolver,
                            const Ident& upper,
                            const Ident& lower,
                            const IterateOptions& options) {
  const MapIndex& index = resolver.index();
  auto [label, target] =
      parse_downgrade_target(resolver, upper, lower, options.assert_relative_length);
  if (target == k_base) {
    target = k_none;
  }
  std::vector<int> roots;
  if (target == k_none) {
    roots = index.bases; // downgrading to base: every tree root
  } else if (options.inclusive) {
    roots = {target};
  } else {
    roots = index.nextrev[target];
  }
  if (label && !label->empty() && roots.size() > 1) {
    // Only the roots below the branch's revision are downgraded.
    const Bits branch = reachable(index, index.down, {resolver.resolve_branch(*label)});
    std::erase_if(roots, [&](int root) { return !branch.test(root); });
    if (roots.empty()) {
      throw RevisionError("Not a valid downgrade target from current heads");
    }
  }
  const std::vector<Ref> heads = resolver.get_revisions(upper);
  const std::vector<int> head_nodes = nodes_of(heads);
  // Drop the roots, their descendants and whatever depends on them, as far as it is applied.
  const Bits dropped = reachable(index, index.all_nextrev, roots);
  const Bits active = reachable(index, index.normalized_down, head_nodes);
  Bits kept_roots;
  if (options.implicit_base) {
    kept_roots = reachable(index, index.normalized_down, roots);
  }
  Collected out;
  for (int node = 0; node < index.size(); ++node) {
    const bool wanted =
        active.test(node)
        && (dropped.test(node) || (options.implicit_base && !kept_roots.test(node)));
    if (wanted) {
      out.revisions.push_back(node);
    }
  }
  if (target != k_none && out.revisions.empty()
      && std::find(heads.begin(), heads.end(), target) == heads.end()) {
    throw RangeError("Nothing to drop", upper.shown());
  }
  out.heads = head_nodes;
  return out;
}

std::vector<int> iterate(const Resolver& resolver,
                         const Ident& upper,
                         const Ident& lower,
                         const IterateOptions& options) {
  const Collected collected = options.select_for_downgrade
                                  ? collect_downgrade(resolver, upper, lower, options)
                                  : collect_upgrade(resolver, upper, lower, options);
  return topological_sort(resolver.index(), collected.revisions, collected.heads);
}

} // namespace migrate::graph::detail
