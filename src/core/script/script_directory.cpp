// SPDX-License-Identifier: MIT
// Loading the script directory: finding revision files in the version locations and parsing them.
//
// Scan rules (Alembic >= 1.10, Script._list_py_dir):
//  1. Locations are visited in configured order; one that does not exist holds no revisions.
//  2. In each directory, files load in sorted filename order; with recursive_version_locations
//     the subdirectories follow, sorted, each walked depth-first the same way. "__pycache__"
//     and symbolic links to directories are not entered (os.walk does not follow links).
//  3. "*.sql" is parsed; "*.py" is an error except "__init__.py" (written by "init --package");
//     editor lock files (".#name") and anything else are ignored.
//  4. A file reached twice (same real path) is skipped with Alembic's warning.
#include "file_io.hpp"
#include "parse_files.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace migrate::script {

namespace fs = std::filesystem;

namespace {

// A revision file candidate found in a version location.
struct FoundFile {
  const OpenDirectory* directory; // where it is read from (by name)
  std::string name;
  std::string path;        // as reported in errors and Revision::path
  bool is_symlink = false; // resolved on its own when checking for files loaded twice
};

// The walk of one version location: directories stay open until its files are read.
struct LocationWalk {
  std::vector<std::unique_ptr<OpenDirectory>> directories;
  std::vector<FoundFile> files; // in load order
};

void collect_files(const fs::path& directory, bool recursive, LocationWalk& walk) {
  walk.directories.push_back(std::make_unique<OpenDirectory>(directory));
  const OpenDirectory& open = *walk.directories.back();
  std::vector<DirectoryEntry> entries = open.entries();
  // Sorted through pointers: swapping 10,000 entries' strings was most of the sort's cost.
  std::vector<DirectoryEntry*> sorted(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    sorted[i] = &entries[i];
  }
  std::sort(sorted.begin(), sorted.end(), [](const DirectoryEntry* a, const DirectoryEntry* b) {
    return a->name < b->name;
  });
  std::vector<std::string> subdirectories;
  for (DirectoryEntry* sorted_entry : sorted) {
    DirectoryEntry& entry = *sorted_entry;
    switch (entry.kind) {
    case DirectoryEntry::Kind::directory:
      if (entry.name != "__pycache__") {
        subdirectories.push_back(std::move(entry.name));
      }
      break;
    case DirectoryEntry::Kind::link_to_directory:
      break;
    default: {
      std::string path = directory.native() + '/' + entry.name;
      const bool is_symlink = entry.kind == DirectoryEntry::Kind::link_to_file;
      walk.files.push_back({&open, std::move(entry.name), std::move(path), is_symlink});
    }
    }
  }
  if (recursive) {
    for (const std::string& name : subdirectories) {
      collect_files(directory / name, recursive, walk);
    }
  }
}

enum class FileKind { revision, python, other };

FileKind kind_of(std::string_view name) {
  if (name.starts_with(".#")) {
    return FileKind::other;
  }
  // Python's splitext: a leading dot does not start an extension (".sql" has none).
  const std::size_t dot = name.rfind('.');
  const std::string_view extension =
      dot == std::string_view::npos || name.find_first_not_of('.') > dot ? std::string_view{}
                                                                         : name.substr(dot);
  if (extension == ".sql") {
    return FileKind::revision;
  }
  if (extension == ".py" && name != "__init__.py") {
    return FileKind::python;
  }
  return FileKind::other;
}

// Line of the "revision:" header, to point a duplicate-id error at it.
int revision_line(std::string_view text, int header_end_line) {
  int number = 1;
  std::size_t begin = 0;
  while (number <= header_end_line && begin < text.size()) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view line = text.substr(begin, end - begin);
    line.remove_prefix(std::min<std::size_t>(2, line.size())); // "--"
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      line.remove_prefix(1);
    }
    if (line.rfind("revision:", 0) == 0) {
      return number;
    }
    begin = end + 1;
    ++number;
  }
  return 0;
}

} // namespace

