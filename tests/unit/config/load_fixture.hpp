// SPDX-License-Identifier: MIT
// Calls config::load() for a project laid out in a temporary directory.
#pragma once

#include "temp_dir.hpp"

#include <migrate/config.hpp>

namespace migrate::test {

struct LoadArgs {
  LoadArgs(std::optional<std::string> config = std::nullopt,
           std::optional<std::string> alembic_config = std::nullopt,
           std::string name = "alembic")
      : config_file(std::move(config)), env(std::move(alembic_config)), section(std::move(name)) {}

  std::optional<std::string> config_file; // -c
  std::optional<std::string> env;         // $ALEMBIC_CONFIG
  std::string section;                    // -n
};

inline config::Config load_in(const TempDir& dir, const LoadArgs& args = {}) {
  config::LoadOptions options;
  if (args.config_file) {
    options.config_file = std::filesystem::path(*args.config_file);
  }
  options.alembic_config_env = args.env;
  options.section = args.section;
  options.working_directory = dir.path();
  return config::load(options);
}

} // namespace migrate::test
