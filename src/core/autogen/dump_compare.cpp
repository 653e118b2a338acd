// SPDX-License-Identifier: MIT
// The whole-schema check behind autogenerate and `check`: two `pg_dump --schema-only` texts
// compared as sets of objects, independently of what the planner models (docs/autogenerate.md,
// "The whole-schema check").
#include <migrate/autogen.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <map>

namespace migrate::autogen {

namespace {

// Lines that say nothing about the schema: pg_dump's comments and blank lines, its session
// settings, and psql meta-commands (\restrict carries a random key).
bool is_noise(std::string_view line) {
  return line.empty() || line.starts_with("--") || line.starts_with("SET ")
         || line.starts_with("SELECT pg_catalog.set_config(") || line.starts_with("\\");
}

std::string without_trailing_comma(std::string line) {
  while (!line.empty() && (line.back() == ',' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

// "WITH (b='2', a='1')" -> "WITH (a='1', b='2')": storage parameters are kept in the order
// they were set, which is history, not schema.
std::string with_sorted_options(const std::string& line) {
  const std::size_t open = line.find("WITH (");
  if (open == std::string::npos) {
    return line;
  }
  std::vector<std::string> items(1);
  bool quoted = false;
  std::size_t at = open + 6;
  for (; at < line.size(); ++at) {
    const char c = line[at];
    if (c == '\'') {
      quoted = !quoted;
    } else if (!quoted && c == ')') {
      break;
    } else if (!quoted && c == ',') {
      items.emplace_back();
      continue;
    }
    items.back() += c;
  }
  if (at == line.size()) {
    return line;
  }
  for (std::string& item : items) {
    item = std::string(util::trim(item));
  }
  std::sort(items.begin(), items.end());
  return line.substr(0, open + 6) + util::join(items, ", ") + line.substr(at);
}

// One object's statements as one line. A table's column lines are sorted, so column order
// (which a revision cannot change without rebuilding the table) is not a difference.
std::string object_line(std::vector<std::string> lines) {
  const bool table =
      !lines.empty()
      && (lines[0].starts_with("CREATE TABLE ") || lines[0].starts_with("CREATE UNLOGGED TABLE "));
  if (table && lines.size() > 2) {
    const auto close = std::find_if(lines.begin() + 1, lines.end(), [](const std::string& line) {
      return line.starts_with(")");
    });
    for (auto line = lines.begin() + 1; line != close; ++line) {
      *line = without_trailing_comma(*line);
    }
    std::sort(lines.begin() + 1, close);
  }
  std::string joined;
  for (const std::string& line : lines) {
    joined += " " + with_sorted_options(line);
  }
  return util::collapse_spaces(joined);
}

// The objects of a dump: pg_dump starts each with a comment block, so the lines between two
// comment blocks are one object's statements.
std::map<std::string, int> objects_of(std::string_view dump) {
  std::map<std::string, int> objects;
  std::vector<std::string> current;
  const auto flush = [&] {
    if (!current.empty()) {
      ++objects[object_line(std::move(current))];
      current.clear();
    }
  };
  for (const std::string& raw : util::split(dump, '\n')) {
    std::string line = raw;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.starts_with("--")) {
      flush();
      continue;
    }
    if (!is_noise(line)) {
      current.push_back(line);
    }
  }
  flush();
  return objects;
}

} // namespace

std::string schema_file_from_dump(std::string_view dump) {
  std::string out;
  for (const std::string& line : util::split(dump, '\n')) {
    if (line.starts_with("\\") || line.starts_with("-- Dumped from database version")
        || line.starts_with("-- Dumped by pg_dump version")) {
      continue;
    }
    if (line.empty() && (out.empty() || out.ends_with("\n\n"))) {
      continue; // one blank line where a dropped line leaves several
    }
    out += line + "\n";
  }
  while (out.size() >= 2 && out.ends_with("\n\n")) {
    out.pop_back();
  }
  return out;
}

std::vector<std::string> compare_schema_dumps(std::string_view expected, std::string_view actual) {
  const std::map<std::string, int> want = objects_of(expected);
  const std::map<std::string, int> have = objects_of(actual);
  std::vector<std::string> lines;
  for (const auto& [object, count] : want) {
    const auto found = have.find(object);
    for (int i = found == have.end() ? 0 : found->second; i < count; ++i) {
      lines.push_back("- " + object);
    }
  }
  for (const auto& [object, count] : have) {
    const auto found = want.find(object);
    for (int i = found == want.end() ? 0 : found->second; i < count; ++i) {
      lines.push_back("+ " + object);
    }
  }
  return lines;
}

std::string listed_differences(const std::vector<std::string>& lines) {
  constexpr std::size_t k_shown = 20;
  std::string listed;
  for (std::size_t i = 0; i < lines.size() && i < k_shown; ++i) {
    listed += "\n  " + (lines[i].size() > 300 ? lines[i].substr(0, 300) + "..." : lines[i]);
  }
  if (lines.size() > k_shown) {
    listed += "\n  ... and " + std::to_string(lines.size() - k_shown) + " more";
  }
  return listed;
}

} // namespace migrate::autogen
