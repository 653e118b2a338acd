// SPDX-License-Identifier: MIT
// Identifier resolution with Alembic's semantics and messages (see resolve.hpp).
#include "resolve.hpp"

#include "relative.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::graph::detail {

Ident Ident::from(const std::vector<std::string>& items) {
  return Ident{items, items.size() > 1};
}

std::optional<std::string_view> Ident::str() const {
  if (is_tuple || items.size() != 1) {
    return std::nullopt;
  }
  return items[0];
}

std::string Ident::shown() const {
  if (items.empty() || (!is_tuple && items[0].empty())) {
    return "base";
  }
  if (!is_tuple) {
    return items[0];
  }
  std::string out = "(";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i > 0 ? ", '" : "'") + items[i] + "'";
  }
  return out + (items.size() == 1 ? ",)" : ")");
}

std::vector<int> nodes_of(const std::vector<Ref>& refs) {
  std::vector<int> out;
  for (Ref ref : refs) {
    if (ref >= 0) {
      out.push_back(ref);
    }
  }
  return out;
}

Number Resolver::resolve_number(std::optional<std::string_view> identifier) const {
  if (!identifier) {
    return {};
  }
  std::string_view id = *identifier;
  Number out;
  if (const auto at = id.find('@'); at != std::string_view::npos) {
    out.label = std::string(id.substr(0, at));
    id = id.substr(at + 1);
  }
  const std::string label = out.label.value_or("");
  if (id == "heads") {
    // With a label: the versioned heads of its lineage; without: heads nothing depends on.
    out.ids = ids_of(m_index,
                     label.empty() ? m_index.real_heads : filter_for_lineage(m_index.heads, label));
  } else if (id == "head") {
    if (auto head = current_head(label)) {
      out.ids.push_back(m_index.ids[*head]);
    }
  } else if (id != "base") {
    out.ids.emplace_back(id);
  }
  return out;
}

std::vector<Ref> Resolver::get_revisions(std::optional<std::string_view> identifier) const {
  if (!identifier) {
    return {};
  }
  const Number number = resolve_number(identifier);
  std::vector<Ref> out;
  if (number.ids.size() == 1) {
    if (auto steps = negative_int(number.ids[0])) {
      // "-N" / "label@-N": N steps down from each real head (of that label).
      for (Ref head : get_revisions(std::string_view("heads"))) {
        const auto& labels = m_index.nodes[head].branch_labels;
        if (number.label
            && std::find(labels.begin(), labels.end(), *number.label) == labels.end()) {
          continue;
        }
        out.push_back(walk(head, *steps, {}, true));
      }
      return out;
    }
  }
  for (const std::string& id : number.ids) {
    out.push_back(revision_for_ident(id, number.label.value_or("")));
  }
  return out;
}

std::vector<Ref> Resolver::get_revisions(const Ident& identifiers) const {
  if (!identifiers.is_tuple) {
    return get_revisions(identifiers.str());
  }
  std::vector<Ref> out;
  for (const std::string& item : identifiers.items) {
    auto refs = get_revisions(std::string_view(item));
    out.insert(out.end(), refs.begin(), refs.end());
  }
  return out;
}

Ref Resolver::get_revision(std::optional<std::string_view> identifier) const {
  const Number number = resolve_number(identifier);
  if (number.ids.size() > 1) {
    const std::string argument = identifier ? std::string(*identifier) : "None";
    throw MultipleHeads("Multiple heads are present for given argument '" + argument + "'; "
                            + util::join(number.ids, ", "),
                        argument);
  }
  std::optional<std::string_view> resolved;
  if (!number.ids.empty()) {
    resolved = number.ids[0];
  }
  return revision_for_ident(resolved, number.label.value_or(""));
}

Ref Resolver::revision_for_ident(std::optional<std::string_view> id,
                                 std::string_view check_branch) const {
  const int branch = check_branch.empty() ? -1 : resolve_branch(check_branch);
  if (!id) {
    return k_none; // "base": the map's None entry
  }
  const std::string wanted(*id);
  int revision = m_index.find_key(wanted);
  if (revision < 0) {
    std::vector<std::string> candidates;
    // Alembic asserts on an empty id; an empty prefix must not match everything.
    if (!wanted.empty()) {
      for (const std::string& key : m_index.keys) {
        if (python_len(key) > 3 && key.starts_with(wanted)) {
          candidates.push_back(key);
        }
      }
    }
    if (branch >= 0 && !candidates.empty()) {
      std::vector<int> nodes;
      for (const std::string& key : candidates) {
        nodes.push_back(m_index.find_key(key));
      }
      const std::vector<int> kept = filter_for_lineage(nodes, check_branch);
      std::vector<std::string> filtered;
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (std::find(kept.begin(), kept.end(), nodes[i]) != kept.end()) {
          filtered.push_back(candidates[i]);
        }
      }
      candidates = std::move(filtered);
    }
    if (candidates.empty()) {
      throw ResolutionError("No such revision or branch '" + wanted + "'"
                                + (python_len(wanted) < 4
                                       ? "; please ensure at least four characters are present "
                                         "for partial revision identifier matches"
                                       : ""),
                            wanted);
    }
    if (candidates.size() > 1) {
      std::vector<std::string> shown;
      for (std::size_t i = 0; i < candidates.size() && i < 3; ++i) {
        shown.push_back("'" + candidates[i] + "'");
      }
      throw ResolutionError("Multiple revisions start with '" + wanted
                                + "': " + util::join(shown, ", ") + "...",
                            wanted);
    }
    revision = m_index.find_key(candidates[0]);
  }
  if (branch >= 0) {
    const Bits below = reachable(m_index, m_index.down, {branch});
    const Bits above = reachable(m_index, m_index.nextrev, {branch});
    if (!below.test(revision) && !above.test(revision)) {
      throw ResolutionError("Revision " + m_index.ids[revision] + " is not a member of branch '"
                                + std::string(check_branch) + "'",
                            wanted);
    }
  }
  return revision;
}

