// SPDX-License-Identifier: MIT
// The statement splitter: every construct that can hide a ';', errors, positions, and a property
// test.
#include <migrate/sql.hpp>

#include <catch2/catch.hpp>

#include <random>

using migrate::Location;
using migrate::ScriptError;
using migrate::sql::character_offset_to_byte;
using migrate::sql::line_at_offset;
using migrate::sql::line_of_position;
using migrate::sql::split_statements;
using migrate::sql::Statement;

namespace {

std::vector<std::string> texts(std::string_view sql) {
  std::vector<std::string> out;
  for (const Statement& statement : split_statements(sql)) {
    out.push_back(statement.text);
  }
  return out;
}

using Texts = std::vector<std::string>;

// The ScriptError message split_statements throws for `sql`, or "" when it throws none.
std::string error_of(std::string_view sql, const Location& origin = {}) {
  try {
    split_statements(sql, origin);
  } catch (const ScriptError& error) {
    return error.what();
  }
  return {};
}

} // namespace

TEST_CASE("plain statements are split on semicolons, trimmed, without the semicolon") {
  CHECK(texts("SELECT 1; SELECT 2;") == Texts{"SELECT 1", "SELECT 2"});
  CHECK(texts("  CREATE TABLE t (id int)  ;\n\n  DROP TABLE t")
        == Texts{"CREATE TABLE t (id int)", "DROP TABLE t"});
}

TEST_CASE("empty statements and comment-only statements are dropped") {
  CHECK(texts("").empty());
  CHECK(texts(" \n\t ").empty());
  CHECK(texts(";;  ;\n;").empty());
  CHECK(texts("-- nothing; here\n/* nor ; here */ ;") == Texts{});
  CHECK(texts("SELECT 1;;; SELECT 2; -- done;\n") == Texts{"SELECT 1", "SELECT 2"});
}

TEST_CASE("comments before and after a statement are not part of it, comments inside are") {
  CHECK(texts("-- leading\nSELECT 1 -- trailing\n;") == Texts{"SELECT 1"});
  CHECK(texts("/* a */ SELECT /* mid; */ 1 /* b */;") == Texts{"SELECT /* mid; */ 1"});
  CHECK(texts("SELECT 1 -- no semicolon at the end") == Texts{"SELECT 1"});
}

TEST_CASE("single-quoted strings hide semicolons, with '' escapes") {
  CHECK(texts("SELECT 'a;b'; SELECT 2") == Texts{"SELECT 'a;b'", "SELECT 2"});
  CHECK(texts("SELECT 'it''s; fine'; SELECT 2") == Texts{"SELECT 'it''s; fine'", "SELECT 2"});
  CHECK(texts("SELECT '';SELECT ''''") == Texts{"SELECT ''", "SELECT ''''"});
  // Without the E prefix a backslash is an ordinary character (standard_conforming_strings).
  CHECK(texts("SELECT 'C:\\'; SELECT 2") == Texts{"SELECT 'C:\\'", "SELECT 2"});
}

TEST_CASE("E'' strings take backslash escapes") {
  CHECK(texts("SELECT E'\\';still'; SELECT 2") == Texts{"SELECT E'\\';still'", "SELECT 2"});
  CHECK(texts("SELECT e'a\\\\'; SELECT 2") == Texts{"SELECT e'a\\\\'", "SELECT 2"});
  CHECK(texts("SELECT E'x''y;z'; SELECT 2") == Texts{"SELECT E'x''y;z'", "SELECT 2"});
  // An identifier ending in e is not a prefix: 'some\' ends at the second quote.
  CHECK(texts("SELECT some'\\'; SELECT 2") == Texts{"SELECT some'\\'", "SELECT 2"});
}

TEST_CASE("double-quoted identifiers hide semicolons, with \"\" escapes") {
  CHECK(texts("CREATE TABLE \"a;b\" (id int); SELECT 2")
        == Texts{"CREATE TABLE \"a;b\" (id int)", "SELECT 2"});
  CHECK(texts("SELECT \"x\"\";y\"; SELECT 2") == Texts{"SELECT \"x\"\";y\"", "SELECT 2"});
  CHECK(texts("SELECT \"it's\"; SELECT 'a\"b'") == Texts{"SELECT \"it's\"", "SELECT 'a\"b'"});
}

