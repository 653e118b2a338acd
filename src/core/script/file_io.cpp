// SPDX-License-Identifier: MIT
// Whole-file reads and exclusive writes for the script directory, with errors as Error classes.
#include "file_io.hpp"

#include <migrate/error.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace migrate::script {

namespace {

std::string reason(int error) {
  return std::strerror(error);
}

[[noreturn]] void cannot_read(const std::filesystem::path& path, const std::string& why) {
  throw ScriptError(Location{path.string(), 0, 0}, "cannot read file: " + why);
}

FileStamp stamp_of(const struct stat& status) {
  return FileStamp{static_cast<std::uint64_t>(status.st_size),
                   status.st_mtim.tv_sec * 1'000'000'000LL + status.st_mtim.tv_nsec,
                   status.st_ctim.tv_sec * 1'000'000'000LL + status.st_ctim.tv_nsec};
}

// Closes on every path out of a read.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  ~FileDescriptor() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
};

// Reads up to `length` bytes at `offset` of a regular file into `out` (resized to what was read).
// A read of a regular file returns less than asked only where the file ends (POSIX), so a short
// read ends the loop without one more call to see end-of-file. -1 with errno set on failure.
ssize_t read_at(int fd, std::size_t offset, std::size_t length, std::string& out) {
  out.resize(length);
  std::size_t done = 0;
  while (done < length) {
    const std::size_t asked = length - done;
    const ssize_t got = ::pread(fd, out.data() + done, asked, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return -1;
    }
    done += static_cast<std::size_t>(got);
    if (static_cast<std::size_t>(got) < asked) {
      break;
    }
  }
  out.resize(done);
  return static_cast<ssize_t>(done);
}

DirectoryEntry::Kind kind_of(int directory_fd, const char* name, unsigned char type) {
  using Kind = DirectoryEntry::Kind;
  if (type == DT_UNKNOWN) {
    struct stat status {};
    if (::fstatat(directory_fd, name, &status, AT_SYMLINK_NOFOLLOW) != 0) {
      return Kind::other;
    }
    type = S_ISLNK(status.st_mode) ? DT_LNK : S_ISDIR(status.st_mode) ? DT_DIR : DT_REG;
  }
  if (type == DT_DIR) {
    return Kind::directory;
  }
  if (type == DT_LNK) {
    // As os.walk: a link to a directory is not entered; a link to anything else is a file.
    struct stat target {};
    const bool is_directory =
        ::fstatat(directory_fd, name, &target, 0) == 0 && S_ISDIR(target.st_mode);
    return is_directory ? Kind::link_to_directory : Kind::link_to_file;
  }
  return Kind::file;
}

} // namespace

OpenDirectory::OpenDirectory(const std::filesystem::path& path)
    : m_path(path), m_fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
  if (m_fd < 0) {
    throw ScriptError(Location{path.string(), 0, 0}, "cannot list directory: " + reason(errno));
  }
}

OpenDirectory::~OpenDirectory() {
  ::close(m_fd);
}

std::vector<DirectoryEntry> OpenDirectory::entries() const {
  // fdopendir takes over the descriptor it is given, so it gets a duplicate.
  const int listing_fd = ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
  DIR* listing = listing_fd < 0 ? nullptr : ::fdopendir(listing_fd);
  if (listing == nullptr) {
    const int saved = errno;
    if (listing_fd >= 0) {
      ::close(listing_fd);
    }
    throw ScriptError(Location{m_path.string(), 0, 0}, "cannot list directory: " + reason(saved));
  }
  ::rewinddir(listing);
  std::vector<DirectoryEntry> out;
  errno = 0;
  while (const struct dirent* entry = ::readdir(listing)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      out.push_back({std::string(name), kind_of(m_fd, entry->d_name, entry->d_type)});
    }
    errno = 0;
  }
  const int saved = errno;
  ::closedir(listing);
  if (saved != 0) {
    throw ScriptError(Location{m_path.string(), 0, 0}, "cannot list directory: " + reason(saved));
  }
  return out;
}

FileStamp OpenDirectory::read(const std::string& name, std::string& buffer) const {
  const auto path = [&] { return m_path / name; }; // only for messages: built when one is needed
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const FileDescriptor file(::openat(m_fd, name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0) {
    cannot_read(path(), reason(errno));
  }
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) {
    cannot_read(path(), reason(errno));
  }
  if (!S_ISREG(status.st_mode)) {
    cannot_read(path(), "not a regular file");
  }
  // One byte more than the size, so a file that grew since fstat is noticed without a second
  // read in the common case.
  const auto size = static_cast<std::size_t>(status.st_size);
  if (read_at(file.get(), 0, size + 1, buffer) < 0) {
    cannot_read(path(), reason(errno));
  }
  if (buffer.size() != size) {
    cannot_read(path(), "it changed while it was read; run the command again");
  }
  return stamp_of(status);
}

std::string read_range(const std::filesystem::path& path,
                       const FileStamp& stamp,
                       std::size_t offset,
                       std::size_t length) {
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0) {
    cannot_read(path, reason(errno));
  }
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) {
    cannot_read(path, reason(errno));
  }
  if (!S_ISREG(status.st_mode) || stamp_of(status) != stamp) {
    throw ScriptError(Location{path.string(), 0, 0},
                      "the file changed after migrate read it; run the command again");
  }
  std::string text;
  if (read_at(file.get(), offset, length, text) < 0) {
    cannot_read(path, reason(errno));
  }
  if (text.size() != length) {
    throw ScriptError(Location{path.string(), 0, 0},
                      "the file changed after migrate read it; run the command again");
  }
  return text;
}

std::string read_file(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0) {
    cannot_read(path, reason(errno));
  }
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) {
    cannot_read(path, reason(errno));
  }
  if (!S_ISREG(status.st_mode)) {
    cannot_read(path, "not a regular file");
  }
  // One byte more than the size: a file that grew since fstat is read on to its end.
  std::string content;
  std::string chunk;
  std::size_t wanted = static_cast<std::size_t>(status.st_size) + 1;
  while (true) {
    if (read_at(file.get(), content.size(), wanted, chunk) < 0) {
      cannot_read(path, reason(errno));
    }
    content += chunk;
    if (chunk.size() < wanted) {
      return content;
    }
    wanted = 65536;
  }
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
