// SPDX-License-Identifier: MIT
// The SQL revision file of a revision converted from Alembic: same id, parents, labels,
// dependencies, message and date, with the SQL Alembic's offline mode wrote for each step.
#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::script {

namespace {

// The header is one line per key: a message's line breaks become spaces.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return std::string(util::trim(out));
}

// A section's SQL, ending in one newline (nothing at all for an empty one).
std::string section(std::string_view sql) {
  const std::string_view body = util::trim(sql);
  return body.empty() ? "" : std::string(body) + "\n";
}

void expect(bool same, const std::string& what, const std::string& path) {
  if (!same) {
    throw ScriptError(Location{path, 1, 0},
                      "the converted file would not read back with the same " + what
                          + "; convert this revision by hand");
  }
}

} // namespace

std::string render_converted_revision(const ConvertedRevision& revision, const std::string& path) {
  std::string text = "-- message: " + one_line(revision.message) + "\n";
  text += "-- revision: " + revision.id + "\n";
  text += "-- down_revision:"
          + (revision.down_revisions.empty() ? "" : " " + util::join(revision.down_revisions, ", "))
          + "\n";
  if (!revision.branch_labels.empty()) {
    text += "-- branch_labels: " + util::join(revision.branch_labels, ", ") + "\n";
  }
  if (!revision.depends_on.empty()) {
    text += "-- depends_on: " + util::join(revision.depends_on, ", ") + "\n";
  }
  if (!revision.create_date.empty()) {
    text += "-- create_date: " + one_line(revision.create_date) + "\n";
  }
  if (!revision.transactional) {
    text += "-- transactional: false\n";
  }
  text += "\n-- migrate:upgrade\n" + section(revision.upgrade_sql);
  if (revision.downgrade_sql) {
    text += "\n-- migrate:downgrade\n" + section(*revision.downgrade_sql);
  }

  const Revision parsed = parse_revision_file(text, path);
  expect(parsed.id == revision.id, "revision id", path);
  expect(parsed.down_revisions == revision.down_revisions, "down_revision", path);
  expect(parsed.branch_labels == revision.branch_labels, "branch_labels", path);
  expect(parsed.depends_on == revision.depends_on, "depends_on", path);
  return text;
}

} // namespace migrate::script
