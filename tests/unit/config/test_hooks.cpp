// SPDX-License-Identifier: MIT
// load(): post-write hooks from [post_write_hooks] or [[tool.alembic.post_write_hooks]].
#include "load_fixture.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using migrate::test::load_in;
using migrate::test::TempDir;
using Args = std::vector<std::string>;

namespace {

std::vector<migrate::config::WriteHook> ini_hooks(const TempDir& dir, const std::string& section) {
  dir.write("alembic.ini", "[alembic]\nscript_location = m\n\n[post_write_hooks]\n" + section);
  return load_in(dir).post_write_hooks;
}

} // namespace

TEST_CASE("hooks: names come from 'hooks', options from '<name>.<key>'") {
  const TempDir dir;
  const auto hooks = ini_hooks(dir,
                               "hooks = fmt, lint  wc\n"
                               "fmt.type = exec\nfmt.executable = pg_format\n"
                               "fmt.options = -i REVISION_SCRIPT_FILENAME\n"
                               "lint.type = exec\nlint.executable = lint\n"
                               "lint.options = --msg \"two words\" '%%(x)s'\n"
                               "lint.cwd = %(here)s/tools\n"
                               "wc.type = console_scripts\n");
  REQUIRE(hooks.size() == 3);
  CHECK(hooks[0].name == "fmt");
  CHECK(hooks[0].type == "exec");
  CHECK(hooks[0].executable == "pg_format");
  CHECK(hooks[0].options == Args{"-i", "REVISION_SCRIPT_FILENAME"});
  CHECK_FALSE(hooks[0].cwd.has_value());
  CHECK(hooks[1].options == Args{"--msg", "two words", "%(x)s"});
  CHECK(hooks[1].cwd == dir.here() + "/tools");
  CHECK(hooks[2].name == "wc");
  CHECK(hooks[2].type == "console_scripts"); // kept: running it is what fails
  CHECK(hooks[2].executable.empty());
  CHECK(hooks[2].options.empty());
}

TEST_CASE("hooks: no 'hooks' key means no hooks") {
  const TempDir dir;
  CHECK(ini_hooks(dir, "fmt.type = exec\n").empty());
  CHECK(ini_hooks(dir, "hooks =\n").empty());
}

TEST_CASE("hooks: a hook without a type is an error") {
  const TempDir dir;
  CHECK_THROWS_AS(ini_hooks(dir, "hooks = fmt\nfmt.executable = x\n"), ConfigError);
  CHECK_THROWS_WITH(ini_hooks(dir, "hooks = fmt\nfmt.executable = x\n"),
                    "alembic.ini:5: Key 'fmt.type' (or 'type' in toml) is required for post "
                    "write hook 'fmt'");
}

TEST_CASE("hooks: unbalanced quotes in options are an error") {
  const TempDir dir;
  CHECK_THROWS_WITH(ini_hooks(dir, "hooks = fmt\nfmt.type = exec\nfmt.options = 'open\n"),
                    "alembic.ini:5: invalid value for 'fmt.options': ''open' (expected "
                    "shell-style arguments: No closing quotation in ''open')");
}

TEST_CASE("hooks: the whole section is interpolated, as Alembic's get_section does") {
  const TempDir dir;
  CHECK_THROWS_WITH(ini_hooks(dir, "hooks = fmt\nfmt.type = exec\nunrelated = 5%\n"),
                    "alembic.ini:7: invalid interpolation syntax in 'unrelated' value: '5%' ('%' "
                    "must be written '%%')");
}

TEST_CASE("hooks: TOML hooks are an array of tables with a name") {
  const TempDir dir;
  dir.write("pyproject.toml",
            "[tool.alembic]\nscript_location = 'm'\n\n"
            "[[tool.alembic.post_write_hooks]]\nname = 'fmt'\ntype = 'exec'\n"
            "executable = 'pg_format'\noptions = '-i REVISION_SCRIPT_FILENAME'\n"
            "cwd = '%(here)s'\n\n"
            "[[tool.alembic.post_write_hooks]]\nname = 'second'\ntype = 'exec'\n");
  const auto hooks = load_in(dir).post_write_hooks;
  REQUIRE(hooks.size() == 2);
  CHECK(hooks[0].name == "fmt");
  CHECK(hooks[0].executable == "pg_format");
  CHECK(hooks[0].options == Args{"-i", "REVISION_SCRIPT_FILENAME"});
  CHECK(hooks[0].cwd == dir.here());
  CHECK(hooks[1].name == "second");
}

TEST_CASE("hooks: TOML hook errors") {
  const TempDir dir;
  const std::string head =
      "[tool.alembic]\nscript_location = 'm'\n[[tool.alembic.post_write_hooks]]\n";
  dir.write("pyproject.toml", head + "type = 'exec'\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "pyproject.toml:3:1: Key 'name' is required for each "
                    "[[tool.alembic.post_write_hooks]] entry");
  dir.write("pyproject.toml", head + "name = 'fmt'\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "pyproject.toml:3:1: Key 'fmt.type' (or 'type' in toml) is "
                    "required for post write hook 'fmt'");
  dir.write("pyproject.toml", head + "name = 'fmt'\ntype = 'exec'\noptions = ['-i']\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "pyproject.toml:6:11: invalid value for "
                    "'post_write_hooks.options': [ '-i' ] (expected a string)");
  dir.write("pyproject.toml", "[tool.alembic]\nscript_location = 'm'\npost_write_hooks = 'x'\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "pyproject.toml:3:20: invalid value for 'post_write_hooks': "
                    "'x' (expected an array of tables)");
}

TEST_CASE("hooks: an ini [post_write_hooks] section replaces TOML's hooks entirely") {
  const TempDir dir;
  dir.write("pyproject.toml",
            "[tool.alembic]\nscript_location = 'm'\n"
            "[[tool.alembic.post_write_hooks]]\nname = 'toml'\ntype = 'exec'\n");
  dir.write("alembic.ini", "[alembic]\n");
  REQUIRE(load_in(dir).post_write_hooks.size() == 1);
  CHECK(load_in(dir).post_write_hooks[0].name == "toml");
  dir.write("alembic.ini", "[alembic]\n[post_write_hooks]\n");
  CHECK(load_in(dir).post_write_hooks.empty());
}
