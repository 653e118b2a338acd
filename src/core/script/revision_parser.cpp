// SPDX-License-Identifier: MIT
// Parser of SQL revision files: the "-- key: value" header and the upgrade/downgrade sections.
//
// Decisions beyond the grammar in <migrate/script.hpp>:
//  1. A UTF-8 byte order mark is skipped; lines end with "\n" or "\r\n" (the "\r" is not part of
//     the line, but section SQL is kept byte for byte, line breaks included).
//  2. A header line starts at column 1 with "--", then optional spaces or tabs, then a key made
//     of letters, digits and '_' (not starting with a digit), then ':' right after the key. So
//     "--revision:abc" is accepted. Values are trimmed. Keys are case-sensitive: "Revision" is
//     an unknown key (with a suggestion).
//  3. The header is the leading run of such lines, starting at line 1. After it, only blank
//     lines and "--" comments may come before "-- migrate:upgrade"; a line that looks like a
//     header line with a known key there is an error (a blank line must not silently cut the
//     header short), other "-- word: ..." lines are comments.
//  4. A marker is a line whose trimmed text is "--", optional spaces, then "migrate:" in any
//     case. Only "migrate:upgrade" and "migrate:downgrade" (lower-case, nothing after them)
//     exist; any other "-- migrate:..." line is an error, so a typo never hides a section.
//     Except "-- migrate:lint-ignore RULE...": a comment to the parser, read by lint.
//  5. Lists ("a, b") must not have empty items, items with whitespace or repeated items;
//     down_revision items must be legal revision ids.
#include "revision_id.hpp"
#include "utf8.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <array>

namespace migrate::script {

namespace {

// m_seen in RevisionParser has one slot per key.
const std::vector<std::string> k_header_keys = {"message",
                                                "revision",
                                                "down_revision",
                                                "branch_labels",
                                                "depends_on",
                                                "create_date",
                                                "transactional"};
const std::string k_upgrade = "migrate:upgrade";
const std::string k_downgrade = "migrate:downgrade";
constexpr std::string_view k_lint_ignore = "migrate:lint-ignore";
constexpr std::string_view k_bom = "\xEF\xBB\xBF";

struct Line {
  std::string_view text; // without the line break
  std::size_t begin = 0; // offset of the line in the body
  int number = 0;
};

enum class Kind { blank, marker, header, comment, sql };

struct Classified {
  Kind kind = Kind::sql;
  std::string_view name;  // marker name ("migrate:upgrade") or header key
  std::string_view value; // header value, trimmed
};

bool is_key_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_key_char(char c) {
  return is_key_start(c) || (c >= '0' && c <= '9');
}

std::string_view skip_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  return text;
}

bool has_whitespace(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      return true;
    }
  }
  return false;
}

// "migrate:" in any case, without building a lower-cased copy (every line of every file is
// classified on every command).
bool starts_with_marker_prefix(std::string_view text) {
  constexpr std::string_view prefix = "migrate:";
  if (text.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c = text[i];
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != prefix[i]) {
      return false;
    }
  }
  return true;
}

Classified classify(std::string_view line) {
  const std::string_view trimmed = util::trim(line);
  if (trimmed.empty()) {
    return {Kind::blank, {}, {}};
  }
  if (!trimmed.starts_with("--")) {
    return {Kind::sql, {}, {}};
  }
  const std::string_view comment = skip_blanks(trimmed.substr(2));
  if (comment.starts_with(k_lint_ignore)
      && (comment.size() == k_lint_ignore.size() || comment[k_lint_ignore.size()] == ' ')) {
    return {Kind::comment, {}, {}}; // a directive for lint (docs/lint.md), a comment here
  }
  if (starts_with_marker_prefix(comment)) {
    return {Kind::marker, comment, {}};
  }
  if (line.starts_with("--")) { // a header line starts at column 1
    const std::string_view rest = skip_blanks(line.substr(2));
    std::size_t end = 0;
    if (!rest.empty() && is_key_start(rest.front())) {
      while (end < rest.size() && is_key_char(rest[end])) {
        ++end;
      }
    }
    if (end > 0 && end < rest.size() && rest[end] == ':') {
      return {Kind::header, rest.substr(0, end), util::trim(rest.substr(end + 1))};
    }
  }
  return {Kind::comment, {}, {}};
}

std::vector<Line> split_lines(std::string_view body) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  int number = 1;
  while (begin < body.size()) {
    std::size_t end = body.find('\n', begin);
    const std::size_t next = end == std::string_view::npos ? body.size() : end + 1;
    if (end == std::string_view::npos) {
      end = body.size();
    }
    std::string_view text = body.substr(begin, end - begin);
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    lines.push_back({text, begin, number++});
    begin = next;
  }
  return lines;
}

