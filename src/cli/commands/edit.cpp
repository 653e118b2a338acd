// SPDX-License-Identifier: MIT
// `edit REV`: the revision's file in an editor.
#include "commands.hpp"
#include "resolve.hpp"

#include <migrate/error.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace migrate::cli {

namespace {

bool on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return access(program.c_str(), X_OK) == 0;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const std::size_t colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) {
      return true;
    }
    dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
  }
  return false;
}

// Alembic's order: $EDITOR, $VISUAL, then common editors found on PATH.
std::string find_editor() {
  for (const char* variable : {"EDITOR", "VISUAL"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0' && on_path(value)) {
      return value;
    }
  }
  for (const char* candidate : {"sensible-editor", "editor", "nano", "vim", "code"}) {
    if (on_path(candidate)) {
      return candidate;
    }
  }
  throw CommandError("No suitable editor found. Please set the 'EDITOR' or 'VISUAL' environment "
                     "variables");
}

void open_in_editor(const std::string& editor, const std::string& file) {
  std::vector<char*> argv{
      const_cast<char*>(editor.c_str()), const_cast<char*>(file.c_str()), nullptr};
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, editor.c_str(), nullptr, nullptr, argv.data(), environ);
  if (error != 0) {
    throw CommandError("Error executing editor (" + editor + ": " + std::strerror(error) + ")");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw CommandError("Error executing editor (" + editor + " exited with status "
                       + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  }
}

void run_edit(Session& session, const std::string& symbol) {
  const std::vector<std::string> ids = resolve_with_current(session, symbol);
  if (ids.empty()) {
    throw CommandError(symbol == "current"
                           ? "No current revisions"
                           : "No revision files indicated by symbol '" + symbol + "'");
  }
  const std::string editor = find_editor();
  for (const std::string& id : ids) {
    open_in_editor(editor, session.map().node(id).revision.path);
  }
}

} // namespace

void add_edit_command(CLI::App& app, Session& session) {
  auto edit_revision = std::make_shared<std::string>();
  CLI::App* edit = app.add_subcommand("edit", "Open the revision file(s) in $EDITOR");
  edit->add_option("rev", *edit_revision, "Revision, prefix, label, head or current")->required();
  edit->footer("Examples:\n  migrate edit head\n  EDITOR=vim migrate edit 3f1e");
  edit->callback([&session, edit_revision] { run_edit(session, *edit_revision); });
}

} // namespace migrate::cli
