// SPDX-License-Identifier: MIT
// pyproject.toml's [tool.alembic] table, converted out of toml++'s types (which stay private here).
#pragma once

#include <migrate/error.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::config {

struct TomlTable;

// One value of [tool.alembic]. Strings are raw: interpolate() expands them when they are used,
// so a bad '%' only matters for keys someone reads (as in Alembic).
struct TomlValue {
  enum class Kind { string, integer, floating, boolean, string_list, table_list, other };
  Kind kind = Kind::other;
  std::string text;                 // string: the raw value
  std::int64_t integer = 0;         // integer
  double floating = 0;              // floating
  bool boolean = false;             // boolean
  std::vector<std::string> strings; // string_list: raw members
  std::vector<TomlTable> tables;    // table_list: an array of tables
  std::string type_name;            // "float", "date", "array"... for messages
  std::string rendered;             // the value as TOML text, for messages
  Location where;                   // file:line:column
};

struct TomlTable {
  Location where;
  std::vector<std::pair<std::string, TomlValue>> entries; // in file order
};

struct TomlSource {
  std::filesystem::path path; // absolute
  std::string here;           // directory of the file, '/'-separated
  std::map<std::string, TomlValue> values;

  const TomlValue* find(const std::string& key) const;
  // Expands "%(here)s" and "%%" in a raw string of `key` (Python's `value % {"here": ...}`).
  std::string
  interpolate(const std::string& raw, const std::string& key, const Location& where) const;
};

// Throws ConfigError "<where>: invalid value for '<key>': <value as TOML> (expected <expected>)".
[[noreturn]] void
throw_invalid_toml(const std::string& key, const TomlValue& value, const std::string& expected);

// Parses the text of `path` (absolute; `display` names it in messages). nullopt when it has no
// [tool.alembic] table. Throws ConfigError: "<display>:<line>:<col>: <toml++'s description>" for
// a syntax error, "<display>:<line>:<col>: Incorrect TOML format" when tool.alembic is not a table.
std::optional<TomlSource> parse_toml_source(std::string_view text,
                                            const std::filesystem::path& path,
                                            const std::string& display);

} // namespace migrate::config
