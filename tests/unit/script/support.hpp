// SPDX-License-Identifier: MIT
// Helpers for the script-area tests: a throwaway directory and the text of an expected error.
#pragma once

#include <migrate/error.hpp>
#include <migrate/script.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace script_test {

// A fresh directory under $TMPDIR, removed with everything in it at the end of the test.
class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "migrate-script-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }

  // Writes `content` to path()/relative, creating parent directories.
  std::filesystem::path write(const std::string& relative, const std::string& content) const {
    const std::filesystem::path file = m_path / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << content;
    return file;
  }

private:
  std::filesystem::path m_path;
};

inline std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A minimal valid revision file.
inline std::string revision_text(const std::string& id,
                                 const std::string& down = "",
                                 const std::string& extra_header = "") {
  return "-- message: rev " + id + "\n-- revision: " + id + "\n-- down_revision: " + down + "\n"
         + extra_header + "\n-- migrate:upgrade\nSELECT 1;\n\n-- migrate:downgrade\nSELECT 2;\n";
}

} // namespace script_test
