// SPDX-License-Identifier: MIT
// parse_revision_file: the accepted format and one pinned error text per malformed case.
#include "support.hpp"

using migrate::Revision;
using migrate::ScriptError;
using migrate::script::parse_revision_file;
using migrate::script::section_text;

namespace {

const std::string k_path = "versions/a1_add.sql";

// A parsed revision with the text it came from, for reading its sections back.
struct Parsed : Revision {
  std::string text;
  std::string upgrade_sql() const { return std::string(section_text(text, upgrade)); }
  std::string downgrade_sql() const { return std::string(section_text(text, downgrade.value())); }
};

Parsed parse(const std::string& text) {
  return Parsed{parse_revision_file(text, k_path), text};
}

// The message of the ScriptError that parsing `text` throws.
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ScriptError& error) {
    return error.what();
  }
  FAIL("parse_revision_file accepted:\n" << text);
  return {};
}

const std::string k_body = "\n-- migrate:upgrade\nSELECT 1;\n";

} // namespace

TEST_CASE("a complete revision file parses into every field") {
  const Parsed revision = parse("-- message: add phone number to users\n"
                                "-- revision: 3f1e2d4c5b6a\n"
                                "-- down_revision: 1975ea83b712\n"
                                "-- branch_labels: billing\n"
                                "-- depends_on: 9c0ffee11223, networking\n"
                                "-- create_date: 2026-11-24 10:40:27.089406+00:00\n"
                                "-- transactional: false\n"
                                "\n"
                                "-- migrate:upgrade\n"
                                "ALTER TABLE users ADD COLUMN phone text;\n"
                                "\n"
                                "-- migrate:downgrade\n"
                                "ALTER TABLE users DROP COLUMN phone;\n");
  CHECK(revision.message == "add phone number to users");
  CHECK(revision.id == "3f1e2d4c5b6a");
  CHECK(revision.down_revisions == std::vector<std::string>{"1975ea83b712"});
  CHECK(revision.branch_labels == std::vector<std::string>{"billing"});
  CHECK(revision.depends_on == std::vector<std::string>{"9c0ffee11223", "networking"});
  CHECK(revision.create_date == "2026-11-24 10:40:27.089406+00:00");
  CHECK_FALSE(revision.transactional);
  CHECK(revision.path == k_path);
  CHECK(revision.header_end_line == 7);
  CHECK(revision.upgrade_sql() == "ALTER TABLE users ADD COLUMN phone text;\n\n");
  CHECK(revision.upgrade.first_line == 10);
  REQUIRE(revision.downgrade);
  CHECK(revision.downgrade_sql() == "ALTER TABLE users DROP COLUMN phone;\n");
  CHECK(revision.downgrade->first_line == 13);
}

TEST_CASE("an empty down_revision is a base; optional keys have defaults") {
  const Parsed revision = parse("-- revision: abc\n-- down_revision:\n" + k_body);
  CHECK(revision.down_revisions.empty());
  CHECK(revision.branch_labels.empty());
  CHECK(revision.depends_on.empty());
  CHECK(revision.message.empty());
  CHECK(revision.create_date.empty());
  CHECK(revision.transactional);
  CHECK_FALSE(revision.downgrade);
  CHECK(revision.upgrade_sql() == "SELECT 1;\n");
  CHECK(revision.upgrade.first_line == 5);
}

TEST_CASE("down_revision 'a, b' is a merge, in file order") {
  const Parsed revision = parse("-- revision: m1\n-- down_revision: b2 ,a1\n" + k_body);
  CHECK(revision.down_revisions == std::vector<std::string>{"b2", "a1"});
}

TEST_CASE("empty optional list headers, as the default template writes them, are empty lists") {
  const Parsed revision =
      parse("-- revision: abc\n-- down_revision:\n-- branch_labels:\n-- depends_on:  \n" + k_body);
  CHECK(revision.branch_labels.empty());
  CHECK(revision.depends_on.empty());
}

TEST_CASE("values are trimmed and keep inner colons") {
  const Parsed revision =
      parse("-- message:   fix: a  b  \t\n-- revision:\tabc \n-- down_revision:\n" + k_body);
  CHECK(revision.message == "fix: a  b");
  CHECK(revision.id == "abc");
}

TEST_CASE("'--key:value' without spaces is accepted") {
  const Parsed revision = parse("--revision:abc\n--down_revision:\n" + k_body);
  CHECK(revision.id == "abc");
}

