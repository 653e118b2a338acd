// SPDX-License-Identifier: MIT
// load(): pyproject.toml [tool.alembic] values, their types, and the TOML errors.
#include "load_fixture.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using migrate::test::load_in;
using migrate::test::TempDir;
namespace fs = std::filesystem;

namespace {

migrate::config::Config load_toml(const TempDir& dir, const std::string& body) {
  dir.write("pyproject.toml", "[tool.alembic]\nscript_location = 'm'\n" + body);
  return load_in(dir);
}

} // namespace

TEST_CASE("toml: strings are %-interpolated with here, so %% is still needed") {
  const TempDir dir;
  const auto config = load_toml(dir,
                                "file_template = '%%(rev)s_%%(slug)s'\n"
                                "schema_file = '%(here)s/schema/s.sql'\n");
  CHECK(config.file_template == "%(rev)s_%(slug)s");
  CHECK(config.schema_file == dir.path() / "schema" / "s.sql");
}

TEST_CASE("toml: only here can be interpolated, in exact case") {
  const TempDir dir;
  CHECK_THROWS_WITH(load_toml(dir, "timezone = '%(script_location)s'\n"),
                    "pyproject.toml:3:12: bad interpolation in 'timezone': no option "
                    "'script_location' in section 'tool.alembic'");
  CHECK_THROWS_WITH(load_toml(dir, "timezone = '%(HERE)s'\n"),
                    "pyproject.toml:3:12: bad interpolation in 'timezone': no option 'HERE' in "
                    "section 'tool.alembic'");
  CHECK_THROWS_WITH(load_toml(dir, "timezone = '50%'\n"),
                    "pyproject.toml:3:12: invalid interpolation syntax in 'timezone' value: '50%' "
                    "('%' must be written '%%')");
}

TEST_CASE("toml: version_locations is a list of interpolated strings") {
  const TempDir dir;
  const auto config = load_toml(dir, "version_locations = ['%(here)s/a', 'b']\n");
  CHECK(config.version_locations == std::vector<fs::path>{dir.path() / "a", dir.path() / "b"});
  CHECK(config.version_locations_explicit);
  CHECK_FALSE(load_toml(dir, "version_locations = []\n").version_locations_explicit);
  CHECK_THROWS_WITH(load_toml(dir, "version_locations = 'a:b'\n"),
                    "pyproject.toml:3:21: invalid value for 'version_locations': 'a:b' "
                    "(expected an array of strings)");
}

TEST_CASE("toml: booleans must be TOML booleans") {
  const TempDir dir;
  CHECK(load_toml(dir, "recursive_version_locations = true\n").recursive_version_locations);
  CHECK(load_toml(dir, "transaction_per_migration = true\n").transaction_per_migration);
  CHECK_THROWS_WITH(load_toml(dir, "recursive_version_locations = 'true'\n"),
                    "pyproject.toml:3:31: boolean value expected for TOML parameter "
                    "'recursive_version_locations'");
  CHECK_THROWS_WITH(load_toml(dir, "transaction_per_migration = 1\n"),
                    "pyproject.toml:3:29: boolean value expected for TOML parameter "
                    "'transaction_per_migration'");
}

TEST_CASE("toml: truncate_slug_length may be an integer or a string") {
  const TempDir dir;
  CHECK(load_toml(dir, "truncate_slug_length = 20\n").truncate_slug_length == 20);
  CHECK(load_toml(dir, "truncate_slug_length = '30'\n").truncate_slug_length == 30);
  CHECK_THROWS_WITH(load_toml(dir, "truncate_slug_length = -3\n"),
                    "pyproject.toml:3:24: invalid value for 'truncate_slug_length': -3 "
                    "(expected a non-negative integer)");
}

TEST_CASE("toml: timeouts may be numbers or strings") {
  const TempDir dir;
  CHECK(load_toml(dir, "lock_timeout = 5\n").lock_timeout_seconds == Approx(5));
  CHECK(load_toml(dir, "lock_timeout = 2.5\n").lock_timeout_seconds == Approx(2.5));
  CHECK(load_toml(dir, "statement_timeout = '1min'\n").statement_timeout_seconds == Approx(60));
  CHECK_THROWS_WITH(load_toml(dir, "lock_timeout = -1.0\n"),
                    "pyproject.toml:3:16: invalid value for 'lock_timeout': -1.0 (expected a "
                    "duration such as 30, 30s, 500ms or 2min)");
}

TEST_CASE("toml: other value types are errors") {
  const TempDir dir;
  CHECK_THROWS_WITH(load_toml(dir, "file_template = 1.5\n"),
                    "pyproject.toml:3:17: unsupported TOML value type for key: 'file_template'");
  CHECK_THROWS_WITH(load_toml(dir, "timezone = 2024-01-01\n"),
                    "pyproject.toml:3:12: unsupported TOML value type for key: 'timezone'");
  CHECK_THROWS_WITH(load_toml(dir, "file_template = true\n"),
                    "pyproject.toml:3:17: invalid value for 'file_template': true (expected a "
                    "string)");
}

TEST_CASE("toml: a syntax error is reported with line and column") {
  const TempDir dir;
  dir.write("pyproject.toml", "[tool.alembic]\nscript_location = \n");
  CHECK_THROWS_WITH(load_in(dir),
                    "pyproject.toml:2:19: Error while parsing key-value pair: "
                    "expected value, saw '\\n'");
}

TEST_CASE("toml: tool.alembic must be a table") {
  const TempDir dir;
  dir.write("pyproject.toml", "[tool]\nalembic = 'x'\n");
  CHECK_THROWS_WITH(load_in(dir), "pyproject.toml:2:11: Incorrect TOML format");
  dir.write("pyproject.toml", "tool = 3\n");
  CHECK_THROWS_WITH(load_in(dir), "pyproject.toml:1:8: Incorrect TOML format");
}

TEST_CASE("toml: sqlalchemy.url is never read from TOML, as in Alembic") {
  const TempDir dir;
  CHECK_FALSE(load_toml(dir, "'sqlalchemy.url' = 'postgresql://h/db'\n").sqlalchemy_url);
}
