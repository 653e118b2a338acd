// SPDX-License-Identifier: MIT
// run_program: posix_spawnp with both output pipes polled until the child closes them.
#include <migrate/util/process.hpp>

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

ProgramResult run_program(const std::vector<std::string>& argv,
                          const std::vector<std::string>* environment,
                          const std::string& directory) {
  ProgramResult result;
  int out[2];
  int err[2];
  if (::pipe(out) != 0) {
    result.spawn_error = errno;
    return result;
  }
  if (::pipe(err) != 0) {
    result.spawn_error = errno;
    ::close(out[0]);
    ::close(out[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  ::posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  for (const int fd : {out[0], out[1], err[0], err[1]}) {
    ::posix_spawn_file_actions_addclose(&actions, fd);
  }
  if (!directory.empty()) {
    ::posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());
  }
  std::vector<std::string> arguments = argv;
  std::vector<char*> argument_pointers = pointers(arguments);
  std::vector<std::string> variables =
      environment != nullptr ? *environment : std::vector<std::string>{};
  std::vector<char*> variable_pointers = pointers(variables);
  pid_t pid = 0;
  result.spawn_error = ::posix_spawnp(&pid,
                                      arguments.front().c_str(),
                                      &actions,
                                      nullptr,
                                      argument_pointers.data(),
                                      environment != nullptr ? variable_pointers.data() : environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (result.spawn_error == 0) {
    auto [stdout_text, stderr_text] = read_both(out[0], err[0]);
    result.out = std::move(stdout_text);
    result.err = std::move(stderr_text);
  }
  ::close(out[0]);
  ::close(err[0]);
  if (result.spawn_error != 0) {
    return result;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

} // namespace migrate::util
