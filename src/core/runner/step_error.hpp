// SPDX-License-Identifier: MIT
// Turning a server error inside a revision into the one error the user sees: the revision file
// and line where the failing statement starts, the statement, and PostgreSQL's message,
// SQLSTATE, detail and hint.
#pragma once

#include <migrate/database.hpp>
#include <migrate/graph.hpp>
#include <migrate/script.hpp>

#include <optional>
#include <string>

namespace migrate::runner {

// What a failure left behind, said at the end of the message.
enum class Aftermath {
  run_rolled_back,      // one transaction per run: nothing of this run stays
  revision_rolled_back, // transaction_per_migration: earlier revisions stay applied
  partial,              // transactional: false: earlier statements of this revision stay
  version_row_only,     // transactional: false: every statement stays, the version row did not
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

// For a syntax error the server placed after a revision's body (an unterminated quote in it
// swallowed the version-row statements): the body is sent alone, after BEGIN and followed by
// ROLLBACK, so nothing of it can stay even if it ran, and the server's own error for it becomes
// the step's failure, with its line. nullopt when the body splits cleanly or the server accepts it.
std::optional<SqlError> body_syntax_failure(Database& database,
                                            const graph::RevisionMap& map,
                                            const graph::Step& step,
                                            const script::SectionText& section,
                                            Aftermath aftermath);

// The connection was lost during `step`: the error names the revision and what is known of the
// state; `commit_in_flight` when the message lost carried the step's COMMIT.
DatabaseError server_gone(const graph::RevisionMap& map,
                          const graph::Step& step,
                          const DatabaseError& lost,
                          bool commit_in_flight);

} // namespace migrate::runner
