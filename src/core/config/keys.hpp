// SPDX-License-Identifier: MIT
// The one table of main-section keys: name, type, default, how it is read, one line of help.
// The loader reads every key through it, docs/configuration.md is generated from it (keys_doc.cpp)
// and a test holds alembic.ini.example to it. Adding a key is one row here plus its use.
#pragma once

#include "main_section.hpp"

#include <migrate/config.hpp>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace migrate::config {

enum class KeyType {
  path,        // a file or directory, relative to the working directory
  paths,       // several directories (split by path_separator; a TOML array)
  separator,   // how version_locations is split: os, ':', ';', space, newline
  text,        // a string
  url,         // a database URL or libpq conninfo string
  flag,        // Alembic's strict boolean: only exactly "true" is true in the ini
  boolean,     // true/yes/on/y/t/1 or false/no/off/n/f/0, any case
  count,       // a non-negative integer
  duration,    // seconds, or with a unit: 500ms, 30s, 2min, 1h
  hooks,       // pyproject.toml's [[tool.alembic.post_write_hooks]] (the ini has a section)
  python_only, // Alembic's, for its Python environment; accepted and ignored
  choice,      // one word of a fixed list, which the help names
};

// "path", "true/false", "duration"...: the type as docs/configuration.md names it.
std::string_view key_type_name(KeyType type);

class KeyReader;

struct Key {
  std::string_view name;
  KeyType type;
  // The default as it would be written in alembic.ini ("60", "%%(rev)s_%%(slug)s"); empty when
  // the key is unset by default or its default is derived (the help then says what it is).
  std::string_view default_value;
  std::string_view help; // one line, for docs/configuration.md
  // Stores the key's value (or its default) in the Config; null for keys migrate only accepts.
  void (*read)(const KeyReader& key, Config& config);
};

// Every key, in the order the loader reads them (a key whose default depends on another comes
// after it).
std::span<const Key> keys();
// The row of `name`, or nullptr.
const Key* find_key(std::string_view name);

// What a row's read function sees: the merged main section, the directory relative paths start
// from, and its own row. Each typed read returns the user's value parsed the way its type says,
// else the row's default parsed the same way; it throws std::logic_error when the row's type is
// not the one read (a mistake in the table, which the unit tests would meet).
class KeyReader {
public:
  KeyReader(const MainSection& main, const std::filesystem::path& directory, const Key& key)
      : m_main(main), m_directory(directory), m_key(key) {}

  const MainSection& main() const { return m_main; }
  const std::filesystem::path& directory() const { return m_directory; }
  const Key& key() const { return m_key; }
  std::string name() const { return std::string(m_key.name); }

  // text and url; an empty value counts as unset.
  std::optional<std::string> text() const;
  // text: the value as given, even empty; the default when absent.
  std::optional<Setting> setting() const;
  // path: absolute, from directory(); nullopt when unset or empty.
  std::optional<std::filesystem::path> path() const;
  bool flag() const;
  bool boolean() const;
  int count() const;
  // duration: seconds; nullopt when unset and the row has no default.
  std::optional<double> duration() const;
  // choice: the value, which must be one of `allowed` (the first is the fallback when the row
  // has no default).
  std::string choice(std::initializer_list<std::string_view> allowed) const;

private:
  void expect(KeyType type) const;
  std::optional<std::string> default_text() const;

  const MainSection& m_main;
  const std::filesystem::path& m_directory;
  const Key& m_key;
};

// Reads every key of the table into `config`, in table order.
void read_keys(const MainSection& main, const std::filesystem::path& directory, Config& config);

// "<where>: unknown key '<key>' in [<section>]; did you mean '<known>'?" (or "...; migrate does
// not use it") for each key of the ini's main section (its own keys, not [DEFAULT]'s) and of
// [tool.alembic] that the table does not know, in file order.
std::vector<std::string>
unknown_key_warnings(const IniFile* ini, const std::string& section, const TomlSource* toml);

// The Markdown table of every key (name, type, default, help) that docs/configuration.md holds
// between its "keys:begin" and "keys:end" markers.
std::string keys_markdown();

} // namespace migrate::config
