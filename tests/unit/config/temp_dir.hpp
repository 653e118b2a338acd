// SPDX-License-Identifier: MIT
// A unique temporary directory for a test, removed afterwards, with a helper to write files in it.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace migrate::test {

class TempDir {
public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    const std::string name = "migrate-config-" + std::to_string(::getpid()) + "-"
                             + std::to_string(counter++) + "-" + std::to_string(random());
    m_path = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // The directory as ConfigParser's %(here)s shows it.
  std::string here() const { return m_path.generic_string(); }

  // Writes text to a file relative to the directory (parents created); returns its path.
  std::filesystem::path write(const std::string& relative, std::string_view text) const {
    const std::filesystem::path file = m_path / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    return file;
  }

private:
  std::filesystem::path m_path;
};

} // namespace migrate::test
