// SPDX-License-Identifier: MIT
// The error a user sees when a revision's SQL fails.
#include "step_error.hpp"

#include <migrate/sql.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::runner {

namespace {

std::string aftermath_text(Aftermath aftermath) {
  switch (aftermath) {
  case Aftermath::run_rolled_back:
    return "rolled back: nothing of this run was applied";
  case Aftermath::revision_rolled_back:
    return "this revision was rolled back; the revisions before it stay applied";
  case Aftermath::partial:
    return "this revision is transactional: false, so its statements before this one stay "
           "applied and its version row was not changed";
  }
  return {};
}

// The statement starting at `line` of the section, first line only, shortened.
std::string statement_excerpt(const script::SectionText& section, int line) {
  if (line <= 0) {
    return {};
  }
  const std::vector<std::string> lines = util::split(section.sql, '\n');
  if (static_cast<std::size_t>(line) > lines.size()) {
    return {};
  }
  std::string text(util::trim(lines[static_cast<std::size_t>(line) - 1]));
  if (text.size() > 120) {
    text = text.substr(0, 117) + "...";
  }
  return text;
}

} // namespace

int failing_line(const std::string& sent,
                 std::size_t body_offset,
                 const script::SectionText& section,
                 const SqlError::Fields& fields) {
  const std::vector<sql::Statement> body = sql::split_statements(section.sql);
  if (fields.statement_index >= 0) {
    const std::size_t before =
        sql::split_statements(std::string_view(sent).substr(0, body_offset)).size();
    const std::size_t index = static_cast<std::size_t>(fields.statement_index);
    if (index >= before && index < before + body.size()) {
      return body[index - before].line;
    }
    return 0;
  }
  if (fields.position > 0) {
    const std::size_t offset = sql::character_offset_to_byte(sent, fields.position);
    if (offset >= body_offset && offset < body_offset + section.sql.size()) {
      return sql::line_at_offset(section.sql, offset - body_offset);
    }
  }
  return 0;
}

SqlError step_failure(const graph::RevisionMap& map,
                      const graph::Step& step,
                      const script::SectionText& section,
                      const SqlError& error,
                      int line,
                      Aftermath aftermath) {
  const SqlError::Fields& fields = error.fields();
  const Revision& revision = map.node(step.revision).revision;
  const int file_line = line > 0 ? section.first_line + line - 1 : section.first_line;
  std::string message = revision.path + ":" + std::to_string(file_line) + ": " + step.short_log()
                        + " failed: ERROR " + fields.sqlstate + ": " + fields.message + "; "
                        + aftermath_text(aftermath);
  if (line <= 0) {
    message += " (the failing statement could not be placed; the line is the section's first)";
  }
  if (const std::string excerpt = statement_excerpt(section, line); !excerpt.empty()) {
    message += "\n  statement: " + excerpt;
  }
  if (!fields.detail.empty()) {
    message += "\n  detail: " + fields.detail;
  }
  if (!fields.hint.empty()) {
    message += "\n  hint: " + fields.hint;
  }
  return SqlError(message, fields);
}

} // namespace migrate::runner
