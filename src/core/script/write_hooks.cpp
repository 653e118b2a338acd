// SPDX-License-Identifier: MIT
// Post-write hooks of type "exec": run a program on a new revision file, without a shell.
#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace migrate::script {

namespace {

constexpr std::string_view k_token = "REVISION_SCRIPT_FILENAME";

// Alembic substitutes the token inside every option and prepends it when no option has it.
std::vector<std::string> hook_argv(const config::WriteHook& hook, const std::string& path) {
  std::vector<std::string> argv{hook.executable};
  const bool has_token =
      std::any_of(hook.options.begin(), hook.options.end(), [](const std::string& option) {
        return option.find(k_token) != std::string::npos;
      });
  if (!has_token) {
    argv.push_back(path);
  }
  for (const std::string& option : hook.options) {
    argv.push_back(util::replace_all(option, k_token, path));
  }
  return argv;
}

class SpawnActions {
public:
  SpawnActions() { ::posix_spawn_file_actions_init(&m_actions); }
  ~SpawnActions() { ::posix_spawn_file_actions_destroy(&m_actions); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() { return &m_actions; }

private:
  posix_spawn_file_actions_t m_actions{};
};

void run_hook(const config::WriteHook& hook, const std::filesystem::path& path) {
  const std::string prefix = "Could not run post write hook '" + hook.name + "': ";
  std::vector<std::string> args = hook_argv(hook, path.string());
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);

  SpawnActions actions;
  if (hook.cwd) {
    std::error_code error;
    if (!std::filesystem::is_directory(*hook.cwd, error)) {
      throw CommandError(prefix + "cwd " + *hook.cwd + ": "
                         + (error ? error.message() : std::string(std::strerror(ENOTDIR))));
    }
    ::posix_spawn_file_actions_addchdir_np(actions.get(), hook.cwd->c_str());
  }
  pid_t pid = 0;
  const int failed =
      ::posix_spawnp(&pid, hook.executable.c_str(), actions.get(), nullptr, argv.data(), environ);
  if (failed != 0) {
    throw CommandError(prefix + hook.executable + ": " + std::strerror(failed));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // The exit status is ignored, as Alembic ignores subprocess.run's return code.
}

void check_hook(const config::WriteHook& hook) {
  if (hook.type.empty()) {
    throw CommandError("Key '" + hook.name + ".type' (or 'type' in toml) is required for post "
                       + "write hook '" + hook.name + "'");
  }
  if (hook.type != "exec") {
    throw CommandError("No formatter with name '" + hook.type
                       + "' registered (migrate runs only 'exec' hooks)");
  }
  if (hook.executable.empty()) {
    throw CommandError("Key " + hook.name + ".executable is required for post write hook '"
                       + hook.name + "'");
  }
}

} // namespace

void check_post_write_hooks(const std::vector<config::WriteHook>& hooks) {
  for (const config::WriteHook& hook : hooks) {
    check_hook(hook);
  }
}

void run_post_write_hooks(const std::vector<config::WriteHook>& hooks,
                          const std::filesystem::path& path,
                          std::ostream& out) {
  for (const config::WriteHook& hook : hooks) {
    check_hook(hook);
    // Flushed first so the hook's own output, written straight to our stdout, comes after it.
    out << "Running post write hook '" << hook.name << "' ..." << std::flush;
    run_hook(hook, path);
    out << "  done\n" << std::flush;
  }
}

} // namespace migrate::script
