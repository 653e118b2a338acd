// SPDX-License-Identifier: MIT
// read_text_file: whole-file reads for the ini and TOML sources.
#include "file_text.hpp"

#include <migrate/error.hpp>

#include <fstream>
#include <sstream>

namespace migrate::config {

std::string read_text_file(const std::filesystem::path& path, const std::string& display) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw ConfigError(Location{display, 0, 0}, "config file not found");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    throw ConfigError(Location{display, 0, 0}, "cannot read config file");
  }
  return text.str();
}

} // namespace migrate::config
