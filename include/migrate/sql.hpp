// SPDX-License-Identifier: MIT
// A PostgreSQL-aware statement splitter, and the mapping from a server's error position to a line.
#pragma once

#include <migrate/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::sql {

// One statement of a SQL text.
struct Statement {
  std::string text;       // from its first token to its last: no ';', no comments before or after
  int line = 0;           // 1-based line of the first token, relative to the text that was split
  std::size_t offset = 0; // byte offset of the first token in that text
};

// Splits SQL into statements the way PostgreSQL (and psql) sees them. A ';' ends a statement
// except inside:
//   'strings' (with '' escapes), E'strings' (also \ escapes; standard_conforming_strings is
//   assumed on, as it is by default, so plain '...' has no backslash escapes), "identifiers"
//   (with "" escapes), $tag$ bodies $tag$ (also $$; a '$' glued to an identifier such as a$b
//   starts none), -- comments to the end of the line, /* nested /* */ comments */,
//   parentheses, and the BEGIN [ATOMIC] ... END body of CREATE [OR REPLACE] FUNCTION/PROCEDURE
//   (CASE ... END inside it is counted too), as psql does.
// Statements holding only whitespace and comments are dropped; the text after the last ';' is
// a statement when it holds a token.
//
// An unterminated quote, comment or dollar body throws ScriptError located where it opened:
// origin.file plus the line (and column, in characters) offset by origin.line/origin.column, so
// a caller splitting a section of a file passes {path, line of the section's first line}. With
// no origin.file the location is relative to the text (ScriptError::location()) and what()
// says "... starting at line L, column C".
std::vector<Statement> split_statements(std::string_view sql, const Location& origin = {});

// The byte offset of the 1-based character `position` (what PostgreSQL reports: it counts
// characters, and the text is UTF-8). Positions below 1 give 0, positions past the end give
// text.size().
std::size_t character_offset_to_byte(std::string_view text, int position);

// The 1-based line holding byte `offset`: 1 + the newlines before it (an offset past the end
// counts them all).
int line_at_offset(std::string_view text, std::size_t offset);

// The 1-based line of the 1-based character `position`; 0 when position is below 1.
int line_of_position(std::string_view text, int position);

} // namespace migrate::sql
