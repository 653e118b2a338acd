// SPDX-License-Identifier: MIT
// The merged main section: ini [alembic] (or -n) first, then pyproject.toml [tool.alembic], per
// key.
#pragma once

#include "toml_source.hpp"

#include <migrate/config.hpp>

#include <optional>
#include <string>

namespace migrate::config {

// A setting's value and where it was written.
struct Setting {
  std::string value;
  Location where;
};

// Typed reads of one key, the way Alembic's get_alembic_option does: the ini wins when its main
// section has the key (its [DEFAULT] keys count, as in ConfigParser), else TOML. Bad values throw
// ConfigError "<where>: invalid value for '<key>': '<value>' (expected <what>)".
class MainSection {
public:
  MainSection(const IniFile* ini, std::string section, const TomlSource* toml);

  bool ini_has(const std::string& key) const;
  // The ini or [tool.alembic] has the key.
  bool has(const std::string& key) const { return ini_has(key) || toml_value(key) != nullptr; }
  // The ini's value only (keys Alembic never reads from TOML, such as sqlalchemy.url).
  std::optional<Setting> ini_string(const std::string& key) const;
  // A string; a TOML integer counts as its decimal text.
  std::optional<Setting> string(const std::string& key) const;
  // Alembic's get_alembic_boolean_option: ini exactly "true"; TOML must be a boolean.
  bool alembic_flag(const std::string& key) const;
  // asbool in the ini; a TOML boolean.
  std::optional<bool> boolean(const std::string& key) const;
  // A non-negative integer (ini text or TOML integer or string).
  std::optional<int> count(const std::string& key) const;
  // Seconds (see parse_duration); TOML may also give a number.
  std::optional<double> duration(const std::string& key) const;
  // A TOML array of strings, each interpolated; only consulted when the ini lacks the key.
  std::optional<std::vector<Setting>> toml_list(const std::string& key) const;

  // Every key of both sources as text (ini first); keys whose value cannot be read as text
  // (bad interpolation, TOML arrays and tables) are left out.
  std::map<std::string, std::string> all_text() const;

  const std::string& section() const { return m_section; }

private:
  [[noreturn]] void invalid(const std::string& key,
                            const Location& where,
                            const std::string& value,
                            const std::string& expected) const;
  const TomlValue* toml_value(const std::string& key) const;

  const IniFile* m_ini;
  std::string m_section;
  const TomlSource* m_toml;
};

} // namespace migrate::config
