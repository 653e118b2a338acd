// SPDX-License-Identifier: MIT
// Reading --targets: [targets] in alembic.ini ("name = url", ConfigParser rules, so a literal '%'
// is "%%"), or a file of "name = url" / "url" lines.
#include "fleet_targets.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <fstream>

namespace migrate::cli {

namespace {

bool looks_like_url(std::string_view text) {
  return text.find("://") != std::string_view::npos || text.find('=') != std::string_view::npos;
}

// The database name in a URL ("postgresql://h/tenant_7?..." -> "tenant_7"), else the URL masked.
std::string name_of(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    const std::size_t slash = url.find('/', scheme + 3);
    if (slash != std::string::npos) {
      const std::string rest = url.substr(slash + 1);
      const std::string name = rest.substr(0, rest.find_first_of("?#"));
      if (!name.empty()) {
        return name;
      }
    }
  }
  return config::mask_password(url);
}

std::vector<Target> from_ini(const config::Config& config) {
  if (!config.ini_path) {
    return {};
  }
  const config::IniFile ini = config::IniFile::load(*config.ini_path);
  const config::IniSection* section = ini.section("targets");
  std::vector<Target> targets;
  if (section != nullptr) {
    for (const auto& [name, raw] : section->entries) {
      targets.push_back({name, ini.get("targets", name).value_or(raw)});
    }
  }
  return targets;
}

std::vector<Target> from_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    throw UsageError("--targets @" + path + ": cannot read the file");
  }
  std::vector<Target> targets;
  std::string line;
  while (std::getline(file, line)) {
    const std::string text(util::trim(line));
    if (text.empty() || text.starts_with('#')) {
      continue;
    }
    const std::size_t equals = text.find(" = ");
    if (equals != std::string::npos) {
      targets.push_back({std::string(util::trim(text.substr(0, equals))),
                         std::string(util::trim(text.substr(equals + 3)))});
    } else {
      targets.push_back({name_of(text), text});
    }
  }
  return targets;
}

} // namespace

std::vector<Target> read_targets(const std::string& spec, const config::Config& config) {
  std::vector<Target> targets;
  if (spec.starts_with('@')) {
    targets = from_file(spec.substr(1));
  } else {
    const std::vector<Target> known = from_ini(config);
    for (const std::string& item : util::split_list(spec)) {
      if (item == "all") {
        targets.insert(targets.end(), known.begin(), known.end());
        continue;
      }
      const auto found = std::find_if(
          known.begin(), known.end(), [&](const Target& target) { return target.name == item; });
      if (found != known.end()) {
        targets.push_back(*found);
      } else if (looks_like_url(item)) {
        targets.push_back({name_of(item), item});
      } else {
        std::vector<std::string> names;
        for (const Target& target : known) {
          names.push_back(target.name);
        }
        const std::string suggestion = util::closest_match(item, names);
        throw UsageError("--targets: no target '" + item + "' in the [targets] section"
                         + (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
      }
    }
  }
  if (targets.empty()) {
    throw UsageError("--targets " + spec + " names no database");
  }
  return targets;
}

} // namespace migrate::cli
