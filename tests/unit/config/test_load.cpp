// SPDX-License-Identifier: MIT
// load(): which files are read, the errors when there are none, and ini-over-TOML precedence.
#include "load_fixture.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using migrate::test::load_in;
using migrate::test::LoadArgs;
using migrate::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("load: ./alembic.ini with only script_location gives Alembic's defaults") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
  const auto config = load_in(dir);
  CHECK(config.ini_path == dir.path() / "alembic.ini");
  CHECK_FALSE(config.pyproject_path.has_value());
  CHECK(config.section == "alembic");
  CHECK(config.script_location == dir.path() / "migrations");
  CHECK(config.version_locations == std::vector<fs::path>{dir.path() / "migrations" / "versions"});
  CHECK_FALSE(config.version_locations_explicit);
  CHECK_FALSE(config.recursive_version_locations);
  CHECK(config.file_template == "%(rev)s_%(slug)s");
  CHECK_FALSE(config.timezone.has_value());
  CHECK(config.truncate_slug_length == 40);
  CHECK_FALSE(config.sqlalchemy_url.has_value());
  CHECK(config.version_table == "alembic_version");
  CHECK_FALSE(config.version_table_schema.has_value());
  CHECK_FALSE(config.transaction_per_migration);
  CHECK(config.lock_timeout_seconds == 4);
  CHECK(config.lock_retries == 5);
  CHECK(config.migration_lock_timeout_seconds == 60);
  CHECK(config.pooler == migrate::config::Pooler::none);
  CHECK_FALSE(config.statement_timeout_seconds.has_value());
  CHECK(config.schema_file == dir.path() / "migrations" / "schema.sql");
  CHECK_FALSE(config.dev_url.has_value());
  CHECK(config.post_write_hooks.empty());
}

TEST_CASE("load: %(here)s is the ini's directory; relative paths resolve against the cwd") {
  const TempDir dir;
  dir.write("conf/alembic.ini", "[alembic]\nscript_location = %(here)s/m\nschema_file = s.sql\n");
  const auto config = load_in(dir, LoadArgs{"conf/alembic.ini"});
  CHECK(config.script_location == dir.path() / "conf" / "m");
  CHECK(config.schema_file == dir.path() / "s.sql");
  CHECK(config.main_options.at("here") == dir.here() + "/conf");
}

TEST_CASE("load: neither file is an error naming the ini and the section") {
  const TempDir dir;
  CHECK_THROWS_AS(load_in(dir), ConfigError);
  CHECK_THROWS_WITH(load_in(dir),
                    "No config file 'alembic.ini' found, or file has no '[alembic]' section");
  CHECK_THROWS_WITH(load_in(dir, LoadArgs{std::nullopt, std::nullopt, "other"}),
                    "No config file 'alembic.ini' found, or file has no '[other]' section");
  CHECK_THROWS_WITH(load_in(dir, LoadArgs{"conf/x.ini"}),
                    "No config file 'conf/x.ini' found, or file has no '[alembic]' section");
  CHECK_THROWS_WITH(load_in(dir, LoadArgs{std::nullopt, "env.ini"}),
                    "No config file 'env.ini' found, or file has no '[alembic]' section");
}

TEST_CASE("load: an ini without the main section and no TOML is the same error") {
  const TempDir dir;
  dir.write("alembic.ini", "[other]\nscript_location = m\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "No config file 'alembic.ini' found, or file has no '[alembic]' section");
  CHECK(load_in(dir, LoadArgs{std::nullopt, std::nullopt, "other"}).section == "other");
}

TEST_CASE("load: a main section without script_location is an error") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nsqlalchemy.url = postgresql://h/db\n");
  CHECK_THROWS_WITH(load_in(dir), "No 'script_location' key found in configuration.");
}

TEST_CASE("load: an empty script_location is an error") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nscript_location =\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "alembic.ini:2: invalid value for 'script_location': '' "
                    "(expected a directory)");
}

TEST_CASE("load: a parse error of the ini names the file as given and the line") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nscript_location = m\n[alembic]\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "alembic.ini:3: section 'alembic' already exists (first defined on line 1)");
}

TEST_CASE("load: -c wins over $ALEMBIC_CONFIG, which wins over ./alembic.ini") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nscript_location = cwd\n");
  dir.write("env.ini", "[alembic]\nscript_location = env\n");
  dir.write("cli.ini", "[alembic]\nscript_location = cli\n");
  CHECK(load_in(dir).script_location == dir.path() / "cwd");
  CHECK(load_in(dir, LoadArgs{std::nullopt, "env.ini"}).script_location == dir.path() / "env");
  CHECK(load_in(dir, LoadArgs{"cli.ini", "env.ini"}).script_location == dir.path() / "cli");
  const std::string absolute = (dir.path() / "cli.ini").string();
  CHECK(load_in(dir, LoadArgs{absolute}).ini_path == dir.path() / "cli.ini");
  // An empty $ALEMBIC_CONFIG is ignored.
  CHECK(load_in(dir, LoadArgs{std::nullopt, ""}).script_location == dir.path() / "cwd");
}

TEST_CASE("load: -n selects the ini section") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nscript_location = a\n[tenant]\nscript_location = t\n");
  const auto config = load_in(dir, LoadArgs{std::nullopt, std::nullopt, "tenant"});
  CHECK(config.section == "tenant");
  CHECK(config.script_location == dir.path() / "t");
}

