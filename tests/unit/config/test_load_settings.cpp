// SPDX-License-Identifier: MIT
// load(): how each main-section key of the ini is read, and the error for each bad value.
#include "load_fixture.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using migrate::test::load_in;
using migrate::test::TempDir;
namespace fs = std::filesystem;
using Paths = std::vector<fs::path>;

namespace {

// Loads an [alembic] section with script_location = m plus `body`.
migrate::config::Config load_body(const TempDir& dir, const std::string& body) {
  dir.write("alembic.ini", "[alembic]\nscript_location = m\n" + body);
  return load_in(dir);
}

} // namespace

TEST_CASE("version_locations split on each path_separator value") {
  const TempDir dir;
  const fs::path d = dir.path();
  CHECK(load_body(dir, "version_locations = a:b\npath_separator = os\n").version_locations
        == Paths{d / "a", d / "b"});
  CHECK(load_body(dir, "version_locations = a : b:\npath_separator = :\n").version_locations
        == Paths{d / "a", d / "b"});
  CHECK(load_body(dir, "version_locations = a;b c\npath_separator = ;\n").version_locations
        == Paths{d / "a", d / "b c"});
  CHECK(load_body(dir, "version_locations = a  b\npath_separator = space\n").version_locations
        == Paths{d / "a", d / "b"});
  CHECK(load_body(dir, "version_locations =\n  %(here)s/a\n  b c\npath_separator = newline\n")
            .version_locations
        == Paths{d / "a", d / "b c"});
}

TEST_CASE("version_path_separator is the legacy name of path_separator") {
  const TempDir dir;
  CHECK(load_body(dir, "version_locations = a;b\nversion_path_separator = ;\n").version_locations
        == Paths{dir.path() / "a", dir.path() / "b"});
  // path_separator wins when both are there.
  CHECK(load_body(dir,
                  "version_locations = a;b:c\npath_separator = :\n"
                  "version_path_separator = ;\n")
            .version_locations
        == Paths{dir.path() / "a;b", dir.path() / "c"});
}

TEST_CASE("an invalid path_separator is an error") {
  const TempDir dir;
  CHECK_THROWS_WITH(load_body(dir, "version_locations = a\npath_separator = comma\n"),
                    "alembic.ini:4: 'comma' is not a valid value for path_separator; expected "
                    "'space', 'newline', 'os', ':', ';'");
  CHECK_THROWS_WITH(load_body(dir, "version_locations = a\nversion_path_separator = ,\n"),
                    "alembic.ini:4: ',' is not a valid value for version_path_separator; "
                    "expected 'space', 'newline', 'os', ':', ';'");
}

TEST_CASE("without a separator version_locations splits on commas and spaces") {
  const TempDir dir;
  const fs::path d = dir.path();
  CHECK(load_body(dir, "version_locations = a, b,c  d\n").version_locations
        == Paths{d / "a", d / "b", d / "c", d / "d"});
  CHECK(load_body(dir, "version_locations = /abs/one\n").version_locations == Paths{"/abs/one"});
  CHECK(load_body(dir, "version_locations = a\n").version_locations_explicit);
}

TEST_CASE("an empty version_locations means the default") {
  const TempDir dir;
  const auto config = load_body(dir, "version_locations =\npath_separator = bogus\n");
  CHECK(config.version_locations == Paths{dir.path() / "m" / "versions"});
  CHECK_FALSE(config.version_locations_explicit);
}

TEST_CASE("recursive_version_locations is true only for exactly 'true' in the ini") {
  const TempDir dir;
  CHECK(load_body(dir, "recursive_version_locations = true\n").recursive_version_locations);
  CHECK_FALSE(load_body(dir, "recursive_version_locations = yes\n").recursive_version_locations);
  CHECK_FALSE(load_body(dir, "recursive_version_locations = True\n").recursive_version_locations);
}

TEST_CASE("file_template, timezone and truncate_slug_length") {
  const TempDir dir;
  const auto config = load_body(dir,
                                "file_template = %%(year)d_%%(rev)s\ntimezone = UTC\n"
                                "truncate_slug_length = 12\n");
  CHECK(config.file_template == "%(year)d_%(rev)s");
  CHECK(config.timezone == "UTC");
  CHECK(config.truncate_slug_length == 12);
  CHECK_FALSE(load_body(dir, "timezone =\n").timezone.has_value());
}

