// SPDX-License-Identifier: MIT
// A revision as read from one SQL revision file: the graph fields plus what running it needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace migrate {

// Where one direction's SQL lies in its revision file: the bytes [offset, offset + length) of
// the file, starting on its 1-based line `first_line` (so a failing statement can be reported by
// its line in the file). The SQL itself is not kept (but see Revision::text): memory must grow
// with the number of revisions, not with the size of their bodies. script::read_section reads
// it when it runs.
struct SqlSection {
  std::size_t offset = 0;
  std::size_t length = 0;
  int first_line = 0;
};

// What the file looked like when it was parsed, so reading a section later can tell that the
// file changed in between (the offsets would no longer hold).
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0; // st_mtim
  std::int64_t changed_ns = 0;  // st_ctim: also moves when mtime is set back by hand
  bool operator==(const FileStamp&) const = default;
};

struct Revision {
  std::string id;                          // "revision:" header
  std::vector<std::string> down_revisions; // empty for a base; several for a merge, in file order
  std::vector<std::string> branch_labels;  // as written in this file (not propagated)
  std::vector<std::string> depends_on;     // ids, id prefixes or branch labels, as written
  std::string message;                     // "message:" header; Alembic's doc
  std::string create_date;                 // "create_date:" header, verbatim; may be empty
  bool transactional = true;               // "transactional: false" runs statement by statement
  std::string path;                        // the file it was read from, as messages show it
  FileStamp stamp;                         // the file when it was read (zero: parsed from memory)
  // The whole file as it was parsed, kept only for small files while a fixed total is not
  // exceeded (script/parse_files.cpp), so printing 10,000 small revisions does not open every
  // file twice; null otherwise. Shared, as revisions are copied into the graph.
  std::shared_ptr<const std::string> text;
  SqlSection upgrade;
  std::optional<SqlSection> downgrade; // nullopt: no downgrade section, irreversible
  int header_end_line = 0;             // last header line, for error messages
};

} // namespace migrate
