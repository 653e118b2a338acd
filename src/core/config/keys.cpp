// SPDX-License-Identifier: MIT
// The table of main-section keys (docs/configuration.md is generated from it) and their reads.
#include "keys.hpp"

#include "paths.hpp"

#include <migrate/util/strings.hpp>

#include <array>
#include <charconv>
#include <stdexcept>

namespace migrate::config {

namespace fs = std::filesystem;

namespace {

void read_script_location(const KeyReader& key, Config& config) {
  const std::optional<Setting> location = key.setting();
  if (!location) {
    throw ConfigError("No 'script_location' key found in configuration.");
  }
  if (location->value.empty()) {
    throw ConfigError(location->where,
                      "invalid value for 'script_location': '' (expected a directory)");
  }
  config.script_location = absolute_from(key.directory(), location->value);
}

// The ini's string split by path_separator (or its legacy name), else the TOML list; an empty
// list means the default, as Alembic's ScriptDirectory._version_locations does.
void read_version_locations(const KeyReader& key, Config& config) {
  const MainSection& main = key.main();
  std::vector<std::string> locations;
  const std::optional<Setting> value = main.ini_string("version_locations");
  if (value && !value->value.empty()) {
    std::optional<char> separator;
    for (const char* name : {"path_separator", "version_path_separator"}) {
      if (const std::optional<Setting> setting = main.ini_string(name)) {
        separator = path_separator_char(name, *setting);
        break;
      }
    }
    locations = split_paths(value->value, separator);
  } else if (const auto list = main.toml_list("version_locations")) {
    for (const Setting& item : *list) {
      if (!item.value.empty()) {
        locations.push_back(item.value);
      }
    }
  }
  config.version_locations_explicit = !locations.empty();
  if (locations.empty()) {
    config.version_locations.push_back(config.script_location / "versions");
  }
  for (const std::string& location : locations) {
    config.version_locations.push_back(absolute_from(key.directory(), location));
  }
}

void read_version_table(const KeyReader& key, Config& config) {
  const Setting table = *key.setting();
  if (table.value.empty()) {
    throw ConfigError(table.where, "invalid value for 'version_table': '' (expected a table name)");
  }
  config.version_table = table.value;
}

// Rows read in this order: version_locations and schema_file default from script_location.
const std::array<Key, 27> k_keys{{
    {"script_location",
     KeyType::path,
     "",
     "Required. The folder holding script.sql.tmpl, versions/ and schema.sql.",
     read_script_location},
    {"version_locations",
     KeyType::paths,
     "",
     "Folders of revision files. Default: <script_location>/versions.",
     read_version_locations},
    {"path_separator",
     KeyType::separator,
     "",
     "How version_locations is split: os, ':', ';', space or newline. Unset: commas and spaces.",
     nullptr},
    {"version_path_separator",
     KeyType::separator,
     "",
     "Alembic's older name for path_separator (path_separator wins).",
     nullptr},
    {"recursive_version_locations",
     KeyType::flag,
     "false",
     "Also read revision files in subfolders of each version location.",
     [](const KeyReader& key, Config& config) { config.recursive_version_locations = key.flag(); }},
    {"file_template",
     KeyType::text,
     "%%(rev)s_%%(slug)s",
     "Name of new revision files, without .sql (tokens: rev, slug, epoch, year, month, day, hour, "
     "minute, second).",
     [](const KeyReader& key, Config& config) { config.file_template = key.setting()->value; }},
    {"timezone",
     KeyType::text,
     "",
     "IANA time zone for create_date and the file_template dates. Unset: local time.",
     [](const KeyReader& key, Config& config) { config.timezone = key.text(); }},
    {"truncate_slug_length",
     KeyType::count,
     "40",
     "Longest slug taken from the message in file names.",
     [](const KeyReader& key, Config& config) { config.truncate_slug_length = key.count(); }},
    {"sqlalchemy.url",
     KeyType::url,
     "",
     "The database (ini only). --url and $DATABASE_URL override it; unset: libpq's environment.",
     [](const KeyReader& key, Config& config) {
       if (const std::optional<Setting> url = key.main().ini_string(key.name())) {
         config.sqlalchemy_url = url->value;
       }
     }},
    {"version_table",
     KeyType::text,
     "alembic_version",
     "The version table, shaped exactly as Alembic's.",
     read_version_table},
    {"version_table_schema",
     KeyType::text,
     "",
     "Schema of the version table. Unset: the search_path's first schema.",
     [](const KeyReader& key, Config& config) { config.version_table_schema = key.text(); }},
    {"transaction_per_migration",
     KeyType::boolean,
     "false",
     "Commit after each revision instead of once for the whole run.",
     [](const KeyReader& key, Config& config) {
       config.transaction_per_migration = key.boolean();
     }},
    {"pipeline",
     KeyType::boolean,
     "true",
     "Send a run's transactional revisions in libpq pipelines, many per round trip, instead of "
     "one round trip each (docs/pipelining.md).",
     [](const KeyReader& key, Config& config) { config.pipeline = key.boolean(); }},
    {"lock_timeout",
     KeyType::duration,
     "4s",
     "PostgreSQL's lock_timeout for the revisions' statements: a DDL lock not granted by then "
     "fails (and is retried) instead of queueing every reader behind it. 0 waits forever.",
     [](const KeyReader& key, Config& config) { config.lock_timeout_seconds = *key.duration(); }},
    {"lock_retries",
     KeyType::count,
     "5",
     "How often a revision that hit lock_timeout is tried again, after 1 s, 2 s, 4 s... (at most "
     "30 s, with jitter).",
     [](const KeyReader& key, Config& config) { config.lock_retries = key.count(); }},
    {"migration_lock_timeout",
     KeyType::duration,
     "60s",
     "How long to wait for another migrate run's migration lock (the advisory lock).",
     [](const KeyReader& key, Config& config) {
       config.migration_lock_timeout_seconds = *key.duration();
     }},
    {"pooler",
     KeyType::choice,
     "none",
     "What is between migrate and PostgreSQL: none (a direct connection, or PgBouncer in session "
     "mode) or transaction (PgBouncer's transaction pooling: no session state is relied on).",
     [](const KeyReader& key, Config& config) {
       config.pooler = key.choice({"none", "transaction"}) == "transaction" ? Pooler::transaction
                                                                            : Pooler::none;
     }},
    {"statement_timeout",
     KeyType::duration,
     "",
     "statement_timeout for each statement of a run. Unset: the server's.",
     [](const KeyReader& key, Config& config) {
       config.statement_timeout_seconds = key.duration();
     }},
    {"schema_file",
     KeyType::path,
     "",
     "The desired schema for revision --autogenerate and check. Default: "
     "<script_location>/schema.sql.",
     [](const KeyReader& key, Config& config) {
       config.schema_file = key.path().value_or(config.script_location / "schema.sql");
     }},
    {"dev_url",
     KeyType::url,
     "",
     "Server for autogenerate's scratch databases. Unset: the target server.",
     [](const KeyReader& key, Config& config) { config.dev_url = key.text(); }},
    {"autogenerate_cache",
     KeyType::boolean,
     "true",
     "Keep schema.sql loaded and the revisions replayed as databases on the scratch server "
     "(migrate_cache_*), so the next revision --autogenerate or check reads an unchanged side "
     "instead of building it again.",
     [](const KeyReader& key, Config& config) { config.autogenerate_cache = key.boolean(); }},
    {"lint",
     KeyType::choice,
     "",
     "warn, error or off: what lint findings do (docs/lint.md). Unset: warn, for new revisions "
     "only (the file revision writes). Set to warn or error, upgrade also lints the revisions it "
     "is about to apply, and error refuses to apply one with an error-level finding.",
     [](const KeyReader& key, Config& config) {
       if (key.main().has(key.name())) {
         const std::string mode = key.choice({"warn", "error", "off"});
         config.lint = mode == "error" ? LintMode::error
                       : mode == "off" ? LintMode::off
                                       : LintMode::warn;
       }
     }},
    {"post_write_hooks",
     KeyType::hooks,
     "",
     "Programs run on each new revision file: [post_write_hooks] in the ini, "
     "[[tool.alembic.post_write_hooks]] in TOML.",
     nullptr},
    {"prepend_sys_path",
     KeyType::python_only,
     "",
     "Alembic's (Python's sys.path); ignored.",
     nullptr},
    {"revision_environment",
     KeyType::python_only,
     "",
     "Alembic's (runs env.py); ignored.",
     nullptr},
    {"sourceless", KeyType::python_only, "", "Alembic's (.pyc revisions); ignored.", nullptr},
    {"output_encoding",
     KeyType::python_only,
     "",
     "Alembic's; ignored (revision files are UTF-8).",
     nullptr},
}};

} // namespace

std::string_view key_type_name(KeyType type) {
  switch (type) {
  case KeyType::path:
    return "path";
  case KeyType::paths:
    return "paths";
  case KeyType::separator:
    return "separator";
  case KeyType::text:
    return "text";
  case KeyType::url:
    return "URL";
  case KeyType::flag:
    return "true/false (exactly \"true\")";
  case KeyType::boolean:
    return "true/false";
  case KeyType::count:
    return "integer";
  case KeyType::duration:
    return "duration";
  case KeyType::hooks:
    return "hooks";
  case KeyType::python_only:
    return "Alembic only";
  case KeyType::choice:
    return "choice";
  }
  return "";
}

std::span<const Key> keys() {
  return k_keys;
}

const Key* find_key(std::string_view name) {
  for (const Key& key : k_keys) {
    if (key.name == name) {
      return &key;
    }
  }
  return nullptr;
}

void KeyReader::expect(KeyType type) const {
  if (m_key.type != type) {
    throw std::logic_error("configuration key table: '" + name() + "' is read as "
                           + std::string(key_type_name(type)) + " but declared "
                           + std::string(key_type_name(m_key.type)));
  }
}

std::optional<std::string> KeyReader::default_text() const {
  if (m_key.default_value.empty()) {
    return std::nullopt;
  }
  // Written as in alembic.ini, so "%%" stands for "%" (ConfigParser's interpolation).
  std::string text;
  for (std::size_t i = 0; i < m_key.default_value.size(); ++i) {
    text += m_key.default_value[i];
    if (m_key.default_value.substr(i, 2) == "%%") {
      ++i;
    }
  }
  return text;
}

std::optional<Setting> KeyReader::setting() const {
  if (m_key.type != KeyType::text) {
    expect(KeyType::path);
  }
  if (std::optional<Setting> value = m_main.string(name())) {
    return value;
  }
  if (std::optional<std::string> fallback = default_text()) {
    return Setting{*fallback, Location{}};
  }
  return std::nullopt;
}

std::optional<std::string> KeyReader::text() const {
  if (m_key.type != KeyType::text) {
    expect(KeyType::url);
  }
  const std::optional<Setting> value = m_main.string(name());
  if (value && !value->value.empty()) {
    return value->value;
  }
  return default_text();
}

std::optional<fs::path> KeyReader::path() const {
  const std::optional<Setting> value = setting();
  if (!value || value->value.empty()) {
    return std::nullopt;
  }
  return absolute_from(m_directory, value->value);
}

bool KeyReader::flag() const {
  expect(KeyType::flag);
  return m_main.has(name()) ? m_main.alembic_flag(name()) : default_text() == "true";
}

bool KeyReader::boolean() const {
  expect(KeyType::boolean);
  if (const std::optional<bool> value = m_main.boolean(name())) {
    return *value;
  }
  return parse_bool(default_text().value_or("false")).value_or(false);
}

int KeyReader::count() const {
  expect(KeyType::count);
  if (const std::optional<int> value = m_main.count(name())) {
    return *value;
  }
  const std::string text = default_text().value_or("0");
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::optional<double> KeyReader::duration() const {
  expect(KeyType::duration);
  if (const std::optional<double> value = m_main.duration(name())) {
    return value;
  }
  const std::optional<std::string> text = default_text();
  return text ? parse_duration(*text) : std::nullopt;
}

std::string KeyReader::choice(std::initializer_list<std::string_view> allowed) const {
  expect(KeyType::choice);
  const std::optional<Setting> value = m_main.string(name());
  if (!value) {
    return default_text().value_or(std::string(*allowed.begin()));
  }
  for (const std::string_view word : allowed) {
    if (value->value == word) {
      return value->value;
    }
  }
  std::string expected;
  for (const std::string_view word : allowed) {
    expected += (expected.empty() ? "" : " or ") + std::string(word);
  }
  throw ConfigError(value->where,
                    "invalid value for '" + name() + "': '" + value->value + "' (expected "
                        + expected + ")");
}

void read_keys(const MainSection& main, const fs::path& directory, Config& config) {
  for (const Key& key : k_keys) {
    if (key.read != nullptr) {
      key.read(KeyReader(main, directory, key), config);
    }
  }
}

} // namespace migrate::config