TEST_CASE("load: ./pyproject.toml alone is enough") {
  const TempDir dir;
  dir.write("pyproject.toml",
            "[project]\nname = 'x'\n[tool.alembic]\n"
            "script_location = '%(here)s/migrations'\n");
  const auto config = load_in(dir);
  CHECK_FALSE(config.ini_path.has_value());
  CHECK(config.pyproject_path == dir.path() / "pyproject.toml");
  CHECK(config.script_location == dir.path() / "migrations");
}

TEST_CASE("load: a pyproject.toml without [tool.alembic] does not count") {
  const TempDir dir;
  dir.write("pyproject.toml", "[project]\nname = 'x'\n");
  CHECK_THROWS_WITH(load_in(dir),
                    "No config file 'alembic.ini' found, or file has no '[alembic]' section");
}

TEST_CASE("load: -c pyproject.toml selects the TOML file; the ini stays ./alembic.ini") {
  const TempDir dir;
  dir.write("sub/pyproject.toml",
            "[tool.alembic]\nscript_location = '%(here)s/m'\n"
            "file_template = 'toml'\n");
  dir.write("pyproject.toml", "[tool.alembic]\nscript_location = 'wrong'\n");
  dir.write("alembic.ini", "[alembic]\nfile_template = ini\n");
  const auto config = load_in(dir, LoadArgs{"sub/pyproject.toml"});
  CHECK(config.pyproject_path == dir.path() / "sub" / "pyproject.toml");
  CHECK(config.ini_path == dir.path() / "alembic.ini");
  CHECK(config.script_location == dir.path() / "sub" / "m");
  CHECK(config.file_template == "ini");
}

TEST_CASE("load: $ALEMBIC_CONFIG naming a pyproject.toml selects the TOML file") {
  const TempDir dir;
  dir.write("sub/pyproject.toml", "[tool.alembic]\nscript_location = '%(here)s/m'\n");
  const auto config = load_in(dir, LoadArgs{std::nullopt, "sub/pyproject.toml"});
  CHECK(config.script_location == dir.path() / "sub" / "m");
  // -c names the TOML file over $ALEMBIC_CONFIG's.
  dir.write("other/pyproject.toml", "[tool.alembic]\nscript_location = '%(here)s/o'\n");
  CHECK(load_in(dir, LoadArgs{"other/pyproject.toml", "sub/pyproject.toml"}).script_location
        == dir.path() / "other" / "o");
}

TEST_CASE("load: the ini wins key by key over [tool.alembic]") {
  const TempDir dir;
  dir.write("pyproject.toml",
            "[tool.alembic]\nscript_location = '%(here)s/toml'\n"
            "file_template = '%%(rev)s_toml'\ntimezone = 'UTC'\n"
            "version_locations = ['%(here)s/v1', 'v2']\n");
  dir.write("alembic.ini",
            "[alembic]\nfile_template = %%(rev)s_ini\n"
            "sqlalchemy.url = postgresql://h/db\n");
  const auto config = load_in(dir);
  CHECK(config.script_location == dir.path() / "toml");
  CHECK(config.file_template == "%(rev)s_ini");
  CHECK(config.timezone == "UTC");
  CHECK(config.version_locations == std::vector<fs::path>{dir.path() / "v1", dir.path() / "v2"});
  CHECK(config.version_locations_explicit);
  CHECK(config.sqlalchemy_url == "postgresql://h/db");
}

TEST_CASE("load: [DEFAULT] keys of the ini count as main-section keys") {
  const TempDir dir;
  dir.write("pyproject.toml", "[tool.alembic]\nscript_location = 'toml'\n");
  dir.write("alembic.ini", "[DEFAULT]\nscript_location = default\n[alembic]\n");
  CHECK(load_in(dir).script_location == dir.path() / "default");
}

TEST_CASE("load: an ini without the main section still lets TOML configure") {
  const TempDir dir;
  dir.write("pyproject.toml", "[tool.alembic]\nscript_location = 'toml'\n");
  dir.write("alembic.ini", "[loggers]\nkeys = root\n");
  const auto config = load_in(dir);
  CHECK(config.script_location == dir.path() / "toml");
  CHECK(config.ini_path == dir.path() / "alembic.ini");
  CHECK_FALSE(config.sqlalchemy_url.has_value());
}

TEST_CASE("load: main_options holds every main-section key, ini first, then TOML") {
  const TempDir dir;
  dir.write("pyproject.toml",
            "[tool.alembic]\nscript_location = 'm'\ncustom = 'toml'\n"
            "only_toml = '%(here)s'\nnumber = 7\nflag = true\n"
            "list = ['a']\nbad = '100%'\n");
  dir.write("alembic.ini", "[alembic]\ncustom = ini\nbroken = 5%\n");
  const auto config = load_in(dir);
  const auto& options = config.main_options;
  CHECK(options.at("custom") == "ini");
  CHECK(options.at("only_toml") == dir.here());
  CHECK(options.at("number") == "7");
  CHECK(options.at("flag") == "true");
  CHECK(options.at("script_location") == "m");
  CHECK(options.at("here") == dir.here());
  // Values that cannot be read as text are left out rather than failing every command.
  CHECK(options.count("broken") == 0);
  CHECK(options.count("bad") == 0);
  CHECK(options.count("list") == 0);
}
