// SPDX-License-Identifier: MIT
// The databases of a fleet run (docs/fleets.md): --targets names from the ini's [targets]
// section, "all" of them, URLs given directly, or "@FILE" with one target per line.
#pragma once

#include <migrate/config.hpp>

#include <string>
#include <vector>

namespace migrate::cli {

struct Target {
  std::string name;
  std::string url;
};

// `spec` as --targets gives it; `config` for the [targets] section of its ini file. UsageError
// for an unknown name (with the closest one), an empty list, or a file that cannot be read.
std::vector<Target> read_targets(const std::string& spec, const config::Config& config);

} // namespace migrate::cli
