// SPDX-License-Identifier: MIT
// Turning a server error inside a revision into the one error the user sees: the revision file
// and line where the failing statement starts, the statement, and PostgreSQL's message,
// SQLSTATE, detail and hint.
#pragma once

#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/script.hpp>

#include <string>

namespace migrate::runner {

// What a failure left behind, said at the end of the message.
enum class Aftermath {
  run_rolled_back,      // one transaction per run: nothing of this run stays
  revision_rolled_back, // transaction_per_migration: earlier revisions stay applied
  partial,              // transactional: false: earlier statements of this revision stay
};

// The 1-based line, within `section`, where the failing statement of `sent` starts. `sent` is
// the text sent to the server, and the section's SQL sits in it at `body_offset`. 0 when the
// failure is outside the section (e.g. the version-row change) or cannot be placed.
int failing_line(const std::string& sent,
                 std::size_t body_offset,
                 const script::SectionText& section,
                 const SqlError::Fields& fields);

// The error to throw for a failed step; `line` is within the section (0 = unknown).
SqlError step_failure(const graph::RevisionMap& map,
                      const graph::Step& step,
                      const script::SectionText& section,
                      const SqlError& error,
                      int line,
                      Aftermath aftermath);

} // namespace migrate::runner
