// SPDX-License-Identifier: MIT
// load(): finds alembic.ini and pyproject.toml, merges them and resolves every setting.
#include "file_text.hpp"
#include "hooks.hpp"
#include "keys.hpp"
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
  read_keys(main, directory, config);
  config.warnings =
      unknown_key_warnings(ini ? &*ini : nullptr, options.section, toml ? &*toml : nullptr);
  config.post_write_hooks = read_write_hooks(ini ? &*ini : nullptr, toml ? &*toml : nullptr);
  config.main_options = main.all_text();
  return config;
}

} // namespace migrate::config
