// SPDX-License-Identifier: MIT
// PostgreSQL statement splitting: one pass over the text, tracking only what can hide a ';'.
#include <migrate/sql.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <array>

namespace migrate::sql {

namespace {

using util::is_space;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// PostgreSQL's identifier characters: letters, '_' and any byte of a multi-byte character.
bool is_ident_start(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte == '_'
         || byte >= 0x80;
}

bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c) || c == '$';
}

// A UTF-8 continuation byte does not start a character.
bool starts_character(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

class Splitter {
public:
  Splitter(std::string_view text, const Location& origin) : m_text(text), m_origin(origin) {}

  std::vector<Statement> run() {
    while (m_pos < m_text.size()) {
      step();
    }
    finish_statement();
    return std::move(m_statements);
  }

private:
  char at(std::size_t index) const { return index < m_text.size() ? m_text[index] : '\0'; }

  // Consumes one token (or whitespace, or a comment) at m_pos.
  void step() {
    const char c = m_text[m_pos];
    const char next = at(m_pos + 1);
    if (is_space(c)) {
      ++m_pos;
      return;
    }
    if (c == '-' && next == '-') {
      skip_line_comment();
      return;
    }
    if (c == '/' && next == '*') {
      skip_block_comment();
      return;
    }
    if (c == ';' && m_paren_depth == 0 && m_block_depth == 0) {
      finish_statement();
      ++m_pos;
      return;
    }
    if (!m_start_known) {
      m_start = m_pos;
      m_start_known = true;
    }
    if (c == '\'') {
      skip_quoted(m_pos, '\'', false);
    } else if ((c == 'E' || c == 'e') && next == '\'') {
      // Only reached at the start of a word (word() eats whole identifiers), so this E is a prefix.
      skip_quoted(m_pos + 1, '\'', true);
    } else if (c == '"') {
      skip_quoted(m_pos, '"', false);
    } else if (c == '$' && dollar_quote()) {
      // consumed by dollar_quote()
    } else if (is_ident_start(c)) {
      word();
    } else if (is_digit(c)) {
      // A number, with any identifier characters glued to it, so "1$$" opens no dollar quote.
      while (m_pos < m_text.size() && is_ident_char(m_text[m_pos])) {
        ++m_pos;
      }
    } else {
      if (c == '(') {
        ++m_paren_depth;
      } else if (c == ')' && m_paren_depth > 0) {
        --m_paren_depth;
      }
      ++m_pos;
    }
    m_end = m_pos;
  }

  void skip_line_comment() {
    while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
      ++m_pos;
    }
  }

  void skip_block_comment() {
    const std::size_t open = m_pos;
    int depth = 0;
    while (m_pos < m_text.size()) {
      if (m_text[m_pos] == '/' && at(m_pos + 1) == '*') {
        ++depth;
        m_pos += 2;
      } else if (m_text[m_pos] == '*' && at(m_pos + 1) == '/') {
        --depth;
        m_pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        ++m_pos;
      }
    }
    fail(open, "unterminated /* comment");
  }

  // `quote_at` is the opening quote; m_pos may be before it (an E prefix).
  void skip_quoted(std::size_t quote_at, char quote, bool backslash_escapes) {
    const std::size_t open = m_pos;
    m_pos = quote_at + 1;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (backslash_escapes && c == '\\') {
        m_pos += 2;
      } else if (c == quote && at(m_pos + 1) == quote) {
        m_pos += 2;
      } else if (c == quote) {
        ++m_pos;
        return;
      } else {
        ++m_pos;
      }
    }
    fail(open, quote == '"' ? "unterminated quoted identifier" : "unterminated quoted string");
  }

  // At a '$': consumes a $tag$ ... $tag$ body and returns true, or returns false when this '$'
  // opens none (a parameter like $1, or a '$' inside an identifier).
  bool dollar_quote() {
    const std::size_t open = m_pos;
    if (open > 0 && is_ident_char(m_text[open - 1])) {
      return false;
    }
    std::size_t tag_end = open + 1;
    if (tag_end < m_text.size() && is_ident_start(m_text[tag_end])) {
      while (tag_end < m_text.size()
             && (is_ident_start(m_text[tag_end]) || is_digit(m_text[tag_end]))) {
        ++tag_end;
      }
    }
    if (at(tag_end) != '$') {
      return false;
    }
    const std::string_view delimiter = m_text.substr(open, tag_end + 1 - open);
    const std::size_t close = m_text.find(delimiter, tag_end + 1);
    if (close == std::string_view::npos) {
      fail(open, "unterminated dollar-quoted string " + std::string(delimiter));
    }
    m_pos = close + delimiter.size();
    return true;
  }

  // An identifier or keyword; feeds the BEGIN ... END tracking of routine bodies.
  void word() {
    const std::size_t begin = m_pos;
    while (m_pos < m_text.size() && is_ident_char(m_text[m_pos])) {
      ++m_pos;
    }
    const std::string lower = util::to_lower(m_text.substr(begin, m_pos - begin));
    if (m_word_count < m_leading.size()) {
      m_leading[m_word_count] = lower;
    }
    ++m_word_count;
    if (!defines_routine() || m_paren_depth > 0) {
      return;
    }
    // A SQL-standard body (BEGIN ATOMIC ... END) holds ';'s; CASE ... END inside it also ends
    // with END, so it is counted once a body is open.
    if (lower == "begin") {
      ++m_block_depth;
    } else if (lower == "case" && m_block_depth > 0) {
      ++m_block_depth;
    } else if (lower == "end" && m_block_depth > 0) {
      --m_block_depth;
    }
  }

  // CREATE [OR REPLACE] FUNCTION|PROCEDURE: the only statements with a BEGIN ... END body.
  bool defines_routine() const {
    if (m_word_count < 2 || m_leading[0] != "create") {
      return false;
    }
    const auto routine = [](const std::string& word) {
      return word == "function" || word == "procedure";
    };
    if (routine(m_leading[1])) {
      return true;
    }
    return m_word_count >= 4 && m_leading[1] == "or" && m_leading[2] == "replace"
           && routine(m_leading[3]);
  }

  void finish_statement() {
    if (m_start_known) {
      Statement statement;
      statement.text = std::string(m_text.substr(m_start, m_end - m_start));
      statement.line = line_at_offset(m_text, m_start);
      statement.offset = m_start;
      m_statements.push_back(std::move(statement));
    }
    m_start_known = false;
    m_paren_depth = 0;
    m_block_depth = 0;
    m_word_count = 0;
    m_leading = {};
  }

  [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
    const int line = line_at_offset(m_text, offset);
    const std::size_t line_start = m_text.rfind('\n', offset == 0 ? 0 : offset - 1);
    const std::size_t first =
        (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
    int column = 1;
    for (std::size_t i = first; i < offset; ++i) {
      column += starts_character(m_text[i]) ? 1 : 0;
    }
    Location where;
    where.file = m_origin.file;
    where.line = (m_origin.line > 0 ? m_origin.line : 1) + line - 1;
    where.column = (line == 1 && m_origin.column > 0) ? m_origin.column + column - 1 : column;
    if (where.file.empty()) {
      throw ScriptError(where,
                        message + " starting at line " + std::to_string(where.line) + ", column "
                            + std::to_string(where.column));
    }
    throw ScriptError(where, message);
  }

  std::string_view m_text;
  const Location& m_origin;
  std::size_t m_pos = 0;
  std::vector<Statement> m_statements;

  // The statement being read.
  bool m_start_known = false;
  std::size_t m_start = 0; // its first token
  std::size_t m_end = 0;   // just past its last token
  int m_paren_depth = 0;
  int m_block_depth = 0;
  std::size_t m_word_count = 0;
  std::array<std::string, 4> m_leading; // its first words, lower-cased
};

} // namespace

std::vector<Statement> split_statements(std::string_view sql, const Location& origin) {
  return Splitter(sql, origin).run();
}

std::size_t character_offset_to_byte(std::string_view text, int position) {
  if (position < 1) {
    return 0;
  }
  int seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (starts_character(text[i])) {
      ++seen;
      if (seen == position) {
        return i;
      }
    }
  }
  return text.size();
}

int line_at_offset(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  int line = 1;
  for (const char c : before) {
    line += c == '\n' ? 1 : 0;
  }
  return line;
}

int line_of_position(std::string_view text, int position) {
  if (position < 1) {
    return 0;
  }
  return line_at_offset(text, character_offset_to_byte(text, position));
}

} // namespace migrate::sql