TEST_CASE("dollar-quoted bodies hide semicolons and everything else") {
  const std::string function =
      "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1; -- ';'\nEND;\n$$ LANGUAGE plpgsql";
  CHECK(texts(function + ";\nSELECT f();") == Texts{function, "SELECT f()"});
  CHECK(texts("SELECT $body$ a; $$ b; 'c $body$; SELECT 2")
        == Texts{"SELECT $body$ a; $$ b; 'c $body$", "SELECT 2"});
  CHECK(texts("SELECT $a$ $A$; $a$; SELECT 2") == Texts{"SELECT $a$ $A$; $a$", "SELECT 2"});
  CHECK(texts("SELECT $_x1$;$_x1$;SELECT 2") == Texts{"SELECT $_x1$;$_x1$", "SELECT 2"});
}

TEST_CASE("a dollar sign that opens no body") {
  // Parameters, and '$' inside identifiers, are not dollar quotes.
  CHECK(texts("PREPARE p AS SELECT $1; SELECT 2") == Texts{"PREPARE p AS SELECT $1", "SELECT 2"});
  CHECK(texts("SELECT a$b$; SELECT 2") == Texts{"SELECT a$b$", "SELECT 2"});
  CHECK(texts("SELECT 1$$; SELECT 2") == Texts{"SELECT 1$$", "SELECT 2"});
  CHECK(texts("SELECT $1x$; SELECT 2") == Texts{"SELECT $1x$", "SELECT 2"});
}

TEST_CASE("line comments end at the newline; a quote inside one is not a quote") {
  CHECK(texts("SELECT 1 -- it's; here\n; SELECT 2") == Texts{"SELECT 1", "SELECT 2"});
  CHECK(texts("SELECT 1 --\n+ 2; SELECT 3") == Texts{"SELECT 1 --\n+ 2", "SELECT 3"});
  CHECK(texts("SELECT '--;'; SELECT 2") == Texts{"SELECT '--;'", "SELECT 2"});
}

TEST_CASE("block comments nest") {
  CHECK(texts("SELECT /* a /* b; */ still; comment */ 1; SELECT 2")
        == Texts{"SELECT /* a /* b; */ still; comment */ 1", "SELECT 2"});
  CHECK(texts("/* 'x */ SELECT 1; /* \"y */ SELECT 2") == Texts{"SELECT 1", "SELECT 2"});
}

TEST_CASE("semicolons inside parentheses do not end a statement, as psql") {
  CHECK(texts("CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO u VALUES (1); INSERT INTO u "
              "VALUES (2)); SELECT 2")
        == Texts{"CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO u VALUES (1); INSERT "
                 "INTO u VALUES (2))",
                 "SELECT 2"});
  // A stray ')' does not make the depth negative.
  CHECK(texts("SELECT 1); SELECT 2") == Texts{"SELECT 1)", "SELECT 2"});
}

TEST_CASE("BEGIN ATOMIC bodies of functions and procedures are one statement") {
  const std::string function = "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  "
                               "SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND";
  CHECK(texts(function + ";\nSELECT f(1);") == Texts{function, "SELECT f(1)"});
  const std::string procedure =
      "create or replace procedure p() begin atomic insert into t values (1); end";
  CHECK(texts(procedure + "; SELECT 2") == Texts{procedure, "SELECT 2"});
  // Outside a routine definition BEGIN is a transaction statement.
  CHECK(texts("BEGIN; SELECT 1; END;") == Texts{"BEGIN", "SELECT 1", "END"});
  CHECK(texts("CREATE TABLE begin_end (x int); BEGIN; COMMIT")
        == Texts{"CREATE TABLE begin_end (x int)", "BEGIN", "COMMIT"});
  // A dollar-quoted PL/pgSQL body has its BEGIN/END inside the quotes.
  CHECK(
      texts("CREATE FUNCTION g() RETURNS void AS $$ BEGIN END $$ LANGUAGE plpgsql; SELECT 2").size()
      == 2);
}