TEST_CASE("transactional is true or false in any case") {
  CHECK(
      parse("-- revision: a\n-- down_revision:\n-- transactional: TRUE\n" + k_body).transactional);
  CHECK_FALSE(
      parse("-- revision: a\n-- down_revision:\n-- transactional: False\n" + k_body).transactional);
}

TEST_CASE("CRLF line endings and a UTF-8 byte order mark are accepted") {
  const Parsed revision = parse("\xEF\xBB\xBF-- message: caf\xC3\xA9\r\n-- revision: abc\r\n"
                                "-- down_revision:\r\n\r\n-- migrate:upgrade\r\nSELECT 1;\r\n"
                                "-- migrate:downgrade\r\n");
  CHECK(revision.message == "caf\xC3\xA9");
  CHECK(revision.id == "abc");
  CHECK(revision.upgrade_sql() == "SELECT 1;\r\n");
  CHECK(revision.upgrade.first_line == 6);
  REQUIRE(revision.downgrade);
  CHECK(revision.downgrade_sql().empty());
  CHECK(revision.downgrade->first_line == 8);
}

TEST_CASE("blank lines and comments may sit between the header and the upgrade marker") {
  const Parsed revision = parse("-- revision: abc\n-- down_revision:\n\n-- a comment\n--\n"
                                "-- note: not a header key once the header is over\n"
                                "  -- indented comment\n\n-- migrate:upgrade\nSELECT 1;");
  CHECK(revision.header_end_line == 2);
  CHECK(revision.upgrade_sql() == "SELECT 1;");
  CHECK(revision.upgrade.first_line == 10);
}

TEST_CASE("section SQL is kept verbatim, comments and '--' lines included") {
  const std::string sql = "-- revision: here\nCREATE FUNCTION f() RETURNS int AS $$\n"
                          "  SELECT 1 -- migrate is not a marker here\n$$ LANGUAGE sql;\n";
  const Parsed revision = parse("-- revision: a\n-- down_revision:\n-- migrate:upgrade\n" + sql
                                + "-- migrate:downgrade\nDROP FUNCTION f();");
  CHECK(revision.upgrade_sql() == sql);
  CHECK(revision.downgrade_sql() == "DROP FUNCTION f();");
}

TEST_CASE("markers may carry surrounding whitespace") {
  const Parsed revision =
      parse("-- revision: a\n-- down_revision:\n  --  migrate:upgrade  \nSELECT 1;\n"
            "-- migrate:downgrade\t\n");
  CHECK(revision.upgrade_sql() == "SELECT 1;\n");
  CHECK(revision.downgrade);
}

TEST_CASE("an upgrade marker on the last line gives an empty section") {
  const Parsed revision = parse("-- revision: a\n-- down_revision:\n-- migrate:upgrade");
  CHECK(revision.upgrade_sql().empty());
  CHECK(revision.upgrade.first_line == 4);
}

TEST_CASE("a 32-character id is accepted") {
  const std::string id(32, 'a');
  CHECK(parse("-- revision: " + id + "\n-- down_revision:\n" + k_body).id == id);
}

// ---- errors: one TEST_CASE per rule, exact text ------------------------------------------

TEST_CASE("error: unknown header key with a suggestion") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- down_revison: b\n" + k_body)
        == "versions/a1_add.sql:3: unknown header key 'down_revison'; did you mean "
           "'down_revision'?");
}

TEST_CASE("error: keys are case-sensitive") {
  CHECK(error_of("-- Revision: a\n")
        == "versions/a1_add.sql:1: unknown header key 'Revision'; did you mean 'revision'?");
}

TEST_CASE("error: unknown header key without a close match lists the keys") {
  CHECK(error_of("-- revision: a\n-- author: me\n")
        == "versions/a1_add.sql:2: unknown header key 'author' (known keys: message, revision, "
           "down_revision, branch_labels, depends_on, create_date, transactional)");
}

TEST_CASE("error: missing revision") {
  CHECK(error_of("-- message: x\n-- down_revision:\n" + k_body)
        == "versions/a1_add.sql:1: missing required header 'revision' (add a line '-- revision: "
           "<id>')");
}

TEST_CASE("error: missing down_revision") {
  CHECK(error_of("-- revision: a\n" + k_body)
        == "versions/a1_add.sql:1: missing required header 'down_revision' (add a line "
           "'-- down_revision: <parent id>', empty for a base revision)");
}

