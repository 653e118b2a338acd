// SPDX-License-Identifier: MIT
// The command line as plain data (names, options, descriptions, examples), read from the CLI11
// definition run() parses with. The man page and the shell completions are rendered from it, so
// they list exactly the commands and options the binary accepts.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace migrate::cli::docs {

struct OptionModel {
  std::vector<std::string> short_names; // "c" for -c
  std::vector<std::string> long_names;  // "config" for --config
  std::string positional_name;          // "revision" for a positional argument, else ""
  std::string value_name;               // "TEXT", "INT": empty for a flag
  std::vector<std::string> choices;     // the allowed values, when the definition lists them
  std::string description;
  bool required = false;
  bool repeatable = false; // a positional taking several values
};

struct CommandModel {
  std::string name;
  std::string description;
  std::string footer; // examples and notes, as `migrate COMMAND --help` prints them
  std::vector<OptionModel> options;
  std::vector<OptionModel> positionals;
};

struct CommandLineModel {
  std::string name;
  std::string version; // "0.1.0"
  std::string description;
  std::vector<OptionModel> global_options; // --help and --version included
  std::vector<CommandModel> commands;      // in definition order
};

CommandLineModel read_command_line(const CLI::App& app, const std::string& version);

} // namespace migrate::cli::docs
