// SPDX-License-Identifier: MIT
// ScriptDirectory._catch_revision_errors: graph errors rewritten into the CLI's CommandError texts.
#pragma once

#include <migrate/error.hpp>

#include <optional>
#include <string>

namespace migrate::graph::detail {

struct CatchTexts {
  // Templates with Python's %(start)s / %(end)s (range) and %(head_arg)s (multiple heads);
  // empty: Alembic's defaults.
  std::string ancestor;
  std::string multiple_heads;
  std::optional<std::string> start;
  std::optional<std::string> end;
};

// The CommandError a graph error becomes.
[[noreturn]] void rethrow_as_command_error(const CatchTexts& texts);

// Runs body; RangeNotAncestorError, MultipleHeads, ResolutionError and any other RevisionError
// come out as CommandError: "Requested range a:b does not refer to ...", "Multiple head revisions
// are present for given argument 'x'; ...", "Can't locate revision identified by 'x'", or the
// error's own text.
template <class Body>
auto catch_revision_errors(const CatchTexts& texts, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const RevisionError&) {
    rethrow_as_command_error(texts);
  }
}

} // namespace migrate::graph::detail
