// SPDX-License-Identifier: MIT
// BasicInterpolation on get(); expectations checked against Python 3.11's ConfigParser.
#include <migrate/config.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using migrate::config::IniFile;

namespace {

IniFile parse(std::string_view text) {
  return IniFile::parse(text, "alembic.ini", {{"here", "/h"}});
}

} // namespace

TEST_CASE("%(name)s reads the section, then the defaults; names fold case; %% is a percent") {
  const IniFile file = parse("[a]\nb = B\nk = %(b)s-%(B)s-%(here)s-50%%\n");
  CHECK(file.get("a", "k") == "B-B-/h-50%");
}

TEST_CASE("referenced values are interpolated in turn") {
  const IniFile file = parse("[a]\nx = %(y)s\ny = %(z)s!\nz = 100%%\n");
  CHECK(file.get("a", "x") == "100%!");
  CHECK(file.get("a", "z") == "100%");
}

TEST_CASE("a file_template keeps its tokens once %% is undone") {
  const IniFile file = parse("[alembic]\nfile_template = %%(year)d_%%(rev)s_%%(slug)s\n");
  CHECK(file.get("alembic", "file_template") == "%(year)d_%(rev)s_%(slug)s");
}

TEST_CASE("interpolation is lazy: a bad value only fails when it is read") {
  const IniFile file = parse("[a]\ngood = ok\nbad = 100%\n");
  CHECK(file.get("a", "good") == "ok");
  CHECK_THROWS_AS(file.get("a", "bad"), ConfigError);
  CHECK_THROWS_AS(file.items("a"), ConfigError);
}

TEST_CASE("a lone percent is invalid interpolation syntax") {
  const IniFile file = parse("[alembic]\n\nsqlalchemy.url = postgresql://u:p%40ss@h/db\n");
  CHECK_THROWS_WITH(file.get("alembic", "sqlalchemy.url"),
                    "alembic.ini:3: invalid interpolation syntax in 'sqlalchemy.url' value: "
                    "'postgresql://u:p%40ss@h/db' ('%' must be written '%%')");
}

TEST_CASE("other '%' forms are invalid syntax too") {
  for (const char* value : {"100%", "%(unclosed", "%(here)d", "%()s", "%s"}) {
    const IniFile file = parse(std::string("[a]\nk = ") + value + "\n");
    CHECK_THROWS_WITH(file.get("a", "k"),
                      std::string("alembic.ini:2: invalid interpolation syntax in 'k' value: '")
                          + value + "' ('%' must be written '%%')");
  }
}

TEST_CASE("a syntax error inside a referenced value names the key that was read") {
  const IniFile file = parse("[a]\nk = %(v)s\nv = 5%\n");
  CHECK_THROWS_WITH(file.get("a", "k"),
                    "alembic.ini:2: invalid interpolation syntax in 'k' "
                    "value: '%(v)s' ('%' must be written '%%')");
}

TEST_CASE("a missing reference names the option and the section") {
  const IniFile file = parse("[alembic]\nk = %(Nope)s\n");
  CHECK_THROWS_WITH(
      file.get("alembic", "k"),
      "alembic.ini:2: bad interpolation in 'k': no option 'nope' in section 'alembic'");
}

TEST_CASE("a reference to another section's key is missing") {
  const IniFile file = parse("[a]\nx = 1\n[b]\nk = %(x)s\n");
  CHECK_THROWS_WITH(file.get("b", "k"),
                    "alembic.ini:4: bad interpolation in 'k': no option 'x' in section 'b'");
}

TEST_CASE("a default's error has no line") {
  const IniFile file = IniFile::parse("[a]\n", "alembic.ini", {{"here", "/50%off"}});
  CHECK_THROWS_WITH(file.get("a", "here"),
                    "alembic.ini: invalid interpolation syntax in 'here' "
                    "value: '/50%off' ('%' must be written '%%')");
}

TEST_CASE("recursion stops after MAX_INTERPOLATION_DEPTH (10) levels") {
  std::string text = "[a]\n";
  for (int i = 0; i < 12; ++i) {
    text += "v" + std::to_string(i) + " = %(v" + std::to_string(i + 1) + ")s\n";
  }
  text += "v12 = %%\n";
  const IniFile file = parse(text);
  // v3 -> ... -> v12 is ten levels of values with a '%': still fine, as in Python.
  CHECK(file.get("a", "v3") == "%");
  CHECK_THROWS_WITH(file.get("a", "v2"),
                    "alembic.ini:4: recursion limit exceeded in value substitution of 'v2' in "
                    "section 'a' (more than 10 levels): '%(v3)s'");
}

TEST_CASE("a self reference hits the recursion limit") {
  const IniFile file = parse("[a]\nk = %(k)s\n");
  CHECK_THROWS_WITH(file.get("a", "k"),
                    "alembic.ini:2: recursion limit exceeded in value "
                    "substitution of 'k' in section 'a' (more than 10 "
                    "levels): '%(k)s'");
}

TEST_CASE("an exponential expansion is stopped instead of exhausting memory") {
  std::string text = "[a]\n";
  const std::string fan = "%(n1)s%(n1)s%(n1)s%(n1)s%(n1)s%(n1)s%(n1)s%(n1)s%(n1)s%(n1)s";
  for (int level = 0; level < 9; ++level) {
    std::string value = fan;
    for (std::size_t at = value.find("n1"); at != std::string::npos;
         at = value.find("n1", at + 1)) {
      value.replace(at, 2, "n" + std::to_string(level + 1));
    }
    text += "n" + std::to_string(level) + " = " + value + "\n";
  }
  text += "n9 = xxxxxxxxxxxxxxxx%%\n";
  const IniFile file = parse(text);
  CHECK_THROWS_WITH(file.get("a", "n0"),
                    "alembic.ini:2: interpolation of 'n0' expands more than 100000 references");
}
