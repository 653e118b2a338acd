// SPDX-License-Identifier: MIT
// Whole-file reads and exclusive writes for the script directory, with errors as Error classes.
#pragma once

#include <migrate/revision.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::script {

// An entry of a version location, as the directory listing reports it (lstat only where the
// file system does not say).
struct DirectoryEntry {
  enum class Kind { file, directory, link_to_file, link_to_directory, other };
  std::string name;
  Kind kind = Kind::other;
};

// An open directory whose files are read by name: listing and reading thousands of revision
// files is the start-up cost of every command, so this keeps it to one open, one fstat, one
// read and one close per file, without walking the directory's path again for each.
class OpenDirectory {
public:
  // ScriptError "<path>: cannot list directory: <reason>" when it cannot be opened.
  explicit OpenDirectory(const std::filesystem::path& path);
  ~OpenDirectory();
  OpenDirectory(const OpenDirectory&) = delete;
  OpenDirectory& operator=(const OpenDirectory&) = delete;

  // Every entry but "." and "..", in no particular order.
  std::vector<DirectoryEntry> entries() const;
  // Reads the file `name` into `buffer` (reused between calls, so its capacity is not allocated
  // again per file) and returns its stamp. ScriptError "<path>/<name>: cannot read file: ..." when
  // it cannot be read or is not a regular file (a FIFO is not waited on).
  FileStamp read(const std::string& name, std::string& buffer) const;

private:
  std::filesystem::path m_path;
  int m_fd = -1;
};

// Bytes [offset, offset + length) of `path`, provided the file still has `stamp`; ScriptError
// naming the file when it changed since (edited while migrate runs) or cannot be read.
std::string read_range(const std::filesystem::path& path,
                       const FileStamp& stamp,
                       std::size_t offset,
                       std::size_t length);

// Creates `path` (which must not exist) with `content`. CommandError when it exists already or
// cannot be written; a partly written file is removed.
void write_new_file(const std::filesystem::path& path, std::string_view content);

// absolute(path).lexically_normal() without a trailing separator, for comparing locations.
std::filesystem::path normalized_absolute(const std::filesystem::path& path);

} // namespace migrate::script
