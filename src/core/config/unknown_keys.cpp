// SPDX-License-Identifier: MIT
// Warnings for main-section keys the key table does not know. Alembic ignores them silently, so a
// misspelt safety setting (lock_timout) would quietly not apply; the warning names the key.
#include "keys.hpp"

#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::config {

namespace {

struct Unknown {
  Location where;
  std::string key;
  std::string section;
};

std::string warning_for(const Unknown& unknown, const std::vector<std::string>& known) {
  std::string text =
      unknown.where.prefix() + " unknown key '" + unknown.key + "' in [" + unknown.section + "]; ";
  const std::string suggestion = util::closest_match(unknown.key, known);
  return text
         + (suggestion.empty() ? "migrate does not use it" : "did you mean '" + suggestion + "'?");
}

} // namespace

std::vector<std::string>
unknown_key_warnings(const IniFile* ini, const std::string& section, const TomlSource* toml) {
  std::vector<Unknown> unknown;
  if (const IniSection* main = ini == nullptr ? nullptr : ini->section(section)) {
    for (const auto& [key, value] : main->entries) {
      if (find_key(key) == nullptr) {
        unknown.push_back({ini->location(section, key), key, section});
      }
    }
  }
  if (toml != nullptr) {
    std::vector<Unknown> from_toml;
    for (const auto& [key, value] : toml->values) {
      if (find_key(key) == nullptr) {
        from_toml.push_back({value.where, key, "tool.alembic"});
      }
    }
    // TOML values come keyed by name; warn in file order, as for the ini.
    std::sort(from_toml.begin(), from_toml.end(), [](const Unknown& a, const Unknown& b) {
      return a.where.line < b.where.line;
    });
    unknown.insert(unknown.end(), from_toml.begin(), from_toml.end());
  }
  std::vector<std::string> known;
  for (const Key& key : keys()) {
    known.emplace_back(key.name);
  }
  std::vector<std::string> warnings;
  for (const Unknown& key : unknown) {
    warnings.push_back(warning_for(key, known));
  }
  return warnings;
}

} // namespace migrate::config