ScriptSettings ScriptSettings::from_config(const config::Config& config) {
  ScriptSettings settings;
  settings.script_location = config.script_location;
  settings.version_locations = config.version_locations;
  settings.recursive_version_locations = config.recursive_version_locations;
  settings.file_template = config.file_template;
  settings.timezone = config.timezone;
  settings.truncate_slug_length = config.truncate_slug_length;
  return settings;
}

fs::path ScriptDirectory::template_path() const {
  return m_settings.script_location / "script.sql.tmpl";
}

ScriptDirectory ScriptDirectory::load(const ScriptSettings& settings) {
  ScriptDirectory directory;
  directory.m_settings = settings;
  std::error_code error;
  if (!fs::exists(settings.script_location, error)) {
    throw CommandError("Path doesn't exist: " + settings.script_location.string()
                       + ".  Please use the 'init' command to create a new scripts folder.");
  }
  std::vector<fs::path>& locations = directory.m_settings.version_locations;
  if (locations.empty()) {
    locations.push_back(settings.script_location / "versions");
  }
  for (fs::path& location : locations) {
    location = normalized_absolute(location);
  }

  std::unordered_set<std::string> seen_files;
  std::unordered_map<std::string, std::size_t> by_id;
  for (const fs::path& location : locations) {
    if (!fs::exists(location, error)) {
      continue;
    }
    if (!fs::is_directory(location, error)) {
      throw ScriptError(Location{location.string(), 0, 0}, "version location is not a directory");
    }
    LocationWalk walk;
    collect_files(location, settings.recursive_version_locations, walk);
    // One canonical path per location instead of one per file: subdirectories reached by the
    // recursive walk are never symlinks, so location/relative is already the real path.
    std::error_code canonical_error;
    const fs::path real_location = fs::weakly_canonical(location, canonical_error);
    // First what needs no reading, in file order; a Python file fails in its place in that
    // order, after the revision files before it.
    std::vector<ParseJob> jobs;
    std::optional<std::string> python_file; // the first one: the files before it are read
    for (FoundFile& found : walk.files) {
      const FileKind kind = kind_of(found.name);
      if (kind == FileKind::other) {
        continue;
      }
      if (kind == FileKind::python) {
        python_file = std::move(found.path);
        break;
      }
      // Every file's path starts with its location's, as collect_files built it.
      std::error_code ignored;
      std::string real = found.is_symlink || real_location.empty()
                             ? fs::weakly_canonical(found.path, ignored).native()
                             : real_location.native() + found.path.substr(location.native().size());
      if (real.empty()) {
        real = found.path;
      }
      if (!seen_files.insert(real).second) {
        directory.m_warnings.push_back("File " + real
                                       + " loaded twice! ignoring. Please ensure "
                                         "version_locations is unique.");
        continue;
      }
      jobs.push_back({found.directory, std::move(found.name), std::move(found.path)});
    }
    std::vector<ParseResult> results = parse_files(jobs);
    directory.m_revisions.reserve(directory.m_revisions.size() + results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i].error) {
        std::rethrow_exception(results[i].error);
      }
      Revision& revision = *results[i].revision;
      const auto [previous, inserted] = by_id.emplace(revision.id, directory.m_revisions.size());
      if (!inserted) {
        // The file is read again for the line: only this error needs its text.
        const int line = revision_line(read_file(revision.path), revision.header_end_line);
        throw ScriptError(Location{revision.path, line, 0},
                          "duplicate revision id '" + revision.id + "' (also in "
                              + directory.m_revisions[previous->second].path + ")");
      }
      directory.m_revisions.push_back(std::move(revision));
    }
    if (python_file) {
      throw ScriptError(Location{*python_file, 0, 0},
                        "Python revision files are not run by migrate; convert them with migrate "
                        "convert-alembic (docs/moving-from-alembic.md)");
    }
  }
  return directory;
}

std::string_view section_text(std::string_view file_text, const SqlSection& section) {
  return file_text.substr(std::min(section.offset, file_text.size()), section.length);
}

SectionText read_section(const Revision& revision, const SqlSection& section) {
  if (revision.text) {
    return SectionText{std::string(section_text(*revision.text, section)), section.first_line};
  }
  return SectionText{read_range(revision.path, revision.stamp, section.offset, section.length),
                     section.first_line};
}

} // namespace migrate::script
