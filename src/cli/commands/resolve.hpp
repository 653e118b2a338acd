// SPDX-License-Identifier: MIT
// Identifier resolution for commands, with Alembic's CLI error texts.
#pragma once

#include "session.hpp"

#include <migrate/graph.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace migrate::cli {

// map.resolve(identifier), rewriting errors as Alembic's _catch_revision_errors does:
// "Can't locate revision identified by '<identifier>'" or, for several heads, `multiple_heads`
// (default: Alembic's "Multiple head revisions are present for given argument ..." text).
std::vector<std::string> resolve_revisions(const graph::RevisionMap& map,
                                           std::string_view identifier,
                                           const std::string& multiple_heads = {});

// Alembic's text when a new revision's parent ("head") names several heads.
inline constexpr const char* k_new_revision_needs_one_head =
    "Multiple heads are present; please specify the head revision on which the new revision "
    "should be based, or perform a merge.";

// resolve_revisions, except that "current" names the database's heads (show, edit).
std::vector<std::string> resolve_with_current(Session& session, const std::string& symbol);

// Splits "A:B" into its two sides; nullopt-like empty first when there is no colon.
struct RangeArgument {
  bool is_range = false;
  std::string from;
  std::string to;
};
RangeArgument split_range(std::string_view argument);

} // namespace migrate::cli