int Resolver::resolve_branch(std::string_view label) const {
  if (const int key = m_index.find_key(label); key >= 0) {
    return key;
  }
  try {
    return revision_for_ident(label);
  } catch (const ResolutionError&) {
    throw ResolutionError("No such branch: '" + std::string(label) + "'", std::string(label));
  }
}

std::optional<int> Resolver::current_head(std::string_view branch_label) const {
  std::vector<int> heads = m_index.heads;
  if (!branch_label.empty()) {
    heads = filter_for_lineage(heads, branch_label);
  }
  if (heads.size() > 1) {
    const std::string argument =
        branch_label.empty() ? std::string("head") : std::string(branch_label) + "@head";
    throw MultipleHeads("Multiple heads are present for given argument '" + argument + "'; "
                            + util::join(ids_of(m_index, heads), ", "),
                        argument);
  }
  if (heads.empty()) {
    return std::nullopt;
  }
  return heads[0];
}

std::vector<int> Resolver::filter_for_lineage(const std::vector<int>& targets,
                                              std::optional<std::string_view> check_against,
                                              bool include_dependencies) const {
  const Number number = resolve_number(check_against);
  std::vector<std::string> shares;
  if (number.label && !number.label->empty()) {
    shares.push_back(*number.label);
  }
  shares.insert(shares.end(), number.ids.begin(), number.ids.end());
  if (shares.empty() || targets.empty()) {
    return targets;
  }
  std::vector<int> share_nodes;
  for (const std::string& share : shares) {
    if (const Ref node = revision_for_ident(share); node >= 0) {
      share_nodes.push_back(node);
    }
  }
  // t shares lineage with s exactly when t lies above or below s.
  const Bits below = reachable(m_index, ancestor_edges(m_index, include_dependencies), share_nodes);
  const Bits above =
      reachable(m_index, descendant_edges(m_index, include_dependencies), share_nodes);
  std::vector<int> out;
  for (int target : targets) {
    if (below.test(target) || above.test(target)) {
      out.push_back(target);
    }
  }
  return out;
}

Ref Resolver::walk(Ref start,
                   std::int64_t steps,
                   std::string_view branch_label,
                   bool no_overwalk) const {
  Ref current = start;
  const std::int64_t count = steps < 0 ? -steps : steps;
  // Each step moves to another revision or ends the walk, so this stops at the graph's ends.
  for (std::int64_t i = 0; i < count; ++i) {
    std::vector<Ref> children;
    if (steps > 0) {
      const std::vector<int>& up = current < 0 ? m_index.bases : m_index.nextrev[current];
      children = branch_label.empty() ? up : filter_for_lineage(up, branch_label);
    } else if (current != k_base) {
      children = current == k_none ? m_index.heads : m_index.down[current];
      if (children.empty()) {
        children.push_back(k_base);
      }
    }
    if (children.empty()) {
      return no_overwalk ? k_none : current;
    }
    if (children.size() > 1) {
      throw RevisionError("Ambiguous walk");
    }
    current = children[0];
  }
  return current;
}

std::vector<int> Resolver::all_current(const std::vector<std::string>& heads) const {
  const std::vector<int> given = nodes_of(get_revisions(Ident::from(heads)));
  const Bits members = reachable(m_index, m_index.normalized_down, given);
  // A member below another member (along down_revision) is implied by it.
  std::vector<int> parents;
  for (int member : members_of(m_index, members)) {
    parents.insert(parents.end(), m_index.down[member].begin(), m_index.down[member].end());
  }
  const Bits below = reachable(m_index, m_index.down, parents);
  std::vector<int> out;
  auto keep = [&](int node) {
    if (members.test(node) && !below.test(node)
        && std::find(out.begin(), out.end(), node) == out.end()) {
      out.push_back(node);
    }
  };
  for (int node : given) {
    keep(node);
  }
  for (int node = 0; node < m_index.size(); ++node) {
    keep(node);
  }
  return out;
}

} // namespace migrate::graph::detail
