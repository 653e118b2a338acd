// SPDX-License-Identifier: MIT
// The key table: its defaults are what load() gives, alembic.ini.example and
// docs/configuration.md agree with it, and unknown keys warn with a suggestion.
#include "keys.hpp"
#include "load_fixture.hpp"

#include <migrate/error.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using migrate::config::find_key;
using migrate::config::KeyType;
using migrate::test::load_in;
using migrate::test::LoadArgs;
using migrate::test::TempDir;

namespace {

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(MIGRATE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string default_of(const char* name) {
  const migrate::config::Key* key = find_key(name);
  REQUIRE(key != nullptr);
  return std::string(key->default_value);
}

// A regular expression matching `text` literally.
std::string literal(std::string_view text) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(std::string(text), special, R"(\$&)");
}

} // namespace

TEST_CASE("key table: names are unique and every default parses as its type") {
  std::set<std::string_view> names;
  for (const migrate::config::Key& key : migrate::config::keys()) {
    INFO(key.name);
    CHECK(names.insert(key.name).second);
    CHECK_FALSE(key.help.empty());
    CHECK(key.help.find('\n') == std::string_view::npos);
    if (key.default_value.empty()) {
      continue;
    }
    switch (key.type) {
    case KeyType::duration:
      CHECK(migrate::config::parse_duration(key.default_value).has_value());
      break;
    case KeyType::boolean:
    case KeyType::flag:
      CHECK(migrate::config::parse_bool(key.default_value).has_value());
      break;
    case KeyType::count:
      CHECK(key.default_value.find_first_not_of("0123456789") == std::string_view::npos);
      break;
    default:
      break;
    }
  }
}

TEST_CASE("key table: load() applies each row's default, parsed by the row's type") {
  const TempDir dir;
  dir.write("alembic.ini", "[alembic]\nscript_location = m\n");
  const migrate::config::Config config = load_in(dir);
  CHECK(config.lock_timeout_seconds
        == *migrate::config::parse_duration(default_of("lock_timeout")));
  CHECK(std::to_string(config.truncate_slug_length) == default_of("truncate_slug_length"));
  CHECK(config.version_table == default_of("version_table"));
  CHECK(config.transaction_per_migration
        == *migrate::config::parse_bool(default_of("transaction_per_migration")));
  CHECK(config.recursive_version_locations
        == *migrate::config::parse_bool(default_of("recursive_version_locations")));
  // Written as in alembic.ini: "%%" is one "%" once read.
  CHECK(default_of("file_template") == "%%(rev)s_%%(slug)s");
  CHECK(config.file_template == "%(rev)s_%(slug)s");
  CHECK(config.warnings.empty());
}

TEST_CASE("key table: alembic.ini.example documents every key with the table's default") {
  const std::string example = read_source_file("alembic.ini.example");
  for (const migrate::config::Key& key : migrate::config::keys()) {
    INFO("key " << key.name << ", default '" << key.default_value << "'");
    if (key.type == KeyType::hooks) {
      CHECK(example.find("[post_write_hooks]") != std::string::npos);
      continue;
    }
    if (key.type == KeyType::python_only) {
      // Named in the comment that lists the Alembic keys migrate accepts and ignores.
      CHECK(std::regex_search(example, std::regex("# .*\\b" + literal(key.name) + "\\b")));
      continue;
    }
    // "key = value" or "# key = value", at the start of a line.
    const std::string line = "(^|\n)(# )?" + literal(key.name) + " = ";
    if (key.default_value.empty()) {
      CHECK(std::regex_search(example, std::regex(line)));
    } else {
      CHECK(std::regex_search(example, std::regex(line + literal(key.default_value) + "\n")));
    }
  }
}

TEST_CASE("key table: docs/configuration.md holds the table as generated") {
  const std::string begin = "<!-- keys:begin (generated from src/core/config/keys.cpp) -->\n";
  const std::string end = "<!-- keys:end -->";
  const std::string expected = migrate::config::keys_markdown();
  std::string docs = read_source_file("docs/configuration.md");
  const std::size_t from = docs.find(begin);
  const std::size_t to = docs.find(end);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  const std::string actual = docs.substr(from + begin.size(), to - from - begin.size());
  // MIGRATE_UPDATE_DOCS=1 rewrites the block instead of failing on it.
  if (actual != expected && std::getenv("MIGRATE_UPDATE_DOCS") != nullptr) {
    docs.replace(from + begin.size(), actual.size(), expected);
    std::ofstream(std::string(MIGRATE_SOURCE_DIR) + "/docs/configuration.md", std::ios::binary)
        << docs;
    return;
  }
  INFO("docs/configuration.md is out of date; run MIGRATE_UPDATE_DOCS=1 test_config");
  CHECK(actual == expected);
}

TEST_CASE("unknown keys in [alembic] warn once each, with a suggestion when one is close") {
  const TempDir dir;
  dir.write("x.ini",
            "[DEFAULT]\nshared_by_sections = 1\n"
            "[alembic]\nscript_location = m\nlock_timout = 5\n"
            "transaction_per_migrations = true\nprepend_sys_path = .\n"
            "version_path_separator = os\nmy_env_py_setting = x\n");
  const migrate::config::Config config = load_in(dir, LoadArgs("x.ini"));
  CHECK(config.warnings
        == std::vector<std::string>{
            "x.ini:5: unknown key 'lock_timout' in [alembic]; did you mean 'lock_timeout'?",
            "x.ini:6: unknown key 'transaction_per_migrations' in [alembic]; did you mean "
            "'transaction_per_migration'?",
            "x.ini:9: unknown key 'my_env_py_setting' in [alembic]; migrate does not use it",
        });
  // The misspelt key did not set anything.
  CHECK(config.lock_timeout_seconds
        == *migrate::config::parse_duration(default_of("lock_timeout")));
}

TEST_CASE("unknown keys of -n's section and of [tool.alembic] warn too") {
  const TempDir dir;
  dir.write("alembic.ini",
            "[alembic]\nlock_timout = 1\n[other]\nscript_location = m\nschema_fle = s\n");
  CHECK(load_in(dir, LoadArgs(std::nullopt, std::nullopt, "other")).warnings
        == std::vector<std::string>{
            "alembic.ini:5: unknown key 'schema_fle' in [other]; did you mean 'schema_file'?"});

  const TempDir toml;
  toml.write("pyproject.toml",
             "[tool.alembic]\nscript_location = \"m\"\ntruncate_slug_lenght = 20\n"
             "sourceless = false\n");
  CHECK(load_in(toml).warnings
        == std::vector<std::string>{"pyproject.toml:3:24: unknown key 'truncate_slug_lenght' in "
                                    "[tool.alembic]; did you mean 'truncate_slug_length'?"});
}