class RevisionParser {
public:
  RevisionParser(std::string_view text, const std::string& path) : m_path(path) {
    m_bom = text.substr(0, k_bom.size()) == k_bom ? k_bom.size() : 0;
    m_body = text.substr(m_bom);
    m_revision.path = m_path;
  }

  Revision parse() {
    check_encoding();
    m_lines = split_lines(m_body);
    std::size_t index = parse_header();
    index = parse_preamble(index);
    check_required();
    if (index == m_lines.size()) {
      fail(std::max<int>(1, static_cast<int>(m_lines.size())),
           "missing '-- migrate:upgrade' line (add it after the header, followed by the upgrade "
           "SQL)");
    }
    parse_sections(index);
    return std::move(m_revision);
  }

private:
  [[noreturn]] void fail(int line, const std::string& message) const {
    throw ScriptError(Location{m_path, line, 0}, message);
  }

  int line_of_offset(std::size_t offset) const {
    int line = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (m_body[i] == '\n') {
        ++line;
      }
    }
    return line;
  }

  void check_encoding() const {
    const std::size_t nul = m_body.find('\0');
    const std::size_t invalid = utf8::find_invalid(m_body);
    if (nul != std::string_view::npos && (invalid == std::string_view::npos || nul < invalid)) {
      fail(line_of_offset(nul), "NUL byte in file (a revision file must be UTF-8 text)");
    }
    if (invalid != std::string_view::npos) {
      static constexpr char k_hex[] = "0123456789abcdef";
      const auto byte = static_cast<unsigned char>(m_body[invalid]);
      fail(line_of_offset(invalid),
           std::string("invalid UTF-8 (byte 0x") + k_hex[byte >> 4] + k_hex[byte & 0xF]
               + "); a revision file must be UTF-8 text");
    }
  }

  std::size_t parse_header() {
    std::size_t index = 0;
    for (; index < m_lines.size(); ++index) {
      const Classified line = classify(m_lines[index].text);
      if (line.kind != Kind::header) {
        break;
      }
      apply_header(line.name, line.value, m_lines[index].number);
      m_revision.header_end_line = m_lines[index].number;
    }
    return index;
  }

  void apply_header(std::string_view key_text, std::string_view value, int line) {
    const auto known = std::find(k_header_keys.begin(), k_header_keys.end(), key_text);
    const std::string key(key_text);
    if (known == k_header_keys.end()) {
      const std::string suggestion = util::closest_match(key, k_header_keys);
      fail(line,
           "unknown header key '" + key + "'"
               + (suggestion.empty() ? " (known keys: " + util::join(k_header_keys, ", ") + ")"
                                     : "; did you mean '" + suggestion + "'?"));
    }
    int& seen_at = m_seen[static_cast<std::size_t>(known - k_header_keys.begin())];
    if (seen_at != 0) {
      fail(line, "duplicate header key '" + key + "'");
    }
    seen_at = line;
    if (key == "message") {
      m_revision.message = std::string(value);
    } else if (key == "revision") {
      if (const auto problem = revision_id_problem(value)) {
        fail(line, *problem);
      }
      m_revision.id = std::string(value);
    } else if (key == "down_revision") {
      m_revision.down_revisions = parse_list(key, value, line);
      for (const std::string& id : m_revision.down_revisions) {
        if (const auto problem = revision_id_problem(id)) {
          fail(line, *problem);
        }
      }
    } else if (key == "branch_labels") {
      m_revision.branch_labels = parse_list(key, value, line);
    } else if (key == "depends_on") {
      m_revision.depends_on = parse_list(key, value, line);
    } else if (key == "create_date") {
      m_revision.create_date = std::string(value);
    } else {
      const std::string lowered = util::to_lower(value);
      if (lowered != "true" && lowered != "false") {
        fail(line,
             "invalid value for 'transactional': '" + std::string(value)
                 + "' (expected true or false)");
      }
      m_revision.transactional = lowered == "true";
    }
  }

  std::vector<std::string> parse_list(const std::string& key, std::string_view value, int line) {
    std::vector<std::string> items;
    if (value.empty()) {
      return items;
    }
    // Walked in place rather than split into a list of copies: every file has a down_revision.
    for (std::size_t start = 0; start <= value.size();) {
      const std::size_t comma = std::min(value.find(',', start), value.size());
      std::string item(util::trim(value.substr(start, comma - start)));
      start = comma + 1;
      if (item.empty()) {
        fail(line, "empty item in '" + key + "' list '" + std::string(value) + "'");
      }
      if (has_whitespace(item)) {
        fail(line, "'" + item + "' in '" + key + "' contains whitespace; separate items with ','");
      }
      if (std::find(items.begin(), items.end(), item) != items.end()) { // lists are short
        fail(line, "'" + item + "' is listed twice in '" + key + "'");
      }
      items.push_back(std::move(item));
    }
    return items;
  }

  // Lines between the header and the upgrade marker; returns the marker's index (or size()).
  std::size_t parse_preamble(std::size_t index) {
    for (; index < m_lines.size(); ++index) {
      const Line& line = m_lines[index];
      const Classified kind = classify(line.text);
      switch (kind.kind) {
      case Kind::blank:
      case Kind::comment:
        break;
      case Kind::marker:
        if (kind.name == k_upgrade) {
          return index;
        }
        if (kind.name == k_downgrade) {
          fail(line.number, "'-- migrate:downgrade' appears before '-- migrate:upgrade'");
        }
        fail_unknown_marker(kind.name, line.number);
      case Kind::header:
        if (std::find(k_header_keys.begin(), k_header_keys.end(), kind.name)
            == k_header_keys.end()) {
          break; // "-- note: ..." is a comment once the header is over
        }
        fail(line.number,
             "header line '-- " + std::string(kind.name) + ":' after the end of the header (line "
                 + std::to_string(m_revision.header_end_line + 1)
                 + " is not a header line); keep the header lines together at the top of the "
                   "file");
      case Kind::sql:
        fail(line.number,
             "SQL text before the '-- migrate:upgrade' line (only blank lines and '--' comments "
             "may come between the header and it)");
      }
    }
    return index;
  }

  [[noreturn]] void fail_unknown_marker(std::string_view name, int line) const {
    const std::string suggestion =
        util::closest_match(util::to_lower(name), {k_upgrade, k_downgrade});
    fail(line,
         "unknown marker '-- " + std::string(name) + "'"
             + (suggestion.empty() ? " (expected '-- migrate:upgrade' or '-- migrate:downgrade')"
                                   : "; did you mean '-- " + suggestion + "'?"));
  }

  void check_required() const {
    if (seen("revision") == 0) {
      fail(1, "missing required header 'revision' (add a line '-- revision: <id>')");
    }
    if (seen("down_revision") == 0) {
      fail(1,
           "missing required header 'down_revision' (add a line '-- down_revision: <parent id>', "
           "empty for a base revision)");
    }
  }

  void parse_sections(std::size_t upgrade_index) {
    const Line& upgrade = m_lines[upgrade_index];
    std::optional<std::size_t> downgrade_index;
    for (std::size_t index = upgrade_index + 1; index < m_lines.size(); ++index) {
      const Line& line = m_lines[index];
      const Classified kind = classify(line.text);
      if (kind.kind != Kind::marker) {
        continue;
      }
      if (kind.name == k_upgrade) {
        fail(line.number,
             "duplicate '-- migrate:upgrade' line (the first is at line "
                 + std::to_string(upgrade.number) + ")");
      }
      if (kind.name != k_downgrade) {
        fail_unknown_marker(kind.name, line.number);
      }
      if (downgrade_index) {
        fail(line.number,
             "duplicate '-- migrate:downgrade' line (the first is at line "
                 + std::to_string(m_lines[*downgrade_index].number) + ")");
      }
      downgrade_index = index;
    }
    const std::size_t upgrade_end =
        downgrade_index ? m_lines[*downgrade_index].begin : m_body.size();
    m_revision.upgrade = section_after(upgrade_index, upgrade_end);
    if (downgrade_index) {
      m_revision.downgrade = section_after(*downgrade_index, m_body.size());
    }
  }

  SqlSection section_after(std::size_t marker_index, std::size_t end) const {
    const std::size_t begin =
        marker_index + 1 < m_lines.size() ? m_lines[marker_index + 1].begin : m_body.size();
    return SqlSection{m_bom + begin, end - begin, m_lines[marker_index].number + 1};
  }

  std::string m_path;
  std::size_t m_bom = 0; // bytes of the skipped byte order mark: section offsets count them
  std::string_view m_body;
  std::vector<Line> m_lines;
  // Line of each header key (in k_header_keys order), 0 while not seen.
  std::array<int, 7> m_seen{};

  int seen(std::string_view key) const {
    const auto known = std::find(k_header_keys.begin(), k_header_keys.end(), key);
    return m_seen[static_cast<std::size_t>(known - k_header_keys.begin())];
  }
  Revision m_revision;
};

} // namespace

Revision parse_revision_file(std::string_view text, const std::string& path) {
  return RevisionParser(text, path).parse();
}

} // namespace migrate::script
