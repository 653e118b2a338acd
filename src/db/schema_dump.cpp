// SPDX-License-Identifier: MIT
// `pg_dump --schema-only` of a database, for autogenerate's whole-schema check. The connection
// settings reach pg_dump as libpq's environment variables, never on its command line, where
// any user of the machine could read a password.
#include "libpq_on_demand.hpp"

#include <migrate/config.hpp>
#include <migrate/db.hpp>
#include <migrate/error.hpp>
#include <migrate/util/process.hpp>

#include <libpq-fe.h>

#include <cstring>
#include <map>

extern char** environ;

namespace migrate::db {

namespace {

// The child's environment: ours, with each setting of `conninfo` as its PG* variable (what
// libpq would read from the string, so nothing else of ours can override it).
std::vector<std::string> dump_environment(const std::string& conninfo) {
  std::map<std::string, std::string> settings;
  if (!conninfo.empty()) {
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
    if (parsed == nullptr) {
      PQfreemem(error);
      throw ConfigError("invalid connection string '" + config::mask_password(conninfo) + "'");
    }
    for (const PQconninfoOption* option = parsed; option->keyword != nullptr; ++option) {
      if (option->val != nullptr && option->envvar != nullptr) {
        settings[option->envvar] = option->val;
      }
    }
    PQconninfoFree(parsed);
  }
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string variable = *entry;
    if (!settings.contains(variable.substr(0, variable.find('=')))) {
      environment.push_back(variable);
    }
  }
  for (const auto& [name, value] : settings) {
    environment.push_back(name + "=" + value);
  }
  return environment;
}

} // namespace

std::string dump_schema(const std::string& conninfo, const std::vector<std::string>& exclude) {
  load_libpq();
  std::vector<std::string> environment = dump_environment(conninfo);
  std::vector<std::string> arguments{"pg_dump", "--schema-only", "--no-owner", "--no-password"};
  for (const std::string& pattern : exclude) {
    arguments.push_back("--exclude-table=" + pattern);
  }
  const util::ProgramResult dumped = util::run_program(arguments, &environment);
  if (dumped.spawn_error != 0) {
    throw CommandError("autogenerate's whole-schema check runs pg_dump, which could not be "
                       "started ("
                       + std::string(std::strerror(dumped.spawn_error))
                       + "): install PostgreSQL's client tools (Debian: postgresql-client)");
  }
  if (dumped.exit_code != 0) {
    const std::string reason = dumped.err.substr(0, dumped.err.find('\n'));
    throw DatabaseError("pg_dump --schema-only of a scratch database failed: "
                        + config::mask_password(reason));
  }
  return dumped.out;
}

} // namespace migrate::db
