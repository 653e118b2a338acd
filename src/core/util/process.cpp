// SPDX-License-Identifier: MIT
// run_program: posix_spawnp with both output pipes polled until the child closes them.
#include <migrate/util/process.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

extern char** environ;

namespace migrate::util {

namespace {

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

StartedProgram start_program(const std::vector<std::string>& argv, const StartOptions& options) {
  StartedProgram started;
  int out[2];
  int err[2];
  if (::pipe(out) != 0) {
    started.spawn_error = errno;
    return started;
  }
  if (::pipe(err) != 0) {
    started.spawn_error = errno;
    ::close(out[0]);
    ::close(out[1]);
    return started;
  }
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  ::posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (options.null_stdin) {
    ::posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  for (const int fd : {out[0], out[1], err[0], err[1]}) {
    ::posix_spawn_file_actions_addclose(&actions, fd);
  }
  if (!options.directory.empty()) {
    ::posix_spawn_file_actions_addchdir_np(&actions, options.directory.c_str());
  }
  std::vector<std::string> arguments = argv;
  std::vector<char*> argument_pointers = pointers(arguments);
  std::vector<std::string> variables =
      options.environment != nullptr ? *options.environment : std::vector<std::string>{};
  std::vector<char*> variable_pointers = pointers(variables);
  const std::string& file = options.file.empty() ? arguments.front() : options.file;
  started.spawn_error =
      ::posix_spawnp(&started.pid,
                     file.c_str(),
                     &actions,
                     nullptr,
                     argument_pointers.data(),
                     options.environment != nullptr ? variable_pointers.data() : environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (started.spawn_error != 0) {
    ::close(out[0]);
    ::close(err[0]);
    started.pid = 0;
    return started;
  }
  started.out = out[0];
  started.err = err[0];
  return started;
}

int wait_for_exit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

ProgramResult run_program(const std::vector<std::string>& argv,
                          const std::vector<std::string>* environment,
                          const std::string& directory) {
  ProgramResult result;
  const StartedProgram started = start_program(argv, {"", environment, directory, false});
  result.spawn_error = started.spawn_error;
  if (started.spawn_error != 0) {
    return result;
  }
  auto [stdout_text, stderr_text] = read_both(started.out, started.err);
  result.out = std::move(stdout_text);
  result.err = std::move(stderr_text);
  ::close(started.out);
  ::close(started.err);
  const int status = wait_for_exit(started.pid);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

} // namespace migrate::util
