// SPDX-License-Identifier: MIT
// Typed, merged reads of main-section keys (ini first, then [tool.alembic]).
#include "main_section.hpp"

#include <migrate/util/strings.hpp>

#include <charconv>
#include <limits>

namespace migrate::config {

namespace {

std::optional<int> parse_count(std::string_view text) {
  text = util::trim(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

[[noreturn]] void expect_boolean(const std::string& key, const TomlValue& value) {
  throw ConfigError(value.where, "boolean value expected for TOML parameter '" + key + "'");
}

} // namespace

MainSection::MainSection(const IniFile* ini, std::string section, const TomlSource* toml)
    : m_ini(ini), m_section(std::move(section)), m_toml(toml) {}

void MainSection::invalid(const std::string& key,
                          const Location& where,
                          const std::string& value,
                          const std::string& expected) const {
  throw ConfigError(where,
                    "invalid value for '" + key + "': '" + value + "' (expected " + expected + ")");
}

bool MainSection::ini_has(const std::string& key) const {
  return m_ini != nullptr && m_ini->has_option(m_section, key);
}

const TomlValue* MainSection::toml_value(const std::string& key) const {
  return m_toml == nullptr ? nullptr : m_toml->find(key);
}

std::optional<Setting> MainSection::ini_string(const std::string& key) const {
  if (!ini_has(key)) {
    return std::nullopt;
  }
  return Setting{*m_ini->get(m_section, key), m_ini->location(m_section, key)};
}

std::optional<Setting> MainSection::string(const std::string& key) const {
  if (ini_has(key)) {
    return ini_string(key);
  }
  const TomlValue* value = toml_value(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  switch (value->kind) {
  case TomlValue::Kind::string:
    return Setting{m_toml->interpolate(value->text, key, value->where), value->where};
  case TomlValue::Kind::integer:
    return Setting{std::to_string(value->integer), value->where};
  case TomlValue::Kind::floating:
  case TomlValue::Kind::other:
    throw ConfigError(value->where, "unsupported TOML value type for key: '" + key + "'");
  default:
    throw_invalid_toml(key, *value, "a string");
  }
}

bool MainSection::alembic_flag(const std::string& key) const {
  if (ini_has(key)) {
    return *m_ini->get(m_section, key) == "true";
  }
  const TomlValue* value = toml_value(key);
  if (value == nullptr) {
    return false;
  }
  if (value->kind != TomlValue::Kind::boolean) {
    expect_boolean(key, *value);
  }
  return value->boolean;
}

std::optional<bool> MainSection::boolean(const std::string& key) const {
  if (ini_has(key)) {
    const Setting setting = *ini_string(key);
    const std::optional<bool> parsed = parse_bool(setting.value);
    if (!parsed) {
      invalid(key, setting.where, setting.value, "true or false");
    }
    return parsed;
  }
  const TomlValue* value = toml_value(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->kind != TomlValue::Kind::boolean) {
    expect_boolean(key, *value);
  }
  return value->boolean;
}

std::optional<int> MainSection::count(const std::string& key) const {
  const TomlValue* value = ini_has(key) ? nullptr : toml_value(key);
  if (value != nullptr && value->kind == TomlValue::Kind::integer) {
    if (value->integer < 0 || value->integer > std::numeric_limits<int>::max()) {
      throw_invalid_toml(key, *value, "a non-negative integer");
    }
    return static_cast<int>(value->integer);
  }
  const std::optional<Setting> setting = string(key);
  if (!setting) {
    return std::nullopt;
  }
  const std::optional<int> parsed = parse_count(setting->value);
  if (!parsed) {
    invalid(key, setting->where, setting->value, "a non-negative integer");
  }
  return parsed;
}

std::optional<double> MainSection::duration(const std::string& key) const {
  const TomlValue* value = ini_has(key) ? nullptr : toml_value(key);
  if (value != nullptr && value->kind == TomlValue::Kind::floating) {
    if (!(value->floating >= 0) || value->floating == std::numeric_limits<double>::infinity()) {
      throw_invalid_toml(key, *value, "a duration such as 30, 30s, 500ms or 2min");
    }
    return value->floating;
  }
  const std::optional<Setting> setting = string(key);
  if (!setting) {
    return std::nullopt;
  }
  const std::optional<double> parsed = parse_duration(setting->value);
  if (!parsed) {
    invalid(key, setting->where, setting->value, "a duration such as 30, 30s, 500ms or 2min");
  }
  return parsed;
}

std::optional<std::vector<Setting>> MainSection::toml_list(const std::string& key) const {
  const TomlValue* value = toml_value(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->kind != TomlValue::Kind::string_list) {
    throw_invalid_toml(key, *value, "an array of strings");
  }
  std::vector<Setting> items;
  for (const std::string& raw : value->strings) {
    items.push_back(Setting{m_toml->interpolate(raw, key, value->where), value->where});
  }
  return items;
}

std::map<std::string, std::string> MainSection::all_text() const {
  std::map<std::string, std::string> values;
  if (m_ini != nullptr) {
    for (const std::string& key : m_ini->options(m_section)) {
      try {
        values[key] = *m_ini->get(m_section, key);
      } catch (const ConfigError&) {
        // Alembic only interpolates a key when someone reads it; so do we (see string()).
      }
    }
  }
  if (m_toml == nullptr) {
    return values;
  }
  for (const auto& [key, value] : m_toml->values) {
    if (values.count(key) > 0) {
      continue;
    }
    if (value.kind == TomlValue::Kind::string) {
      try {
        values[key] = m_toml->interpolate(value.text, key, value.where);
      } catch (const ConfigError&) {
        // As above: only a read of this key reports it.
      }
    } else if (value.kind == TomlValue::Kind::integer) {
      values[key] = std::to_string(value.integer);
    } else if (value.kind == TomlValue::Kind::boolean) {
      values[key] = value.boolean ? "true" : "false";
    }
  }
  return values;
}

} // namespace migrate::config
