// SPDX-License-Identifier: MIT
// Shell completion scripts for bash, zsh and fish, rendered from the command-line model: command
// names, each command's options, the global options, and the revision keywords (head, heads,
// base) where a command takes a revision.
#pragma once

#include "command_model.hpp"

#include <string>

namespace migrate::cli::docs {

std::string bash_completion(const CommandLineModel& model);
std::string zsh_completion(const CommandLineModel& model);
std::string fish_completion(const CommandLineModel& model);

} // namespace migrate::cli::docs
