// SPDX-License-Identifier: MIT
// Post-write hook settings (Config.get_hooks_list), checked when the configuration is loaded.
#include "hooks.hpp"

#include "paths.hpp"

namespace migrate::config {

namespace {

constexpr const char* k_section = "post_write_hooks";

using Options = std::map<std::string, std::string>;

// Builds a hook from its "<suffix> -> value" options; `where` locates errors.
WriteHook make_hook(const std::string& name,
                    const Options& options,
                    const Location& where,
                    const std::string& key_prefix) {
  WriteHook hook;
  hook.name = name;
  const auto type = options.find("type");
  if (type == options.end()) {
    throw ConfigError(where,
                      "Key '" + name + ".type' (or 'type' in toml) is required for post "
                          + "write hook '" + name + "'");
  }
  hook.type = type->second;
  if (const auto executable = options.find("executable"); executable != options.end()) {
    hook.executable = executable->second;
  }
  if (const auto arguments = options.find("options"); arguments != options.end()) {
    try {
      hook.options = shlex_split(arguments->second);
    } catch (const ConfigError& error) {
      throw ConfigError(where,
                        "invalid value for '" + key_prefix + "options': '" + arguments->second
                            + "' (expected shell-style arguments: " + error.what() + ")");
    }
  }
  if (const auto cwd = options.find("cwd"); cwd != options.end()) {
    hook.cwd = cwd->second;
  }
  return hook;
}

std::vector<WriteHook> ini_hooks(const IniFile& ini) {
  std::vector<WriteHook> hooks;
  // All values are interpolated first, as Alembic's get_section() does.
  const std::vector<std::pair<std::string, std::string>> items = ini.items(k_section);
  std::string names;
  for (const auto& [key, value] : items) {
    if (key == "hooks") {
      names = value;
    }
  }
  const Location where = ini.location(k_section, "hooks");
  for (const std::string& name : split_paths(names, std::nullopt)) {
    Options options;
    const std::string prefix = name + ".";
    for (const auto& [key, value] : items) {
      if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0) {
        options[key.substr(prefix.size())] = value;
      }
    }
    hooks.push_back(make_hook(name, options, where, prefix));
  }
  return hooks;
}

std::vector<WriteHook> toml_hooks(const TomlSource& toml) {
  std::vector<WriteHook> hooks;
  const TomlValue* value = toml.find(k_section);
  if (value == nullptr || (value->kind == TomlValue::Kind::string_list && value->strings.empty())) {
    return hooks;
  }
  if (value->kind != TomlValue::Kind::table_list) {
    throw_invalid_toml(k_section, *value, "an array of tables");
  }
  for (const TomlTable& table : value->tables) {
    Options options;
    for (const auto& [key, entry] : table.entries) {
      if (entry.kind != TomlValue::Kind::string) {
        throw_invalid_toml(std::string(k_section) + "." + key, entry, "a string");
      }
      options[key] = toml.interpolate(entry.text, "post_write_hooks." + key, entry.where);
    }
    const auto name = options.find("name");
    if (name == options.end()) {
      throw ConfigError(table.where,
                        "Key 'name' is required for each [[tool.alembic.post_write_hooks]] entry");
    }
    hooks.push_back(make_hook(name->second, options, table.where, ""));
  }
  return hooks;
}

} // namespace

std::vector<WriteHook> read_write_hooks(const IniFile* ini, const TomlSource* toml) {
  if (ini != nullptr && ini->has_section(k_section)) {
    return ini_hooks(*ini);
  }
  if (toml != nullptr) {
    return toml_hooks(*toml);
  }
  return {};
}

} // namespace migrate::config
