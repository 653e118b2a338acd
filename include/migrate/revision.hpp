// SPDX-License-Identifier: MIT
// A revision as read from one SQL revision file: the graph fields plus what running it needs.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace migrate {

// One direction's SQL of a revision file, and the 1-based line of the file where it starts,
// so a failing statement can be reported by its line in the file.
struct SqlSection {
  std::string sql;
  int first_line = 0;
};

struct Revision {
  std::string id;                          // "revision:" header
  std::vector<std::string> down_revisions; // empty for a base; several for a merge, in file order
  std::vector<std::string> branch_labels;  // as written in this file (not propagated)
  std::vector<std::string> depends_on;     // ids, id prefixes or branch labels, as written
  std::string message;                     // "message:" header; Alembic's doc
  std::string create_date;                 // "create_date:" header, verbatim; may be empty
  bool transactional = true;               // "transactional: false" runs statement by statement
  std::filesystem::path path;              // the file it was read from
  SqlSection upgrade;
  std::optional<SqlSection> downgrade; // nullopt: no downgrade section, irreversible
  int header_end_line = 0;             // last header line, for error messages
};

} // namespace migrate
