// SPDX-License-Identifier: MIT
// Whole-file reads and exclusive writes for the script directory, with errors as Error classes.
#include "script/file_io.hpp"

#include <migrate/error.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace migrate::script {

namespace {

std::string reason(int error) {
  return std::strerror(error);
}

} // namespace

std::string read_file(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
    throw ScriptError(Location{path.string(), 0, 0}, "cannot read file: not a regular file");
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw ScriptError(Location{path.string(), 0, 0}, "cannot read file: " + reason(errno));
  }
  std::string content;
  char buffer[65536];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      const int saved = errno;
      ::close(fd);
      throw ScriptError(Location{path.string(), 0, 0}, "cannot read file: " + reason(saved));
    }
    if (got == 0) {
      break;
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return content;
}

void write_new_file(const std::filesystem::path& path, std::string_view content) {
  // O_EXCL: refusing to overwrite must hold even if another process creates the file meanwhile.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == EEXIST) {
      throw CommandError("File " + path.string() + " already exists; refusing to overwrite it");
    }
    throw CommandError("Could not write " + path.string() + ": " + reason(errno));
  }
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t done = ::write(fd, content.data() + written, content.size() - written);
    if (done < 0 && errno == EINTR) {
      continue;
    }
    if (done < 0) {
      const int saved = errno;
      ::close(fd);
      ::unlink(path.c_str());
      throw CommandError("Could not write " + path.string() + ": " + reason(saved));
    }
    written += static_cast<std::size_t>(done);
  }
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(path.c_str());
    throw CommandError("Could not write " + path.string() + ": " + reason(saved));
  }
}

std::filesystem::path normalized_absolute(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::path out = std::filesystem::absolute(path, error).lexically_normal();
  if (error) {
    out = path.lexically_normal();
  }
  if (!out.has_filename() && out.has_parent_path() && out != out.root_path()) {
    out = out.parent_path();
  }
  return out;
}

} // namespace migrate::script
