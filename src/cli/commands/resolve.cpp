// SPDX-License-Identifier: MIT
// Identifier resolution for commands, with Alembic's CLI error texts.
#include "resolve.hpp"

#include <migrate/error.hpp>

namespace migrate::cli {

std::vector<std::string> resolve_revisions(const graph::RevisionMap& map,
                                           std::string_view identifier,
                                           const std::string& multiple_heads) {
  try {
    return map.resolve(identifier);
  } catch (const MultipleHeads& e) {
    if (!multiple_heads.empty()) {
      throw CommandError(multiple_heads);
    }
    throw CommandError(graph::multiple_heads_message(e.argument()));
  } catch (const ResolutionError&) {
    throw CommandError("Can't locate revision identified by '" + std::string(identifier) + "'");
  }
}

std::vector<std::string> resolve_with_current(Session& session, const std::string& symbol) {
  if (symbol == "current") {
    return session.database_heads();
  }
  return resolve_revisions(session.map(), symbol);
}

RangeArgument split_range(std::string_view argument) {
  const std::size_t colon = argument.find(':');
  if (colon == std::string_view::npos) {
    return {false, {}, std::string(argument)};
  }
  return {true, std::string(argument.substr(0, colon)), std::string(argument.substr(colon + 1))};
}

} // namespace migrate::cli