TEST_CASE("error: an empty file has no revision") {
  CHECK(error_of("")
        == "versions/a1_add.sql:1: missing required header 'revision' (add a line "
           "'-- revision: <id>')");
}

TEST_CASE("error: duplicate header key") {
  CHECK(error_of("-- message: a\n-- revision: a\n-- down_revision:\n-- message: b\n" + k_body)
        == "versions/a1_add.sql:4: duplicate header key 'message'");
}

TEST_CASE("error: illegal characters in the revision id") {
  const std::string error = error_of("-- message: m\n-- revision: ab-c:d\n");
  CHECK(error
        == "versions/a1_add.sql:2: Character(s) '-, :' not allowed in revision identifier "
           "'ab-c:d'");
}

TEST_CASE("error: '@', '+' and inner whitespace are illegal in ids too") {
  CHECK(error_of("-- revision: a@b+c d\n")
        == "versions/a1_add.sql:1: Character(s) ' , +, @' not allowed in revision identifier "
           "'a@b+c d'");
  CHECK(error_of("-- revision: a\tb\n")
        == "versions/a1_add.sql:1: Character(s) '\\t' not allowed in revision identifier "
           "'a\tb'");
}

TEST_CASE("error: a revision id longer than 32 characters") {
  const std::string id(33, 'x');
  CHECK(error_of("-- message: m\n-- revision: " + id + "\n")
        == "versions/a1_add.sql:2: revision id '" + id
               + "' is longer than 32 characters (the version table's varchar(32))");
}

TEST_CASE("error: an id's length counts characters, not bytes") {
  std::string id;
  for (int i = 0; i < 32; ++i) {
    id += "\xC3\xA9";
  }
  CHECK(parse("-- revision: " + id + "\n-- down_revision:\n" + k_body).id == id);
  CHECK(error_of("-- revision: " + id + "e\n").find("is longer than 32 characters")
        != std::string::npos);
}

TEST_CASE("error: an empty revision value") {
  CHECK(error_of("-- revision:\n") == "versions/a1_add.sql:1: empty revision identifier");
}

TEST_CASE("error: an illegal id in down_revision") {
  CHECK(error_of("-- revision: a\n-- down_revision: b, c+d\n")
        == "versions/a1_add.sql:2: Character(s) '+' not allowed in revision identifier 'c+d'");
}

TEST_CASE("error: an empty item in a list") {
  CHECK(error_of("-- revision: a\n-- down_revision: b,,c\n")
        == "versions/a1_add.sql:2: empty item in 'down_revision' list 'b,,c'");
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- branch_labels: x,\n")
        == "versions/a1_add.sql:3: empty item in 'branch_labels' list 'x,'");
}

TEST_CASE("error: whitespace inside a list item") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- depends_on: b c\n")
        == "versions/a1_add.sql:3: 'b c' in 'depends_on' contains whitespace; separate items "
           "with ','");
}

TEST_CASE("error: an item listed twice") {
  CHECK(error_of("-- revision: a\n-- down_revision: b, b\n")
        == "versions/a1_add.sql:2: 'b' is listed twice in 'down_revision'");
}

TEST_CASE("error: a bad transactional value") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- transactional: yes\n")
        == "versions/a1_add.sql:3: invalid value for 'transactional': 'yes' (expected true or "
           "false)");
}

TEST_CASE("error: a header line after a blank line ended the header") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n\n-- transactional: false\n" + k_body)
        == "versions/a1_add.sql:4: header line '-- transactional:' after the end of the header "
           "(line 3 is not a header line); keep the header lines together at the top of the file");
}

TEST_CASE("error: the header must start at line 1") {
  CHECK(error_of("\n-- revision: a\n-- down_revision:\n" + k_body)
        == "versions/a1_add.sql:2: header line '-- revision:' after the end of the header (line 1 "
           "is not a header line); keep the header lines together at the top of the file");
}

TEST_CASE("error: SQL text between the header and the upgrade marker") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n\nCREATE TABLE t ();\n" + k_body)
        == "versions/a1_add.sql:4: SQL text before the '-- migrate:upgrade' line (only blank "
           "lines and '--' comments may come between the header and it)");
}

TEST_CASE("error: missing upgrade marker") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n\n-- just a comment\n")
        == "versions/a1_add.sql:4: missing '-- migrate:upgrade' line (add it after the header, "
           "followed by the upgrade SQL)");
}

