// SPDX-License-Identifier: MIT
// Message formatting shared by the error hierarchy.
#include <migrate/error.hpp>

namespace migrate {

std::string Location::prefix() const {
  if (file.empty()) {
    return {};
  }
  std::string out = file + ":";
  if (line > 0) {
    out += std::to_string(line) + ":";
    if (column > 0) {
      out += std::to_string(column) + ":";
    }
  }
  return out;
}

ConfigError::ConfigError(const Location& where, const std::string& message)
    : Error(where.prefix().empty() ? message : where.prefix() + " " + message) {}

ScriptError::ScriptError(const Location& where, const std::string& message)
    : Error(where.prefix().empty() ? message : where.prefix() + " " + message), m_location(where) {}

} // namespace migrate
