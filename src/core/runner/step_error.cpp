// SPDX-License-Identifier: MIT
// The error a user sees when a revision's SQL fails.
#include "step_error.hpp"

#include <migrate/runner.hpp>
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
  case Aftermath::version_row_only:
    return "this revision is transactional: false: its statements ran and stay applied, but its "
           "version row was not changed";
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
  std::vector<sql::Statement> body;
  try {
    body = sql::split_statements(section.sql);
  } catch (const ScriptError&) {
    // A text the splitter cannot read (an unterminated quote) is the server's to report: its
    // error and position stand; only the statement index cannot be used.
    body.clear();
  }
  if (fields.statement_index >= 0 && !body.empty()) {
    // What precedes the body is migrate's own (BEGIN, SAVEPOINT, set-up): always splittable.
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
  // The server's texts may quote the revision across lines: each stays on its own line.
  std::string message = revision.path + ":" + std::to_string(file_line) + ": " + step.short_log()
                        + " failed: ERROR " + fields.sqlstate + ": "
                        + util::escape_control(fields.message) + "; " + aftermath_text(aftermath);
  if (line <= 0) {
    message += " (the failing statement could not be placed; the line is the section's first)";
  }
  if (const std::string excerpt = statement_excerpt(section, line); !excerpt.empty()) {
    message += "\n  statement: " + excerpt;
  }
  if (!fields.detail.empty()) {
    message += "\n  detail: " + util::escape_control(fields.detail);
  }
  if (!fields.hint.empty()) {
    message += "\n  hint: " + util::escape_control(fields.hint);
  }
  return SqlError(message, fields);
}

std::optional<SqlError> body_syntax_failure(Database& database,
                                            const graph::RevisionMap& map,
                                            const graph::Step& step,
                                            const script::SectionText& section,
                                            Aftermath aftermath) {
  try {
    sql::split_statements(section.sql);
    return std::nullopt; // it splits: the error is not the body's
  } catch (const ScriptError&) {
  }
  const std::string begin = "BEGIN;\n";
  const std::string sent = begin + section.sql;
  try {
    database.execute(sent);
    database.execute("ROLLBACK");
  } catch (const SqlError& own) {
    return step_failure(map,
                        step,
                        section,
                        own,
                        failing_line(sent, begin.size(), section, own.fields()),
                        aftermath);
  } catch (const Error&) {
  }
  return std::nullopt;
}

DatabaseError server_gone(const graph::RevisionMap& map,
                          const graph::Step& step,
                          const DatabaseError& lost,
                          bool commit_in_flight) {
  const Revision& revision = map.node(step.revision).revision;
  std::string state;
  if (!step_in_transaction(map, step)) {
    state = "this revision is transactional: false: its statements that completed stay applied, "
            "and its version row may or may not have changed";
  } else if (commit_in_flight) {
    state = "whether this revision's COMMIT reached the server is unknown (the revisions before "
            "it stay applied); 'migrate current' shows the version rows";
  } else {
    state = "the run's transaction did not commit: nothing of this run was applied";
  }
  return DatabaseError(revision.path + ": the server went away during " + step.short_log() + " ("
                       + lost.what() + "); " + state);
}

} // namespace migrate::runner
