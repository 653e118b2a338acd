// SPDX-License-Identifier: MIT
// IniFile parsing rules; every expectation was checked against Python 3.11's ConfigParser.
#include "temp_dir.hpp"

#include <migrate/config.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using migrate::config::IniFile;
using Items = std::vector<std::pair<std::string, std::string>>;

namespace {

IniFile parse(std::string_view text) {
  return IniFile::parse(text, "alembic.ini", {{"here", "/h"}});
}

std::string get(const IniFile& file, const std::string& section, const std::string& key) {
  return file.get(section, key).value_or("<absent>");
}

} // namespace

TEST_CASE("rule 1: sections are found by exact name, in file order") {
  const IniFile file = parse("[alembic]\nk = 1\n[other]\nk = 2\n");
  CHECK(file.sections() == std::vector<std::string>{"alembic", "other"});
  CHECK(file.has_section("alembic"));
  CHECK_FALSE(file.has_section("Alembic"));
  CHECK(file.section("other")->line == 3);
  CHECK(get(file, "other", "k") == "2");
  CHECK_FALSE(file.get("missing", "k").has_value());
}

TEST_CASE("rule 1: a duplicate section is an error") {
  CHECK_THROWS_AS(parse("[a]\nk=1\n[b]\n[a]\n"), ConfigError);
  CHECK_THROWS_WITH(parse("[a]\nk=1\n[b]\n[a]\n"),
                    "alembic.ini:4: section 'a' already exists (first defined on line 1)");
}

TEST_CASE("rule 2: '=' or ':' delimits, the first one wins, keys are lower-cased and trimmed") {
  const IniFile file = parse("[a]\nKey: value\nMiXeD   =   X  \nk1 = a = b\nk2 : a = b\n"
                             "k3 = a : b\nempty =\n");
  CHECK(get(file, "a", "key") == "value");
  CHECK(get(file, "a", "mixed") == "X");
  CHECK(get(file, "a", "MIXED") == "X"); // get() folds the key too
  CHECK(get(file, "a", "k1") == "a = b");
  CHECK(get(file, "a", "k2") == "a = b");
  CHECK(get(file, "a", "k3") == "a : b");
  CHECK(get(file, "a", "empty").empty());
  CHECK(file.section("a")->key_lines.at("mixed") == 3);
}

TEST_CASE("rule 2: a duplicate key in one section is an error, whatever its case") {
  CHECK_THROWS_WITH(
      parse("[a]\nk=1\nK = 2\n"),
      "alembic.ini:3: option 'k' in section 'a' already exists (first defined on line 2)");
}

TEST_CASE("rule 2: a key outside any section is an error") {
  CHECK_THROWS_WITH(
      parse("k = 1\n[a]\n"),
      "alembic.ini:1: line outside any section: 'k = 1' (a '[section]' header must come first)");
}

TEST_CASE("rule 2: a line that is neither header, option nor comment is an error") {
  CHECK_THROWS_WITH(parse("[a]\nnovalue\n"),
                    "alembic.ini:2: parsing error: 'novalue' is not a '[section]' header, a "
                    "'key = value' line or a comment");
  CHECK_THROWS_WITH(parse("[a]\n[]\n"),
                    "alembic.ini:2: parsing error: '[]' is not a '[section]' "
                    "header, a 'key = value' line or a comment");
}

TEST_CASE("rule 2: an option needs a key before its delimiter") {
  CHECK_THROWS_WITH(parse("[a]\n= v\n"),
                    "alembic.ini:2: parsing error: '= v' has no key before the '='");
  CHECK_THROWS_WITH(parse("[a]\n: v\n"),
                    "alembic.ini:2: parsing error: ': v' has no key before the ':'");
}

TEST_CASE("rule 3: whole-line comments are skipped, inline comments are kept") {
  const IniFile file = parse("# top\n; top\n\n[a]\n  # indented comment\n"
                             "key = value # not a comment\nk2 = v ; nope\n");
  CHECK(get(file, "a", "key") == "value # not a comment");
  CHECK(get(file, "a", "k2") == "v ; nope");
}

TEST_CASE("rule 4: indented lines continue a value, joined with newlines") {
  const IniFile file = parse("[a]\nkey = first\n  second\n\tthird\nnext = 1\n");
  CHECK(get(file, "a", "key") == "first\nsecond\nthird");
  CHECK(get(file, "a", "next") == "1");
}

TEST_CASE("rule 4: an empty first line is kept, so the value starts with a newline") {
  const IniFile file = parse("[a]\nversion_locations =\n    /one\n    /two\n");
  CHECK(get(file, "a", "version_locations") == "\n/one\n/two");
}

TEST_CASE("rule 4: blank lines are kept only when more continuation follows") {
  const IniFile file = parse("[a]\nkey = one\n\n  two\n\n\nother = x\nlast = y\n\n\n");
  CHECK(get(file, "a", "key") == "one\n\ntwo");
  CHECK(get(file, "a", "other") == "x");
  CHECK(get(file, "a", "last") == "y");
}

