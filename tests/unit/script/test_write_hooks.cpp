// SPDX-License-Identifier: MIT
// run_post_write_hooks: exec hooks run without a shell, with Alembic's argv rules.
#include "support.hpp"

#include <sstream>

using migrate::CommandError;
using migrate::config::WriteHook;
using migrate::script::run_post_write_hooks;
using script_test::read;
using script_test::TempDir;

namespace fs = std::filesystem;

namespace {

WriteHook
hook(const std::string& name, const std::string& executable, std::vector<std::string> options) {
  WriteHook out;
  out.name = name;
  out.type = "exec";
  out.executable = executable;
  out.options = std::move(options);
  return out;
}

std::string run(const std::vector<WriteHook>& hooks, const fs::path& path) {
  std::ostringstream out;
  run_post_write_hooks(hooks, path, out);
  return out.str();
}

} // namespace

TEST_CASE("hooks: REVISION_SCRIPT_FILENAME is replaced by the file's path") {
  TempDir dir;
  const fs::path file = dir.write("r1.sql", "-- revision: r1\n");
  const fs::path copy = dir.path() / "copy.sql";
  CHECK(run({hook("copy", "cp", {"REVISION_SCRIPT_FILENAME", copy.string()})}, file)
        == "Running post write hook 'copy' ...  done\n");
  CHECK(read(copy) == "-- revision: r1\n");
}

TEST_CASE("hooks: the path is prepended when no option mentions the token") {
  TempDir dir;
  const fs::path file = dir.write("r1.sql", "x");
  const fs::path copy = dir.path() / "copy.sql";
  run({hook("copy", "cp", {copy.string()})}, file); // runs: cp <file> <copy>
  CHECK(read(copy) == "x");
}

TEST_CASE("hooks: the token is replaced inside a longer option, and not prepended then") {
  TempDir dir;
  const fs::path file = dir.write("r1.sql", "x");
  run({hook("mark", "touch", {"REVISION_SCRIPT_FILENAME.done"})}, file);
  CHECK(fs::exists(dir.path() / "r1.sql.done"));
}

TEST_CASE("hooks: no shell, so shell syntax in options is passed through literally") {
  TempDir dir;
  const fs::path file = dir.write("r1.sql", "x");
  const std::string odd = (dir.path() / "a;b $(echo c)").string();
  run({hook("odd", "touch", {odd, "REVISION_SCRIPT_FILENAME"})}, file);
  CHECK(fs::exists(odd));
}

TEST_CASE("hooks: cwd is the working directory of the hook") {
  TempDir dir;
  const fs::path file = dir.write("r1.sql", "x");
  fs::create_directories(dir.path() / "work");
  WriteHook here = hook("here", "touch", {"made-here", "REVISION_SCRIPT_FILENAME"});
  here.cwd = (dir.path() / "work").string();
  run({here}, file);
  CHECK(fs::exists(dir.path() / "work/made-here"));
}

TEST_CASE("hooks: several hooks run in order and a failing exit status is ignored") {
  TempDir dir;
  const fs::path file = dir.write("r1.sql", "x");
  CHECK(
      run({hook("fails", "false", {}), hook("copy", "cp", {(dir.path() / "c.sql").string()})}, file)
      == "Running post write hook 'fails' ...  done\nRunning post write hook 'copy' ...  done\n");
  CHECK(fs::exists(dir.path() / "c.sql"));
}

TEST_CASE("hooks: a missing executable is a CommandError") {
  CHECK_THROWS_MATCHES(run({hook("fmt", "migrate-no-such-program", {})}, "/tmp/x.sql"),
                       CommandError,
                       Catch::Message("Could not run post write hook 'fmt': "
                                      "migrate-no-such-program: No such file or directory"));
}

TEST_CASE("hooks: a missing cwd is a CommandError") {
  WriteHook bad = hook("fmt", "true", {});
  bad.cwd = "/nonexistent/migrate-hook-cwd";
  CHECK_THROWS_MATCHES(run({bad}, "/tmp/x.sql"),
                       CommandError,
                       Catch::Message("Could not run post write hook 'fmt': cwd "
                                      "/nonexistent/migrate-hook-cwd: No such file or "
                                      "directory"));
  TempDir dir;
  bad.cwd = dir.write("file", "").string();
  CHECK_THROWS_MATCHES(
      run({bad}, "/tmp/x.sql"),
      CommandError,
      Catch::Message("Could not run post write hook 'fmt': cwd " + *bad.cwd + ": Not a directory"));
}

TEST_CASE("hooks: only type exec is supported") {
  WriteHook black = hook("black", "", {});
  black.type = "console_scripts";
  CHECK_THROWS_MATCHES(run({black}, "/tmp/x.sql"),
                       CommandError,
                       Catch::Message("No formatter with name 'console_scripts' registered "
                                      "(migrate runs only 'exec' hooks)"));
}

TEST_CASE("hooks: type and executable are required") {
  WriteHook untyped = hook("fmt", "true", {});
  untyped.type.clear();
  CHECK_THROWS_MATCHES(run({untyped}, "/tmp/x.sql"),
                       CommandError,
                       Catch::Message("Key 'fmt.type' (or 'type' in toml) is required for post "
                                      "write hook 'fmt'"));
  CHECK_THROWS_MATCHES(run({hook("fmt", "", {})}, "/tmp/x.sql"),
                       CommandError,
                       Catch::Message("Key fmt.executable is required for post write hook 'fmt'"));
}
