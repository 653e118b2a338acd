// SPDX-License-Identifier: MIT
// Property test: randomly mutated ini texts either parse or throw ConfigError, never anything
// else, and whatever parsed answers items() and get() consistently.
#include <migrate/config.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <random>

using migrate::ConfigError;
using migrate::config::IniFile;

namespace {

const char* const k_seeds[] = {
    "[alembic]\n"
    "# a comment\n"
    "script_location = %(here)s/migrations\n"
    "file_template = %%(year)d_%%(rev)s_%%(slug)s\n"
    "version_locations =\n"
    "    %(here)s/a\n"
    "\n"
    "    %(here)s/b\n"
    "path_separator = newline\n"
    "sqlalchemy.url = postgresql://u:p%%40ss@localhost/db\n"
    "\n"
    "[post_write_hooks]\n"
    "hooks = fmt\n"
    "fmt.type = exec\n"
    "fmt.options = -w REVISION_SCRIPT_FILENAME\n",
    "[DEFAULT]\nroot = /srv\n[a]\nx = %(root)s/%(y)s\ny = %(z)s\nz = 50%%\nk: v ; kept\n",
    "\xEF\xBB\xBF[s]\r\nkey = first\r\n\tsecond\rother = %(key)s\n[t]\nself = %(self)s\n",
};

const char k_interesting[] = {'[', ']', '%', '=', ':', '\n', '\r', ' ', '\t', '(', ')', 's', '#'};

std::string mutate(std::string text, std::mt19937& random) {
  std::uniform_int_distribution<int> count(1, 8);
  const int mutations = count(random);
  for (int i = 0; i < mutations; ++i) {
    const std::size_t pos = text.empty() ? 0 : random() % (text.size() + 1);
    switch (random() % 5) {
    case 0: // flip a byte to anything, including NUL and invalid UTF-8
      if (!text.empty()) {
        text[pos % text.size()] = static_cast<char>(random() % 256);
      }
      break;
    case 1:
    case 2: // insert a character the grammar cares about
      text.insert(pos, 1, k_interesting[random() % sizeof(k_interesting)]);
      break;
    case 3: // delete a character
      if (!text.empty()) {
        text.erase(pos % text.size(), 1);
      }
      break;
    default: // truncate
      text.resize(pos);
      break;
    }
  }
  return text;
}

// Checks the parsed file: items() and get() agree, and each fails only with ConfigError.
void check_consistent(const IniFile& file) {
  for (const std::string& section : file.sections()) {
    std::vector<std::pair<std::string, std::string>> items;
    bool items_failed = false;
    try {
      items = file.items(section);
    } catch (const ConfigError&) {
      items_failed = true;
    }
    bool any_get_failed = false;
    for (const std::string& key : file.options(section)) {
      REQUIRE(file.has_option(section, key));
      try {
        const std::optional<std::string> value = file.get(section, key);
        REQUIRE(value.has_value());
        if (!items_failed) {
          const auto item = std::find_if(
              items.begin(), items.end(), [&key](const auto& entry) { return entry.first == key; });
          REQUIRE(item != items.end());
          CHECK(item->second == *value);
        }
      } catch (const ConfigError&) {
        any_get_failed = true;
      }
    }
    CHECK(items_failed == any_get_failed);
    if (!items_failed) {
      CHECK(items.size() == file.options(section).size());
    }
  }
}

} // namespace

TEST_CASE("mutated ini texts parse or throw ConfigError, and parsed ones are consistent") {
  std::mt19937 random(20240611); // fixed: a failure must reproduce
  int parsed = 0;
  int rejected = 0;
  for (int round = 0; round < 6000; ++round) {
    const std::string text = mutate(k_seeds[round % std::size(k_seeds)], random);
    INFO("input: " << text);
    try {
      const IniFile file = IniFile::parse(text, "fuzz.ini", {{"here", "/h"}});
      ++parsed;
      check_consistent(file);
    } catch (const ConfigError& error) {
      ++rejected;
      // Every parse error carries the file and a line.
      const std::string message = error.what();
      CHECK(message.rfind("fuzz.ini:", 0) == 0);
      CHECK(message.size() > 9);
      CHECK(std::isdigit(static_cast<unsigned char>(message[9])));
    } catch (const std::exception& error) {
      FAIL("unexpected exception: " << error.what());
    } catch (...) {
      FAIL("unexpected non-standard exception");
    }
  }
  // Both outcomes must be well represented, or the mutations are not testing much.
  CHECK(parsed > 1000);
  CHECK(rejected > 1000);
}

TEST_CASE("random bytes never crash the reader") {
  std::mt19937 random(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text(random() % 200, '\0');
    for (char& c : text) {
      c = static_cast<char>(random() % 256);
    }
    try {
      check_consistent(IniFile::parse(text, "noise.ini"));
    } catch (const ConfigError&) {
      // fine: rejected with our error
    } catch (...) {
      FAIL("unexpected exception");
    }
  }
}
