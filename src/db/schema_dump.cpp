// SPDX-License-Identifier: MIT
// `pg_dump --schema-only` of a database, for autogenerate's whole-schema check. The connection
// settings reach pg_dump as libpq's environment variables, never on its command line, where
// any user of the machine could read a password.
#include "libpq_on_demand.hpp"

#include <migrate/config.hpp>
#include <migrate/db.hpp>
#include <migrate/error.hpp>

#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
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

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (std::string& text : strings) {
    result.push_back(text.data());
  }
  result.push_back(nullptr);
  return result;
}

// Reads both pipes to their ends (polling both: either may fill while the other is read).
std::array<std::string, 2> read_both(int out, int err) {
  std::array<std::string, 2> text;
  std::array<pollfd, 2> fds{pollfd{out, POLLIN, 0}, pollfd{err, POLLIN, 0}};
  int open = 2;
  char buffer[65536];
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        text[i].append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open;
      }
    }
  }
  return text;
}

} // namespace

std::string dump_schema(const std::string& conninfo, const std::vector<std::string>& exclude) {
  load_libpq();
  std::vector<std::string> environment = dump_environment(conninfo);
  std::vector<std::string> arguments{"pg_dump", "--schema-only", "--no-owner", "--no-password"};
  for (const std::string& pattern : exclude) {
    arguments.push_back("--exclude-table=" + pattern);
  }
  int out[2];
  int err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0) {
    throw DatabaseError(std::string("could not run pg_dump: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  ::posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  for (const int fd : {out[0], out[1], err[0], err[1]}) {
    ::posix_spawn_file_actions_addclose(&actions, fd);
  }
  std::vector<char*> argv = pointers(arguments);
  std::vector<char*> envp = pointers(environment);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "pg_dump", &actions, nullptr, argv.data(), envp.data());
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (spawned != 0) {
    ::close(out[0]);
    ::close(err[0]);
    throw CommandError("autogenerate's whole-schema check runs pg_dump, which could not be "
                       "started ("
                       + std::string(std::strerror(spawned))
                       + "): install PostgreSQL's client tools (Debian: postgresql-client)");
  }
  auto [dump, errors] = read_both(out[0], err[0]);
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string reason = errors.substr(0, errors.find('\n'));
    throw DatabaseError("pg_dump --schema-only of a scratch database failed: "
                        + config::mask_password(reason));
  }
  return dump;
}

} // namespace migrate::db