TEST_CASE("rule 4: comment lines inside a value are dropped without ending it") {
  const IniFile file = parse("[a]\nkey = one\n# c\n  two\n  ; d\n  three\n");
  CHECK(get(file, "a", "key") == "one\ntwo\nthree");
}

TEST_CASE("rule 4: continuation needs more indentation than the option line") {
  const IniFile indented = parse("[a]\n  k = v\n  j = w\n");
  CHECK(get(indented, "a", "k") == "v");
  CHECK(get(indented, "a", "j") == "w");
  // Even a section header continues a value when indented.
  const IniFile header = parse("[a]\nk = v\n  [b]\n");
  CHECK(get(header, "a", "k") == "v\n[b]");
  CHECK_FALSE(header.has_section("b"));
}

TEST_CASE("rule 4: indentation is counted in characters, with Python's whitespace") {
  // U+3000 (3 bytes) is one character of indentation, like one space.
  const IniFile file = parse("[a]\n k = v\n\xE3\x80\x80w = x\n");
  CHECK(get(file, "a", "k") == "v");
  CHECK(get(file, "a", "w") == "x");
  // U+00A0 is whitespace for Python's strip() too.
  CHECK(get(parse("[a]\nk = \xC2\xA0v\xC2\xA0\n"), "a", "k") == "v");
}

TEST_CASE("rule 6: [DEFAULT] keys are defaults of every section and may override 'here'") {
  const IniFile file = parse("[DEFAULT]\nroot = /r\n[a]\nk = %(root)s/x\n[DEFAULT]\nother = o\n");
  CHECK(file.sections() == std::vector<std::string>{"a"});
  CHECK_FALSE(file.has_section("DEFAULT"));
  CHECK(get(file, "a", "k") == "/r/x");
  CHECK(get(file, "a", "other") == "o");
  CHECK(file.options("a") == std::vector<std::string>{"k", "here", "root", "other"});
  CHECK(get(parse("[DEFAULT]\nhere = /mine\n[a]\nk=%(here)s\n"), "a", "k") == "/mine");
}

TEST_CASE("rule 6: a duplicate key in [DEFAULT] is an error even across two headers") {
  CHECK_THROWS_WITH(parse("[DEFAULT]\nr=1\n[DEFAULT]\nr=2\n"),
                    "alembic.ini:4: option 'r' in section 'DEFAULT' already exists (first "
                    "defined on line 2)");
}

TEST_CASE("rule 7: a header ends at the last ']' and its name is not trimmed") {
  const IniFile file = parse("[a] trailing ] text\nk=1\n[ b ]\nk=2\n[s] # comment\n");
  CHECK(file.sections() == std::vector<std::string>{"a] trailing ", " b ", "s"});
}

TEST_CASE("rule 8: CRLF and lone CR end lines too") {
  const IniFile file = parse("[a]\r\nk = v\r\n  w\rz = 1");
  CHECK(get(file, "a", "k") == "v\nw");
  CHECK(get(file, "a", "z") == "1");
  CHECK(file.section("a")->key_lines.at("z") == 4);
}

TEST_CASE("rule 8: a UTF-8 byte order mark is skipped") {
  const IniFile file = parse("\xEF\xBB\xBF[alembic]\nscript_location = x\n");
  CHECK(file.has_section("alembic"));
  CHECK(get(file, "alembic", "script_location") == "x");
}

TEST_CASE("items() lists defaults first; options() lists the section's keys first") {
  const IniFile file = parse("[DEFAULT]\nd = 1\n[a]\nk = v\nd = 2\n");
  CHECK(file.items("a") == Items{{"here", "/h"}, {"d", "2"}, {"k", "v"}});
  CHECK(file.options("a") == std::vector<std::string>{"k", "d", "here"});
  CHECK(file.items("missing").empty());
  CHECK(file.has_option("a", "HERE"));
  CHECK_FALSE(file.has_option("missing", "here"));
}

TEST_CASE("location() names the key's line, then [DEFAULT]'s, then 0") {
  const IniFile file = parse("[DEFAULT]\nd = 1\n[a]\nk = v\n");
  CHECK(file.location("a", "k").line == 4);
  CHECK(file.location("a", "d").line == 2);
  CHECK(file.location("a", "here").line == 0);
  CHECK(file.location("a", "k").file == "alembic.ini");
}

TEST_CASE("an empty or comment-only file has no sections") {
  CHECK(parse("").sections().empty());
  CHECK(parse("# only\n\n; comments\n").sections().empty());
}

TEST_CASE("IniFile::load reads a file and sets here to its directory") {
  const migrate::test::TempDir dir;
  const auto path = dir.write("sub/alembic.ini", "[alembic]\nscript_location = %(here)s/m\n");
  const IniFile file = IniFile::load(path);
  CHECK(file.path() == path.string());
  CHECK(get(file, "alembic", "script_location") == dir.here() + "/sub/m");
}

TEST_CASE("IniFile::load of a missing file is an error") {
  const migrate::test::TempDir dir;
  const auto path = dir.path() / "nope.ini";
  CHECK_THROWS_WITH(IniFile::load(path), path.string() + ": config file not found");
}
