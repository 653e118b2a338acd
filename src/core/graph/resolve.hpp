// SPDX-License-Identifier: MIT
// Identifier resolution with the semantics and (API-level) messages of Alembic's RevisionMap.
#pragma once

#include "map_index.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::graph::detail {

// An argument Alembic accepts as "a str, a tuple of str, or None": none, one string, or several.
struct Ident {
  std::vector<std::string> items;
  bool is_tuple = false;

  static Ident none() { return {}; }
  static Ident single(std::string_view text) { return Ident{{std::string(text)}, false}; }
  // Several strings as a tuple; one as a plain string; none as None.
  static Ident from(const std::vector<std::string>& items);

  bool is_none() const { return items.empty(); }
  // The plain string, when it is one.
  std::optional<std::string_view> str() const;
  // `x or "base"` as RangeNotAncestorError prints it.
  std::string shown() const;
};

// _resolve_revision_number: the ids (or prefixes, labels...) an identifier stands for, and the
// branch label before its '@'.
struct Number {
  std::vector<std::string> ids;
  std::optional<std::string> label;
};

class Resolver {
public:
  explicit Resolver(const MapIndex& index) : m_index(index) {}

  const MapIndex& index() const { return m_index; }

  Number resolve_number(std::optional<std::string_view> identifier) const;
  std::vector<Ref> get_revisions(std::optional<std::string_view> identifier) const;
  std::vector<Ref> get_revisions(const Ident& identifiers) const;
  // Throws MultipleHeads when the identifier stands for several revisions.
  Ref get_revision(std::optional<std::string_view> identifier) const;
  // One resolved id (exact key, else a unique prefix of a key longer than 3 characters),
  // optionally checked to share lineage with `check_branch`.
  Ref revision_for_ident(std::optional<std::string_view> id,
                         std::string_view check_branch = {}) const;
  int resolve_branch(std::string_view label) const;
  std::optional<int> current_head(std::string_view branch_label) const;

  // The targets that are ancestors or descendants of what `check_against` names.
  std::vector<int> filter_for_lineage(const std::vector<int>& targets,
                                      std::optional<std::string_view> check_against,
                                      bool include_dependencies = false) const;

  // Steps up (> 0, optionally only along `branch_label`'s lineage) or down (< 0). Running off
  // the graph gives k_none when no_overwalk, else the last revision reached.
  Ref walk(Ref start, std::int64_t steps, std::string_view branch_label, bool no_overwalk) const;

  // _get_all_current: the heads plus their ancestors, minus anything below another member.
  std::vector<int> all_current(const std::vector<std::string>& heads) const;

private:
  const MapIndex& m_index;
};

// The nodes among refs (dropping k_none / k_base).
std::vector<int> nodes_of(const std::vector<Ref>& refs);

} // namespace migrate::graph::detail