TEST_CASE("error: downgrade marker before the upgrade marker") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n\n-- migrate:downgrade\nDROP TABLE t;\n"
                 "-- migrate:upgrade\n")
        == "versions/a1_add.sql:4: '-- migrate:downgrade' appears before '-- migrate:upgrade'");
}

TEST_CASE("error: duplicate upgrade marker") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- migrate:upgrade\nSELECT 1;\n"
                 "-- migrate:upgrade\n")
        == "versions/a1_add.sql:5: duplicate '-- migrate:upgrade' line (the first is at line 3)");
}

TEST_CASE("error: an upgrade marker after the downgrade marker") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- migrate:upgrade\n-- migrate:downgrade\n"
                 "-- migrate:upgrade\n")
        == "versions/a1_add.sql:5: duplicate '-- migrate:upgrade' line (the first is at line 3)");
}

TEST_CASE("error: duplicate downgrade marker") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- migrate:upgrade\n-- migrate:downgrade\n"
                 "SELECT 1;\n-- migrate:downgrade\n")
        == "versions/a1_add.sql:6: duplicate '-- migrate:downgrade' line (the first is at line "
           "4)");
}

TEST_CASE("error: a misspelt marker in a section") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- migrate:upgrade\n-- migrate:downgrad\n")
        == "versions/a1_add.sql:4: unknown marker '-- migrate:downgrad'; did you mean "
           "'-- migrate:downgrade'?");
}

TEST_CASE("error: a marker in the wrong case") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- MIGRATE:UPGRADE\n")
        == "versions/a1_add.sql:3: unknown marker '-- MIGRATE:UPGRADE'; did you mean "
           "'-- migrate:upgrade'?");
}

TEST_CASE("error: a marker with trailing text") {
  CHECK(error_of("-- revision: a\n-- down_revision:\n-- migrate:upgrade now please\n")
        == "versions/a1_add.sql:3: unknown marker '-- migrate:upgrade now please' (expected "
           "'-- migrate:upgrade' or '-- migrate:downgrade')");
}

TEST_CASE("error: a NUL byte") {
  const std::string text = "-- revision: a\n-- down_revision:\n" + k_body + std::string(1, '\0');
  CHECK(error_of(text)
        == "versions/a1_add.sql:6: NUL byte in file (a revision file must be UTF-8 text)");
}

TEST_CASE("error: invalid UTF-8") {
  CHECK(error_of("-- message: caf\xE9\n")
        == "versions/a1_add.sql:1: invalid UTF-8 (byte 0xe9); a revision file must be UTF-8 "
           "text");
  CHECK(error_of("-- revision: a\n-- message: \xED\xA0\x80\n") // a UTF-16 surrogate
        == "versions/a1_add.sql:2: invalid UTF-8 (byte 0xed); a revision file must be UTF-8 "
           "text");
  CHECK(error_of("-- revision: a\n\n\xC0\xAF") // overlong '/'
        == "versions/a1_add.sql:3: invalid UTF-8 (byte 0xc0); a revision file must be UTF-8 "
           "text");
}

TEST_CASE("errors carry the location separately") {
  try {
    parse("-- revision: a\n-- bogus: 1\n");
    FAIL("no error");
  } catch (const ScriptError& error) {
    CHECK(error.location().file == k_path);
    CHECK(error.location().line == 2);
  }
}

TEST_CASE("illegal_id_characters and check_revision_id") {
  using migrate::script::check_revision_id;
  using migrate::script::illegal_id_characters;
  CHECK(illegal_id_characters("3f1e2d4c5b6a").empty());
  CHECK(illegal_id_characters("ab-c:d") == "-, :");
  CHECK(illegal_id_characters("@@++") == "+, @");
  CHECK_NOTHROW(check_revision_id("abc_def.1"));
  CHECK_THROWS_MATCHES(
      check_revision_id("ab-c:d"),
      migrate::CommandError,
      Catch::Message("Character(s) '-, :' not allowed in revision identifier 'ab-c:d'"));
  CHECK_THROWS_MATCHES(check_revision_id(std::string(33, 'f')),
                       migrate::CommandError,
                       Catch::Message("revision id '" + std::string(33, 'f')
                                      + "' is longer than 32 characters (the version table's "
                                        "varchar(32))"));
}
