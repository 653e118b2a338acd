// SPDX-License-Identifier: MIT
// The indexed form of a RevisionMap that the graph algorithms work on (private to the area).
#pragma once

#include <migrate/graph.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace migrate::graph::detail {

// A reference to a revision as Alembic's functions pass them around: a node index, or one of
// Python's two non-revision values.
using Ref = int;
inline constexpr Ref k_none = -1; // Python None: "no revision" (base resolved, or a walk ran off)
inline constexpr Ref k_base = -2; // the string "base" that a downward walk produces

using Adjacency = std::vector<std::vector<int>>;

// A fixed-size set of node indices.
class Bits {
public:
  Bits() = default;
  explicit Bits(std::size_t size) : m_words((size + 63) / 64, 0) {}
  bool test(int i) const { return (m_words[word(i)] >> bit(i)) & 1U; }
  void set(int i) { m_words[word(i)] |= std::uint64_t{1} << bit(i); }
  void reset(int i) { m_words[word(i)] &= ~(std::uint64_t{1} << bit(i)); }
  std::uint64_t* words() { return m_words.data(); }
  const std::uint64_t* words() const { return m_words.data(); }
  std::size_t word_count() const { return m_words.size(); }

private:
  static std::size_t word(int i) { return static_cast<std::size_t>(i) / 64; }
  static unsigned bit(int i) { return static_cast<unsigned>(i) % 64; }
  std::vector<std::uint64_t> m_words;
};

// Looks up std::string keys by std::string_view without building a string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
using StringIndex = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

struct MapIndex {
  std::vector<Node> nodes;      // load order; the public view
  std::vector<std::string> ids; // load order
  StringIndex id_index;
  // Alembic's map keys in insertion order: revision ids, then branch labels. Prefix matching
  // scans them in this order, so it decides which candidates an error message lists first.
  std::vector<std::string> keys;
  StringIndex key_index; // id or label -> node

  Adjacency down;            // versioned down_revisions, as written
  Adjacency deps;            // depends_on resolved to nodes, deduplicated
  Adjacency all_down;        // down + deps, deduplicated
  Adjacency normalized_deps; // deps not already implied by an ancestor's deps
  Adjacency normalized_down; // down + normalized_deps, deduplicated
  Adjacency nextrev;         // children via down_revision, load order
  Adjacency all_nextrev;     // children via down_revision or depends_on, load order

  std::vector<int> heads, real_heads, bases, real_bases;
  // A topological rank: every revision ranks above its down revisions and dependencies.
  std::vector<int> rank;

  int size() const { return static_cast<int>(ids.size()); }
  // -1 when absent.
  int find_id(std::string_view id) const;
  int find_key(std::string_view key) const;
};

std::vector<std::string> ids_of(const MapIndex& index, const std::vector<int>& nodes);
// The nodes set in `bits`, in load order.
std::vector<int> members_of(const MapIndex& index, const Bits& bits);

// The nodes reachable from `starts` (included) along `edges`, Alembic's _iterate_related_revisions
// without the overlap check. Walking down (ancestor edges), `floor` skips revisions ranked below
// it: when only the membership of revisions ranked at least `floor` matters, the result is the
// same for them and the walk stays near the top of the graph.
Bits reachable(const MapIndex& index,
               const Adjacency& edges,
               const std::vector<int>& starts,
               int floor = -1);

// The lowest rank among `nodes` (for reachable's floor).
int lowest_rank(const MapIndex& index, const std::vector<int>& nodes);

// The same with Alembic's check=True: walking the targets in order, a target whose walk reaches
// another requested target raises "Requested revision x overlaps with other requested revisions y".
Bits reachable_checked(const MapIndex& index,
                       const Adjacency& edges,
                       const std::vector<int>& targets);

// Ancestors via normalized down revisions (dependencies included) or down_revisions only.
inline const Adjacency& ancestor_edges(const MapIndex& index, bool include_dependencies) {
  return include_dependencies ? index.normalized_down : index.down;
}
// Descendants via all children (dependents included) or down_revision children only.
inline const Adjacency& descendant_edges(const MapIndex& index, bool include_dependencies) {
  return include_dependencies ? index.all_nextrev : index.nextrev;
}

// Builds and validates the index (build_index.cpp); throws as RevisionMap's constructor.
MapIndex build_index(std::vector<Revision> revisions);

// Raises Alembic's cycle errors, plus a full cycle check Alembic lacks (detect_cycles.cpp).
void detect_cycles(const MapIndex& index);

} // namespace migrate::graph::detail