TEST_CASE("each statement knows its 1-based start line and byte offset") {
  const std::string sql = "-- header\n\nCREATE TABLE a (\n  id int\n);\n/* c */ INSERT INTO a "
                          "VALUES (1);   SELECT\n'x\ny';\n";
  const std::vector<Statement> statements = split_statements(sql);
  REQUIRE(statements.size() == 3);
  CHECK(statements[0].line == 3);
  CHECK(statements[0].offset == sql.find("CREATE"));
  CHECK(statements[1].line == 6);
  CHECK(statements[1].offset == sql.find("INSERT"));
  CHECK(statements[2].line == 6);
  CHECK(statements[2].offset == sql.find("SELECT"));
  CHECK(statements[2].text == "SELECT\n'x\ny'");
  for (const Statement& statement : statements) {
    CHECK(sql.compare(statement.offset, statement.text.size(), statement.text) == 0);
  }
}

TEST_CASE("unterminated constructs are errors located where they open") {
  CHECK(error_of("SELECT 1;\nSELECT 'abc;\nSELECT 2;")
        == "unterminated quoted string starting at line 2, column 8");
  CHECK(error_of("SELECT E'abc\\';") == "unterminated quoted string starting at line 1, column 8");
  CHECK(error_of("SELECT \"abc;") == "unterminated quoted identifier starting at line 1, column 8");
  CHECK(error_of("SELECT 1; /* a /* b */\n;")
        == "unterminated /* comment starting at line 1, column 11");
  CHECK(error_of("\n\nCREATE FUNCTION f() AS $fn$ BEGIN; $$ END;")
        == "unterminated dollar-quoted string $fn$ starting at line 3, column 24");
  CHECK(error_of("SELECT $$;")
        == "unterminated dollar-quoted string $$ starting at line 1, column 8");
  // Columns count characters, not bytes.
  CHECK(error_of("SELECT 'é', 'x") == "unterminated quoted string starting at line 1, column 13");
}

TEST_CASE("an origin places errors in the file the text came from") {
  Location origin;
  origin.file = "versions/abc_add.sql";
  origin.line = 10;
  CHECK(error_of("SELECT 1;\n  SELECT 'x", origin)
        == "versions/abc_add.sql:11:10: unterminated quoted string");
  try {
    split_statements("SELECT 1;\n  SELECT 'x", origin);
    FAIL("no error");
  } catch (const ScriptError& error) {
    CHECK(error.location().file == "versions/abc_add.sql");
    CHECK(error.location().line == 11);
    CHECK(error.location().column == 10);
  }
  // Without a file the location is relative to the text.
  try {
    split_statements("\n'");
    FAIL("no error");
  } catch (const ScriptError& error) {
    CHECK(error.location().file.empty());
    CHECK(error.location().line == 2);
    CHECK(error.location().column == 1);
  }
}

TEST_CASE("server positions (characters) map to bytes and lines") {
  const std::string text = "SELECT 1;\nSELECT 'é';\nSELECT nope;";
  // "nope" is character 30 (é is one character but two bytes).
  CHECK(character_offset_to_byte(text, 30) == text.find("nope"));
  CHECK(line_of_position(text, 30) == 3);
  CHECK(line_of_position(text, 1) == 1);
  CHECK(line_of_position(text, 10) == 1); // the first newline is on line 1
  CHECK(line_of_position(text, 11) == 2);
  CHECK(line_of_position(text, 0) == 0);
  CHECK(line_of_position(text, -3) == 0);
  CHECK(character_offset_to_byte(text, 0) == 0);
  CHECK(character_offset_to_byte(text, 1000) == text.size());
  CHECK(line_of_position(text, 1000) == 3);
  CHECK(line_at_offset(text, 0) == 1);
  CHECK(line_at_offset(text, text.find("SELECT 'é'")) == 2);
  CHECK(line_at_offset("a\n", 2) == 2);
}

namespace {

// Random SQL built from pieces whose statement boundaries are known.
class SqlGenerator {
public:
  explicit SqlGenerator(unsigned seed) : m_random(seed) {}

