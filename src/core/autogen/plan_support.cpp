// SPDX-License-Identifier: MIT
// Name and ordering helpers of the planner.
#include "planner.hpp"

#include <map>

namespace migrate::autogen::detail {

std::string literal(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::vector<std::string> split_qualified(std::string_view name) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (const char c : name) {
    if (c == '"') {
      quoted = !quoted; // a doubled "" toggles twice and stays inside
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  return parts;
}

std::string unquote(std::string_view identifier) {
  if (identifier.size() < 2 || identifier.front() != '"') {
    return std::string(identifier);
  }
  std::string out;
  const std::string_view inner = identifier.substr(1, identifier.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') {
      ++i;
    }
  }
  return out;
}

std::string last_part(std::string_view name) {
  return split_qualified(name).back();
}

std::string schema_prefix(std::string_view name) {
  return std::string(name.substr(0, name.size() - last_part(name).size()));
}

std::vector<std::string>
dependency_order(const std::set<std::string>& names,
                 const std::vector<std::pair<std::string, std::string>>& edges) {
  std::map<std::string, std::set<std::string>> waits_for; // name -> names it needs first
  std::map<std::string, std::set<std::string>> needed_by;
  for (const std::string& name : names) {
    waits_for[name];
  }
  for (const auto& [dependent, referenced] : edges) {
    if (dependent != referenced && names.contains(dependent) && names.contains(referenced)) {
      waits_for[dependent].insert(referenced);
      needed_by[referenced].insert(dependent);
    }
  }
  std::vector<std::string> order;
  std::set<std::string> done;
  while (order.size() < names.size()) {
    // The first ready name; with a cycle, the first name not yet placed.
    std::string next;
    for (const auto& [name, needs] : waits_for) {
      if (!done.contains(name) && needs.empty()) {
        next = name;
        break;
      }
    }
    if (next.empty()) {
      for (const auto& [name, needs] : waits_for) {
        if (!done.contains(name)) {
          next = name;
          break;
        }
      }
    }
    done.insert(next);
    order.push_back(next);
    for (const std::string& dependent : needed_by[next]) {
      waits_for[dependent].erase(next);
    }
  }
  return order;
}

} // namespace migrate::autogen::detail
