// SPDX-License-Identifier: MIT
// Path lists and path resolution: path_separator, legacy splitting, relative-to-working-directory.
#pragma once

#include "main_section.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace migrate::config {

// The character a path_separator (or version_path_separator) setting names: "os" (':' here),
// ":", ";", "space" or "newline". Throws ConfigError "<where>: '<v>' is not a valid value for
// <key>; expected 'space', 'newline', 'os', ':', ';'".
char path_separator_char(const std::string& key, const Setting& setting);

// Splits a list of paths. With a separator, pieces are stripped and empty ones dropped. Without
// one (Alembic's legacy rule), it splits on ", *" or runs of spaces, and, unlike Alembic, also on
// newlines so an indented multi-line value works; empty pieces are dropped.
std::vector<std::string> split_paths(std::string_view value, std::optional<char> separator);

// `value` made absolute against `base` and normalized lexically, without a trailing separator.
std::filesystem::path absolute_from(const std::filesystem::path& base, const std::string& value);

} // namespace migrate::config