  // Appends a random text to `sql`; `expected` receives the statements it holds.
  void generate(std::string& sql, std::vector<std::string>& expected) {
    const int count = pick(0, 6);
    sql += separator();
    for (int i = 0; i < count; ++i) {
      const std::string statement = make_statement();
      expected.push_back(statement);
      sql += statement;
      const bool last = i == count - 1;
      if (!last || pick(0, 1) == 1) {
        sql += pick_from(k_before_semicolon) + ";" + separator();
      }
    }
  }

private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }

  std::string pick_from(const std::vector<std::string>& choices) {
    return choices[static_cast<std::size_t>(pick(0, static_cast<int>(choices.size()) - 1))];
  }

  // Whitespace, comments and empty statements between statements: none of it is a statement.
  std::string separator() {
    std::string out;
    const int pieces = pick(0, 4);
    for (int i = 0; i < pieces; ++i) {
      out += pick_from(
          {" ", "\n", "\t", "\r\n", "-- between; 'x\n", "/* ; /* $$ */ */", ";", " ; \n"});
    }
    return out;
  }

  // Starts and ends with a token; any ';' inside is hidden by a construct.
  std::string make_statement() {
    if (pick(0, 9) == 0) {
      return pick_from({"CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT "
                        "CASE x WHEN 1 THEN 2 END; SELECT 3; END",
                        "create or replace procedure p() begin atomic select 1; end"});
    }
    std::string out = pick_from({"SELECT", "INSERT INTO t VALUES", "ALTER TABLE x ADD y", "DO"});
    const int pieces = pick(1, 6);
    for (int i = 0; i < pieces; ++i) {
      out += pick_from({" ", "\n", "\t", "  \n "});
      out += pick_from(k_fragments);
    }
    return out + " " + pick_from({"1", "z", "'end'", "$$x$$", "(a)"});
  }

  const std::vector<std::string> k_fragments = {
      "x",
      "42",
      "'a;b'",
      "'it''s;'",
      "E'\\';x'",
      "e'a\\\\'",
      "\"q;id\"",
      "\"a\"\";b\"",
      "$$ ; $$",
      "$tag$ a $$ ; $tag$",
      "/* c; /* nested; */ */",
      "-- comment ; 'q\n",
      "(1; 2)",
      "a$b$",
      "$1",
      "+",
      "::text",
      "U&'d;'",
      "B'101'",
      "'$$'",
      "\"--\"",
      "'/*'",
  };
  const std::vector<std::string> k_before_semicolon = {"", " ", "\n", " -- c\n", " /* c */ "};
  std::mt19937 m_random;
};

std::string without_whitespace(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

} // namespace

TEST_CASE("property: splitting random SQL finds exactly the statements it was built from") {
  for (unsigned seed = 1; seed <= 2000; ++seed) {
    SqlGenerator generator(seed);
    std::string sql;
    std::vector<std::string> expected;
    generator.generate(sql, expected);
    INFO("seed " << seed << ", text: " << sql);
    const std::vector<Statement> statements = split_statements(sql);
    std::vector<std::string> found;
    std::string joined;
    for (const Statement& statement : statements) {
      found.push_back(statement.text);
      joined += statement.text;
      REQUIRE(sql.compare(statement.offset, statement.text.size(), statement.text) == 0);
      REQUIRE(statement.line == line_at_offset(sql, statement.offset));
    }
    REQUIRE(found == expected);
    // Splitting then joining loses no non-whitespace text of the statements.
    std::string expected_joined;
    for (const std::string& statement : expected) {
      expected_joined += statement;
    }
    REQUIRE(without_whitespace(joined) == without_whitespace(expected_joined));
  }
}

TEST_CASE("property: statements re-joined with ';' split back into the same statements") {
  for (unsigned seed = 5000; seed < 5500; ++seed) {
    SqlGenerator generator(seed);
    std::string sql;
    std::vector<std::string> expected;
    generator.generate(sql, expected);
    std::string rejoined;
    for (const Statement& statement : split_statements(sql)) {
      rejoined += statement.text + ";\n";
    }
    INFO("seed " << seed << ", text: " << sql);
    std::vector<std::string> again;
    for (const Statement& statement : split_statements(rejoined)) {
      again.push_back(statement.text);
    }
    REQUIRE(again == expected);
  }
}
