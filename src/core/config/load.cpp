// SPDX-License-Identifier: MIT
// load(): finds alembic.ini and pyproject.toml, merges them and resolves every setting.
#include "file_text.hpp"
#include "hooks.hpp"
#include "main_section.hpp"
#include "paths.hpp"
#include "toml_source.hpp"

#include <migrate/config.hpp>

namespace migrate::config {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_ini_name = "alembic.ini";
constexpr const char* k_toml_name = "pyproject.toml";

// A configuration file as the user named it (for messages) and where it is.
struct FileChoice {
  std::string display;
  fs::path path;
};

struct FileChoices {
  FileChoice ini;
  FileChoice toml;
};

bool names_pyproject(const std::string& name) {
  return fs::path(name).filename() == k_toml_name;
}

// Alembic's CommandLine._inis_from_config: -c, else $ALEMBIC_CONFIG, else the defaults; a
// pyproject.toml basename selects the TOML file instead of the ini.
FileChoices choose_files(const LoadOptions& options, const fs::path& directory) {
  std::string ini = k_ini_name;
  std::string toml = k_toml_name;
  if (options.alembic_config_env && !options.alembic_config_env->empty()) {
    (names_pyproject(*options.alembic_config_env) ? toml : ini) = *options.alembic_config_env;
  }
  if (options.config_file) {
    const std::string given = options.config_file->string();
    (names_pyproject(given) ? toml : ini) = given;
  }
  return FileChoices{FileChoice{ini, absolute_from(directory, ini)},
                     FileChoice{toml, absolute_from(directory, toml)}};
}

bool is_file(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

std::optional<IniFile> read_ini(const FileChoice& file) {
  if (!is_file(file.path)) {
    return std::nullopt; // ConfigParser.read() skips a missing file
  }
  return IniFile::parse(read_text_file(file.path, file.display),
                        file.display,
                        {{"here", file.path.parent_path().generic_string()}});
}

std::optional<TomlSource> read_toml(const FileChoice& file) {
  if (!is_file(file.path)) {
    return std::nullopt;
  }
  return parse_toml_source(read_text_file(file.path, file.display), file.path, file.display);
}

std::optional<std::string> non_empty(const std::optional<Setting>& setting) {
  if (!setting || setting->value.empty()) {
    return std::nullopt;
  }
  return setting->value;
}

void read_version_locations(const MainSection& main, const fs::path& directory, Config& config) {
  std::vector<std::string> locations;
  if (const std::optional<std::string> value = non_empty(main.ini_string("version_locations"))) {
    std::optional<char> separator;
    for (const char* key : {"path_separator", "version_path_separator"}) {
      if (const std::optional<Setting> setting = main.ini_string(key)) {
        separator = path_separator_char(key, *setting);
        break;
      }
    }
    locations = split_paths(*value, separator);
  } else if (const auto list = main.toml_list("version_locations")) {
    for (const Setting& item : *list) {
      if (!item.value.empty()) {
        locations.push_back(item.value);
      }
    }
  }
  // An empty list means the default, as ScriptDirectory._version_locations does.
  config.version_locations_explicit = !locations.empty();
  if (locations.empty()) {
    config.version_locations.push_back(config.script_location / "versions");
  }
  for (const std::string& location : locations) {
    config.version_locations.push_back(absolute_from(directory, location));
  }
}

void read_script_settings(const MainSection& main, const fs::path& directory, Config& config) {
  const std::optional<Setting> location = main.string("script_location");
  if (!location) {
    throw ConfigError("No 'script_location' key found in configuration.");
  }
  if (location->value.empty()) {
    throw ConfigError(location->where,
                      "invalid value for 'script_location': '' (expected a directory)");
  }
  config.script_location = absolute_from(directory, location->value);
  read_version_locations(main, directory, config);
  config.recursive_version_locations = main.alembic_flag("recursive_version_locations");
  if (const std::optional<Setting> file_template = main.string("file_template")) {
    config.file_template = file_template->value;
  }
  config.timezone = non_empty(main.string("timezone"));
  config.truncate_slug_length = main.count("truncate_slug_length").value_or(40);
}

void read_database_settings(const MainSection& main, const fs::path& directory, Config& config) {
  if (const std::optional<Setting> url = main.ini_string("sqlalchemy.url")) {
    config.sqlalchemy_url = url->value;
  }
  if (const std::optional<Setting> table = main.string("version_table")) {
    if (table->value.empty()) {
      throw ConfigError(table->where,
                        "invalid value for 'version_table': '' (expected a table name)");
    }
    config.version_table = table->value;
  }
  config.version_table_schema = non_empty(main.string("version_table_schema"));
  config.transaction_per_migration = main.boolean("transaction_per_migration").value_or(false);
  config.lock_timeout_seconds = main.duration("lock_timeout").value_or(60);
  config.statement_timeout_seconds = main.duration("statement_timeout");
  const std::optional<std::string> schema_file = non_empty(main.string("schema_file"));
  config.schema_file =
      schema_file ? absolute_from(directory, *schema_file) : config.script_location / "schema.sql";
  config.dev_url = non_empty(main.string("dev_url"));
}

} // namespace

Config load(const LoadOptions& options) {
  const fs::path directory = options.working_directory.empty()
                                 ? fs::current_path()
                                 : fs::absolute(options.working_directory);
  const FileChoices files = choose_files(options, directory);
  const std::optional<IniFile> ini = read_ini(files.ini);
  const std::optional<TomlSource> toml = read_toml(files.toml);
  const bool has_main_section = ini && ini->has_section(options.section);
  if (!has_main_section && !toml) {
    throw ConfigError("No config file '" + files.ini.display + "' found, or file has no '["
                      + options.section + "]' section");
  }

  Config config;
  if (ini) {
    config.ini_path = files.ini.path;
  }
  if (toml) {
    config.pyproject_path = files.toml.path;
  }
  config.section = options.section;
  const MainSection main(ini ? &*ini : nullptr, options.section, toml ? &*toml : nullptr);
  read_script_settings(main, directory, config);
  read_database_settings(main, directory, config);
  config.post_write_hooks = read_write_hooks(ini ? &*ini : nullptr, toml ? &*toml : nullptr);
  config.main_options = main.all_text();
  return config;
}

} // namespace migrate::config
