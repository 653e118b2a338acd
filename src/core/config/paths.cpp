// SPDX-License-Identifier: MIT
// version_locations splitting (Config.get_version_locations_list) and path resolution.
#include "paths.hpp"

#include "py_text.hpp"

#include <migrate/util/strings.hpp>

namespace migrate::config {

char path_separator_char(const std::string& key, const Setting& setting) {
  const std::string& name = setting.value;
  if (name == "space") {
    return ' ';
  }
  if (name == "newline") {
    return '\n';
  }
  if (name == "os" || name == ":") {
    return ':'; // os.pathsep on POSIX
  }
  if (name == ";") {
    return ';';
  }
  throw ConfigError(setting.where,
                    "'" + name + "' is not a valid value for " + key
                        + "; expected 'space', 'newline', 'os', ':', ';'");
}

std::vector<std::string> split_paths(std::string_view value, std::optional<char> separator) {
  std::vector<std::string> paths;
  if (separator) {
    for (const std::string& piece : util::split(value, *separator)) {
      const std::string_view path = py_strip(piece);
      if (!path.empty()) {
        paths.emplace_back(path);
      }
    }
    return paths;
  }
  std::string current;
  for (const char c : value) {
    if (c == ',' || c == ' ' || c == '\n') {
      if (!current.empty()) {
        paths.push_back(std::move(current));
        current.clear();
      }
    } else {
      current += c;
    }
  }
  if (!current.empty()) {
    paths.push_back(std::move(current));
  }
  return paths;
}

std::filesystem::path absolute_from(const std::filesystem::path& base, const std::string& value) {
  const std::filesystem::path given(value);
  std::filesystem::path result = (given.is_absolute() ? given : base / given).lexically_normal();
  if (!result.has_filename() && result.has_relative_path()) {
    result = result.parent_path();
  }
  return result;
}

} // namespace migrate::config
