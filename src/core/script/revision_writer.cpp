// SPDX-License-Identifier: MIT
// Writing a new revision file: choosing the version directory, naming the file, rendering the
// template, and checking that the result reads back as the revision that was asked for.
#include "file_io.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::script {

namespace fs = std::filesystem;

namespace {

bool is_inside(const fs::path& file, const fs::path& directory) {
  const fs::path relative = file.lexically_relative(directory);
  return !relative.empty() && *relative.begin() != "..";
}

// The header is one line per key, so a message's line breaks become spaces.
std::string one_line(std::string_view message) {
  std::string out;
  for (char c : message) {
    out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return std::string(util::trim(out));
}

// file_template may add subdirectories ("%(year)d/%(rev)s") but must stay inside the location.
fs::path checked_file_name(const std::string& rendered) {
  const fs::path name(rendered);
  bool valid = !rendered.empty() && name.is_relative() && rendered.back() != '/';
  for (const fs::path& part : name) {
    valid = valid && !part.empty() && part != "." && part != "..";
  }
  if (!valid) {
    throw CommandError("file_template renders '" + rendered
                       + "', which is not a file name inside the version directory");
  }
  return name;
}

void expect_same(const std::string& what,
                 const std::vector<std::string>& expected,
                 const std::vector<std::string>& actual,
                 const fs::path& template_file) {
  if (expected != actual) {
    throw ScriptError(Location{template_file.string(), 0, 0},
                      "the rendered file has " + what + " '" + util::join(actual, ", ")
                          + "' instead of '" + util::join(expected, ", ")
                          + "'; does the template use ${" + what + "}?");
  }
}

// The rendered text with "-- transactional: false" in its header: the template's transactional
// line replaced, or a line added after the header (lines 1..header_end_line).
std::string with_transactional_false(const std::string& text, int header_end_line) {
  std::string out;
  bool written = false;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string_view line = std::string_view(text).substr(start, end - start);
    ++line_number;
    const bool in_header = line_number <= header_end_line;
    const std::string_view key = util::trim(line.substr(std::min<std::size_t>(2, line.size())));
    if (in_header && line.starts_with("--") && key.starts_with("transactional:")) {
      out += "-- transactional: false\n";
      written = true;
    } else {
      out += line;
    }
    if (line_number == header_end_line && !written) {
      out += "-- transactional: false\n";
      written = true;
    }
    start = end;
  }
  return out;
}

} // namespace

fs::path ScriptDirectory::choose_version_path(const NewRevision& revision) const {
  std::vector<fs::path> locations = m_settings.version_locations;
  if (locations.empty()) {
    locations.push_back(m_settings.script_location / "versions");
  }
  if (revision.version_path) {
    const fs::path wanted = normalized_absolute(*revision.version_path);
    std::error_code error;
    const fs::path wanted_real = fs::weakly_canonical(wanted, error);
    for (const fs::path& location : locations) {
      const fs::path normal = normalized_absolute(location);
      if (normal == wanted
          || (!wanted_real.empty() && fs::weakly_canonical(normal, error) == wanted_real)) {
        return normal;
      }
    }
    throw CommandError("Path " + revision.version_path->string()
                       + " is not represented in current version locations");
  }
  if (locations.size() == 1) {
    return normalized_absolute(locations.front());
  }
  // Alembic puts a revision next to its parent when there are several locations.
  for (const std::string& parent : revision.down_revisions) {
    const auto found = std::find_if(
        m_revisions.begin(), m_revisions.end(), [&](const Revision& r) { return r.id == parent; });
    if (found == m_revisions.end()) {
      continue;
    }
    for (const fs::path& location : locations) {
      if (is_inside(normalized_absolute(found->path), normalized_absolute(location))) {
        return normalized_absolute(location);
      }
    }
  }
  throw CommandError("Multiple version locations present, please specify --version-path");
}

fs::path ScriptDirectory::write_revision(const NewRevision& revision, const Timestamp& when) const {
  check_revision_id(revision.id);
  const fs::path directory = choose_version_path(revision);
  const std::string slug = slugify(revision.message, m_settings.truncate_slug_length);
  const fs::path target =
      directory
      / checked_file_name(render_file_template(m_settings.file_template, revision.id, slug, when)
                          + ".sql");

  const fs::path template_file = template_path();
  std::map<std::string, std::string> vars = {
      {"up_revision", revision.id},
      {"down_revision", util::join(revision.down_revisions, ", ")},
      {"branch_labels", util::join(revision.branch_labels, ", ")},
      {"depends_on", util::join(revision.depends_on, ", ")},
      {"message", revision.message.empty() ? "empty message" : one_line(revision.message)},
      {"create_date", when.to_string()},
      {"upgrades", revision.upgrades},
      {"downgrades", revision.downgrades},
      {"transactional", revision.transactional ? "true" : "false"},
  };
  for (const auto& [key, value] : revision.x_arguments) {
    vars["x." + key] = value;
  }
  std::string text = render_template(read_file(template_file), vars, template_file.string());

  // A broken template must not leave a file that makes every later command fail.
  const auto parse_rendered = [&] {
    try {
      return parse_revision_file(text, target);
    } catch (const ScriptError& error) {
      throw ScriptError(Location{template_file.string(), 0, 0},
                        std::string("renders an invalid revision file: ") + error.what());
    }
  };
  Revision parsed = parse_rendered();
  if (!revision.transactional && parsed.transactional) {
    text = with_transactional_false(text, parsed.header_end_line);
    parsed = parse_rendered();
  }
  expect_same("up_revision", {revision.id}, {parsed.id}, template_file);
  expect_same("down_revision", revision.down_revisions, parsed.down_revisions, template_file);
  if (!revision.branch_labels.empty() && parsed.branch_labels.empty()) {
    // Alembic's own check and text for templates that predate branch labels.
    throw CommandError("Version " + revision.id + " specified branch_labels "
                       + util::join(revision.branch_labels, ", ") + ", however the migration file "
                       + target.string()
                       + " does not have them; have you upgraded your script.sql.tmpl to include "
                         "the 'branch_labels' section?");
  }
  expect_same("branch_labels", revision.branch_labels, parsed.branch_labels, template_file);
  expect_same("depends_on", revision.depends_on, parsed.depends_on, template_file);

  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  if (error) {
    throw CommandError("Could not create directory " + target.parent_path().string() + ": "
                       + error.message());
  }
  write_new_file(target, text);
  return target;
}

} // namespace migrate::script
