// SPDX-License-Identifier: MIT
// migrate(1): the man page, in roff (man(7) macros), rendered from the command-line model.
#pragma once

#include "command_model.hpp"

#include <string>

namespace migrate::cli::docs {

std::string man_page(const CommandLineModel& model);

// Text as roff reads it literally: backslashes and hyphens escaped, a line starting with '.' or
// '\'' protected so it is not taken for a request.
std::string roff_escape(const std::string& text);

} // namespace migrate::cli::docs
