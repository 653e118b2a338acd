// SPDX-License-Identifier: MIT
// A plan as a revision body and as warnings; rename hints from the command line.
#include <migrate/autogen.hpp>
#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::autogen {

std::string Plan::render() const {
  std::string out;
  for (const Statement& statement : statements) {
    if (statement.destructive) {
      out += "-- destructive: " + *statement.destructive + "\n";
    }
    out += statement.sql + ";\n";
  }
  if (!out.empty()) {
    out.pop_back(); // the template puts its own newline after the body
  }
  return out;
}

std::vector<std::string> Plan::warnings() const {
  std::vector<std::string> out;
  for (const Statement& statement : statements) {
    if (statement.destructive) {
      out.push_back(*statement.destructive);
    }
  }
  return out;
}

Rename parse_rename(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()
      || text.find('=', equals + 1) != std::string::npos
      || text.find('.', equals) != std::string::npos) {
    throw UsageError("invalid --rename '" + text
                     + "': expected OLD=NEW, e.g. users.username=login or orders=purchases");
  }
  return Rename{std::string(util::trim(text.substr(0, equals))),
                std::string(util::trim(text.substr(equals + 1)))};
}

std::vector<Rename> inverted(const std::vector<Rename>& renames) {
  std::vector<Rename> out;
  for (const Rename& rename : renames) {
    const std::size_t dot = rename.old_name.rfind('.');
    const std::string prefix = dot == std::string::npos ? "" : rename.old_name.substr(0, dot + 1);
    const std::string last =
        dot == std::string::npos ? rename.old_name : rename.old_name.substr(dot + 1);
    out.push_back(Rename{prefix + rename.new_name, last});
  }
  return out;
}

} // namespace migrate::autogen