TEST_CASE("a bad truncate_slug_length is an error") {
  const TempDir dir;
  CHECK_THROWS_WITH(load_body(dir, "truncate_slug_length = forty\n"),
                    "alembic.ini:3: invalid value for 'truncate_slug_length': 'forty' (expected a "
                    "non-negative integer)");
  CHECK_THROWS_WITH(load_body(dir, "truncate_slug_length = -1\n"),
                    "alembic.ini:3: invalid value for 'truncate_slug_length': '-1' (expected a "
                    "non-negative integer)");
}

TEST_CASE("sqlalchemy.url is read from the ini, interpolated") {
  const TempDir dir;
  CHECK(load_body(dir, "sqlalchemy.url = postgresql://u:p%%40ss@h/db\n").sqlalchemy_url
        == "postgresql://u:p%40ss@h/db");
  CHECK_THROWS_WITH(load_body(dir, "sqlalchemy.url = postgresql://u:p%40ss@h/db\n"),
                    "alembic.ini:3: invalid interpolation syntax in 'sqlalchemy.url' value: "
                    "'postgresql://u:p%40ss@h/db' ('%' must be written '%%')");
}

TEST_CASE("version_table and version_table_schema") {
  const TempDir dir;
  const auto config = load_body(dir, "version_table = versions\nversion_table_schema = meta\n");
  CHECK(config.version_table == "versions");
  CHECK(config.version_table_schema == "meta");
  CHECK_FALSE(load_body(dir, "version_table_schema =\n").version_table_schema.has_value());
  CHECK_THROWS_WITH(load_body(dir, "version_table =\n"),
                    "alembic.ini:3: invalid value for 'version_table': '' (expected a table name)");
}

TEST_CASE("transaction_per_migration is read with asbool") {
  const TempDir dir;
  CHECK(load_body(dir, "transaction_per_migration = Yes\n").transaction_per_migration);
  CHECK(load_body(dir, "transaction_per_migration = on\n").transaction_per_migration);
  CHECK_FALSE(load_body(dir, "transaction_per_migration = 0\n").transaction_per_migration);
  CHECK_THROWS_WITH(load_body(dir, "transaction_per_migration = sometimes\n"),
                    "alembic.ini:3: invalid value for 'transaction_per_migration': 'sometimes' "
                    "(expected true or false)");
}

TEST_CASE("lock_timeout and statement_timeout take seconds or a unit") {
  const TempDir dir;
  CHECK(load_body(dir, "lock_timeout = 30\n").lock_timeout_seconds == Approx(30));
  CHECK(load_body(dir, "lock_timeout = 30s\n").lock_timeout_seconds == Approx(30));
  CHECK(load_body(dir, "lock_timeout = 500ms\n").lock_timeout_seconds == Approx(0.5));
  CHECK(load_body(dir, "lock_timeout = 2min\n").lock_timeout_seconds == Approx(120));
  CHECK(load_body(dir, "statement_timeout = 5min\n").statement_timeout_seconds == Approx(300));
}

TEST_CASE("a bad timeout is an error naming the key and its line") {
  const TempDir dir;
  CHECK_THROWS_WITH(load_body(dir, "\nlock_timeout = soon\n"),
                    "alembic.ini:4: invalid value for 'lock_timeout': 'soon' (expected a duration "
                    "such as 30, 30s, 500ms or 2min)");
  CHECK_THROWS_WITH(load_body(dir, "statement_timeout = -5\n"),
                    "alembic.ini:3: invalid value for 'statement_timeout': '-5' (expected a "
                    "duration such as 30, 30s, 500ms or 2min)");
}

TEST_CASE("pooler is none or transaction") {
  const TempDir dir;
  CHECK(load_body(dir, "pooler = transaction\n").pooler == migrate::config::Pooler::transaction);
  CHECK(load_body(dir, "pooler = none\n").pooler == migrate::config::Pooler::none);
  CHECK_THROWS_WITH(load_body(dir, "pooler = session\n"),
                    "alembic.ini:3: invalid value for 'pooler': 'session' (expected none or "
                    "transaction)");
}

TEST_CASE("schema_file and dev_url") {
  const TempDir dir;
  const auto config = load_body(dir,
                                "schema_file = %(here)s/db/schema.sql\n"
                                "dev_url = postgresql://localhost/scratch\n");
  CHECK(config.schema_file == dir.path() / "db" / "schema.sql");
  CHECK(config.dev_url == "postgresql://localhost/scratch");
  CHECK_FALSE(load_body(dir, "dev_url =\n").dev_url.has_value());
}

TEST_CASE("paths are normalized: '.' and trailing separators go away") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nscript_location = ./m/\n");
  CHECK(load_in(dir).script_location == dir.path() / "m");
}
