// SPDX-License-Identifier: MIT
// Lazily loaded configuration, scripts and revision map for one invocation.
#include "session.hpp"

#include <migrate/util/strings.hpp>

#include <cstdlib>

namespace migrate::cli {

std::optional<std::string> environment_variable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

const config::Config& Session::config() {
  if (!m_config) {
    config::LoadOptions load;
    if (m_options.config_file) {
      load.config_file = std::filesystem::path(*m_options.config_file);
    }
    load.section = m_options.name;
    load.working_directory = std::filesystem::current_path();
    load.alembic_config_env = environment_variable("ALEMBIC_CONFIG");
    m_config = config::load(load);
    for (const std::string& warning : m_config->warnings) {
      m_err << "WARNING [migrate] " << util::escape_control(warning) << '\n';
    }
  }
  return *m_config;
}

const script::ScriptDirectory& Session::scripts() {
  if (!m_scripts) {
    m_scripts = script::ScriptDirectory::load(script::ScriptSettings::from_config(config()));
    for (const std::string& warning : m_scripts->warnings()) {
      m_err << "WARNING [migrate] " << util::escape_control(warning) << '\n';
    }
  }
  return *m_scripts;
}

const graph::RevisionMap& Session::map() {
  if (!m_map) {
    m_map.emplace(scripts().revisions());
  }
  return *m_map;
}

void Session::reload_scripts() {
  m_map.reset();
  m_scripts.reset();
}

namespace {
struct LeftForExit {
  std::optional<script::ScriptDirectory> scripts;
  std::optional<graph::RevisionMap> map;
};
LeftForExit* g_left_for_exit = nullptr;
} // namespace

void Session::leave_loaded_for_exit() {
  delete g_left_for_exit;
  g_left_for_exit = new LeftForExit{std::move(m_scripts), std::move(m_map)};
  m_map.reset();
  m_scripts.reset();
}

std::map<std::string, std::string> Session::x_arguments() const {
  std::map<std::string, std::string> values;
  for (const std::string& argument : m_options.x_arguments) {
    const std::size_t equals = argument.find('=');
    if (equals == std::string::npos) {
      values[argument] = "";
    } else {
      values[argument.substr(0, equals)] = argument.substr(equals + 1);
    }
  }
  return values;
}

// Values from revision files and the database reach these lines: control characters are
// escaped so none can move the cursor or recolour the terminal.
void Session::print(std::string_view text) {
  if (!m_options.quiet) {
    m_out << util::escape_control_keep_lines(text) << '\n';
  }
}

void Session::info(std::string_view text) {
  if (m_options.quiet) {
    return;
  }
  const std::string line = util::escape_control(text);
  if (!m_info_batch) {
    m_err << "INFO  [migrate] " << line << '\n';
    return;
  }
  m_held_info.append("INFO  [migrate] ").append(line).push_back('\n');
}

Session::InfoBatch::~InfoBatch() {
  m_session.m_info_batch = false;
  m_session.m_err << m_session.m_held_info << std::flush;
  m_session.m_held_info.clear();
}

} // namespace migrate::cli
