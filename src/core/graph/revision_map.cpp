// SPDX-License-Identifier: MIT
// RevisionMap's public face over the indexed map: lookups, heads and bases, resolution, iteration.
#include "map_index.hpp"
#include "resolve.hpp"
#include "traverse.hpp"

#include <migrate/error.hpp>
#include <migrate/graph.hpp>

namespace migrate::graph {

namespace {

int node_index(const detail::MapIndex& index, std::string_view id) {
  const int node = index.find_id(id);
  if (node < 0) {
    throw ResolutionError("No such revision '" + std::string(id) + "'", std::string(id));
  }
  return node;
}

std::vector<int> node_indexes(const detail::MapIndex& index, const std::vector<std::string>& ids) {
  std::vector<int> out;
  for (const std::string& id : ids) {
    out.push_back(node_index(index, id));
  }
  return out;
}

} // namespace

RevisionMap::RevisionMap(std::vector<Revision> revisions)
    : m_index(std::make_shared<const detail::MapIndex>(detail::build_index(std::move(revisions)))) {
}

const std::vector<std::string>& RevisionMap::order() const {
  return m_index->ids;
}

bool RevisionMap::contains(std::string_view id) const {
  return m_index->find_id(id) >= 0;
}

const Node& RevisionMap::node(std::string_view id) const {
  return m_index->nodes[node_index(*m_index, id)];
}

std::vector<std::string> RevisionMap::heads() const {
  return detail::ids_of(*m_index, m_index->heads);
}

std::vector<std::string> RevisionMap::real_heads() const {
  return detail::ids_of(*m_index, m_index->real_heads);
}

std::vector<std::string> RevisionMap::bases() const {
  return detail::ids_of(*m_index, m_index->bases);
}

std::vector<std::string> RevisionMap::real_bases() const {
  return detail::ids_of(*m_index, m_index->real_bases);
}

std::vector<std::string> RevisionMap::resolve(std::string_view identifier) const {
  if (identifier.empty()) {
    return {};
  }
  const detail::Resolver resolver(*m_index);
  return detail::ids_of(*m_index, detail::nodes_of(resolver.get_revisions(identifier)));
}

std::optional<std::string> RevisionMap::resolve_one(std::string_view identifier) const {
  if (identifier.empty()) {
    return std::nullopt;
  }
  const detail::Resolver resolver(*m_index);
  const detail::Ref ref = resolver.get_revision(identifier);
  if (ref < 0) {
    return std::nullopt;
  }
  return m_index->ids[ref];
}

std::optional<std::string> RevisionMap::current_head(std::string_view branch_label) const {
  const detail::Resolver resolver(*m_index);
  if (auto head = resolver.current_head(branch_label)) {
    return m_index->ids[*head];
  }
  return std::nullopt;
}

std::vector<std::string> RevisionMap::iterate_revisions(const std::vector<std::string>& upper,
                                                        const std::vector<std::string>& lower,
                                                        const IterateOptions& options) const {
  const detail::Resolver resolver(*m_index);
  return detail::ids_of(
      *m_index,
      detail::iterate(resolver, detail::Ident::from(upper), detail::Ident::from(lower), options));
}

std::vector<std::string> RevisionMap::ancestors(const std::vector<std::string>& ids) const {
  return detail::ids_of(
      *m_index,
      detail::members_of(
          *m_index,
          detail::reachable(*m_index, m_index->normalized_down, node_indexes(*m_index, ids))));
}

std::vector<std::string> RevisionMap::descendants(const std::vector<std::string>& ids) const {
  return detail::ids_of(
      *m_index,
      detail::members_of(
          *m_index,
          detail::reachable(*m_index, m_index->all_nextrev, node_indexes(*m_index, ids))));
}

} // namespace migrate::graph
