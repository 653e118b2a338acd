// SPDX-License-Identifier: MIT
// Reading a whole configuration file into memory, with errors in our hierarchy.
#pragma once

#include <filesystem>
#include <string>

namespace migrate::config {

// The file's bytes. Throws ConfigError "<display>: config file not found" when it is not a
// regular file and "<display>: cannot read config file" when it cannot be opened.
std::string read_text_file(const std::filesystem::path& path, const std::string& display);

} // namespace migrate::config
