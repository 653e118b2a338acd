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
#include "script/file_io.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>

#include <algorithm>
#include <set>

namespace migrate::script {

namespace fs = std::filesystem;

namespace {

// A file found in a version location; a symlinked file is resolved on its own when checking for
// files loaded twice, any other file through its location's canonical path.
struct FoundFile {
  fs::path path;
  bool is_symlink = false;
};

void collect_files(const fs::path& directory, bool recursive, std::vector<FoundFile>& out) {
  std::vector<FoundFile> files;
  std::vector<fs::path> directories;
  std::error_code error;
  fs::directory_iterator it(directory, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const fs::directory_entry& entry = *it;
    std::error_code ignored;
    if (entry.is_symlink(ignored)) {
      if (!fs::is_directory(entry.path(), ignored)) {
        files.push_back({entry.path(), true});
      }
    } else if (entry.is_directory(ignored)) {
      if (entry.path().filename() != "__pycache__") {
        directories.push_back(entry.path());
      }
    } else {
      files.push_back({entry.path(), false});
    }
  }
  if (error) {
    throw ScriptError(Location{directory.string(), 0, 0},
                      "cannot list directory: " + error.message());
  }
  const auto by_name = [](const fs::path& a, const fs::path& b) {
    return a.filename().native() < b.filename().native();
  };
  std::sort(files.begin(), files.end(), [&](const FoundFile& a, const FoundFile& b) {
    return by_name(a.path, b.path);
  });
  out.insert(out.end(), files.begin(), files.end());
  if (recursive) {
    std::sort(directories.begin(), directories.end(), by_name);
    for (const fs::path& child : directories) {
      collect_files(child, recursive, out);
    }
  }
}

enum class FileKind { revision, python, other };

FileKind kind_of(const fs::path& file) {
  const std::string name = file.filename().string();
  if (name.rfind(".#", 0) == 0) {
    return FileKind::other;
  }
  const std::string extension = file.extension().string();
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

  std::set<fs::path> seen_files;
  std::map<std::string, std::size_t> by_id;
  for (const fs::path& location : locations) {
    if (!fs::exists(location, error)) {
      continue;
    }
    if (!fs::is_directory(location, error)) {
      throw ScriptError(Location{location.string(), 0, 0}, "version location is not a directory");
    }
    std::vector<FoundFile> files;
    collect_files(location, settings.recursive_version_locations, files);
    // One canonical path per location instead of one per file: subdirectories reached by the
    // recursive walk are never symlinks, so location/relative is already the real path.
    std::error_code canonical_error;
    const fs::path real_location = fs::weakly_canonical(location, canonical_error);
    for (const FoundFile& found : files) {
      const fs::path& file = found.path;
      const FileKind kind = kind_of(file);
      if (kind == FileKind::other) {
        continue;
      }
      if (kind == FileKind::python) {
        throw ScriptError(Location{file.string(), 0, 0},
                          "Python revision files are not run by migrate; convert it to SQL");
      }
      std::error_code ignored;
      const fs::path real = found.is_symlink || real_location.empty()
                                ? fs::weakly_canonical(file, ignored)
                                : real_location / file.lexically_relative(location);
      if (!seen_files.insert(real.empty() ? file : real).second) {
        directory.m_warnings.push_back("File " + real.string()
                                       + " loaded twice! ignoring. Please ensure "
                                         "version_locations is unique.");
        continue;
      }
      const std::string text = read_file(file);
      Revision revision = parse_revision_file(text, file);
      const auto [previous, inserted] = by_id.emplace(revision.id, directory.m_revisions.size());
      if (!inserted) {
        throw ScriptError(Location{file.string(), revision_line(text, revision.header_end_line), 0},
                          "duplicate revision id '" + revision.id + "' (also in "
                              + directory.m_revisions[previous->second].path.string() + ")");
      }
      directory.m_revisions.push_back(std::move(revision));
    }
  }
  return directory;
}

} // namespace migrate::script
