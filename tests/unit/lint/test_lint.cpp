// SPDX-License-Identifier: MIT
// Every rule with a hazardous form (found) and a safe form (not found), positions in the file,
// lint-ignore lines, and PostgreSQL's own syntax errors.
#include <migrate/lint.hpp>
#include <migrate/script.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace migrate::lint;

namespace {

std::vector<std::string> rule_ids(std::string_view sql, bool transactional = true) {
  std::vector<std::string> ids;
  for (const Finding& finding : lint_sql(sql, "r.sql", 1, transactional)) {
    ids.emplace_back(finding.rule->id);
  }
  return ids;
}

bool finds(std::string_view sql, std::string_view rule, bool transactional = true) {
  const std::vector<std::string> ids = rule_ids(sql, transactional);
  return std::find(ids.begin(), ids.end(), rule) != ids.end();
}

struct Case {
  const char* rule;
  const char* hazardous;
  const char* safe;
  bool transactional = true; // of the revision both forms are in
};

const Case k_cases[] = {
    {"create-index-not-concurrently",
     "CREATE INDEX i ON orders (created_at)",
     "CREATE INDEX CONCURRENTLY i ON orders (created_at)",
     false},
    {"create-index-not-concurrently",
     "CREATE UNIQUE INDEX i ON orders (code)",
     "CREATE TABLE orders (id int, code text); CREATE UNIQUE INDEX i ON orders (code)"},
    {"concurrently-in-transaction",
     "CREATE INDEX CONCURRENTLY i ON orders (created_at)",
     "CREATE INDEX i ON new_orders (created_at); CREATE TABLE x (a int)"},
    {"concurrently-in-transaction", "DROP INDEX CONCURRENTLY i", "DROP INDEX i"},
    {"concurrently-in-transaction", "REINDEX (CONCURRENTLY) INDEX i", "REINDEX INDEX i"},
    {"foreign-key-not-valid",
     "ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (user_id) REFERENCES users (id)",
     "ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID"},
    {"foreign-key-not-valid",
     "ALTER TABLE orders ADD COLUMN user_id int REFERENCES users (id)",
     "ALTER TABLE orders ADD COLUMN user_id int"},
    {"check-not-valid",
     "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0)",
     "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID"},
    {"check-not-valid",
     "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\n"
     "ALTER TABLE orders VALIDATE CONSTRAINT c",
     "ALTER TABLE orders VALIDATE CONSTRAINT c"},
    {"foreign-key-not-valid",
     "ALTER TABLE o ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES u (id) NOT VALID;\n"
     "ALTER TABLE o VALIDATE CONSTRAINT f",
     "ALTER TABLE o VALIDATE CONSTRAINT f"},
    {"set-not-null",
     "ALTER TABLE orders ALTER COLUMN total SET NOT NULL",
     "ALTER TABLE orders VALIDATE CONSTRAINT total_not_null;\n"
     "ALTER TABLE orders ALTER COLUMN total SET NOT NULL"},
    {"column-type-change",
     "ALTER TABLE orders ALTER COLUMN id TYPE bigint",
     "ALTER TABLE orders ADD COLUMN id_new bigint"},
    {"volatile-default",
     "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()",
     "ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now()"},
    {"volatile-default",
     "ALTER TABLE orders ADD COLUMN n bigserial",
     "ALTER TABLE orders ADD COLUMN n bigint"},
    {"volatile-default",
     "ALTER TABLE orders ADD COLUMN n int GENERATED ALWAYS AS IDENTITY",
     "CREATE TABLE t (n int GENERATED ALWAYS AS IDENTITY)"},
    {"add-column-not-null-no-default",
     "ALTER TABLE orders ADD COLUMN status text NOT NULL",
     "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new'"},
    {"unique-constraint-builds-index",
     "ALTER TABLE orders ADD CONSTRAINT u UNIQUE (code)",
     "ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX orders_code_idx"},
    {"unique-constraint-builds-index",
     "ALTER TABLE orders ADD PRIMARY KEY (id)",
     "ALTER TABLE orders ADD CONSTRAINT p PRIMARY KEY USING INDEX orders_id_idx"},
    {"drop-column",
     "ALTER TABLE orders DROP COLUMN note",
     "ALTER TABLE orders ADD COLUMN note text"},
    {"drop-table", "DROP TABLE orders", "DROP VIEW orders_view"},
    {"rename-column",
     "ALTER TABLE orders RENAME COLUMN total TO amount",
     "ALTER TABLE orders ADD COLUMN amount numeric"},
    {"rename-table",
     "ALTER TABLE orders RENAME TO purchases",
     "CREATE VIEW purchases AS SELECT * FROM orders"},
    {"vacuum-full", "VACUUM FULL orders", "VACUUM orders"},
    {"cluster", "CLUSTER orders USING orders_pkey", "ANALYZE orders"},
    {"lock-table", "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", "SELECT 1"},
    {"truncate", "TRUNCATE orders", "DELETE FROM orders WHERE id < 0"},
    {"enum-value-in-transaction",
     "ALTER TYPE status ADD VALUE 'refunded'",
     "ALTER TYPE status RENAME VALUE 'old' TO 'new'"},
    {"session-timeout", "SET lock_timeout = '2s'", "SET LOCAL lock_timeout = '2s'"},
    {"session-timeout", "SET statement_timeout = 0", "SET LOCAL statement_timeout = '5min'"},
};

} // namespace

TEST_CASE("each rule finds its hazardous form and not its safe form") {
  for (const Case& c : k_cases) {
    INFO(c.rule << ": " << c.hazardous << " / " << c.safe);
    REQUIRE(find_rule(c.rule) != nullptr);
    CHECK(finds(c.hazardous, c.rule, c.transactional));
    CHECK_FALSE(finds(c.safe, c.rule, c.transactional));
  }
}

TEST_CASE("every rule has a test case, an explanation and an alternative") {
  for (const Rule& rule : rules()) {
    INFO(rule.id);
    CHECK_FALSE(rule.why.empty());
    CHECK_FALSE(rule.instead.empty());
    if (rule.id == "syntax-error" || rule.id == "missing-downgrade") {
      continue; // tested below: they concern the file, not one statement
    }
    CHECK(std::any_of(
        std::begin(k_cases), std::end(k_cases), [&](const Case& c) { return c.rule == rule.id; }));
  }
}

TEST_CASE("enum values, SET LOCAL and NOT VALID + VALIDATE depend on the revision's transaction") {
  CHECK_FALSE(finds("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n"
                    "ALTER TABLE t VALIDATE CONSTRAINT c",
                    "check-not-valid",
                    false));
  CHECK_FALSE(finds("ALTER TYPE status ADD VALUE 'refunded'", "enum-value-in-transaction", false));
  CHECK(finds("SET LOCAL lock_timeout = '2s'", "session-timeout", false));
  CHECK_FALSE(finds("CREATE INDEX CONCURRENTLY i ON t (a)", "concurrently-in-transaction", false));
}

TEST_CASE("a finding is at the statement's first line, after comments and $$ bodies") {
  const std::string sql = "/* a comment\n"
                          "   over two lines; with a semicolon */\n"
                          "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n"
                          "  SELECT 1;\n"
                          "$$;\n"
                          "\n"
                          "-- why: the table is small\n"
                          "CREATE INDEX i\n"
                          "  ON orders (a);\n"
                          "DO $$ BEGIN PERFORM 1; END $$;\n"
                          "ALTER TABLE orders\n"
                          "  DROP COLUMN b;\n";
  const std::vector<Finding> findings = lint_sql(sql, "versions/r.sql", 10);
  REQUIRE(findings.size() == 2);
  CHECK(format_finding(findings[0])
        == "versions/r.sql:17: create-index-not-concurrently: error: CREATE INDEX on orders: use "
           "CREATE INDEX CONCURRENTLY in a revision with transactional: false");
  CHECK(findings[1].line == 20);
  CHECK(findings[1].rule->id == "drop-column");
}

TEST_CASE("-- migrate:lint-ignore on the line before silences the rules it names") {
  CHECK(rule_ids("-- migrate:lint-ignore drop-column\nALTER TABLE t DROP COLUMN a").empty());
  CHECK(rule_ids("-- migrate:lint-ignore drop-column, truncate\nTRUNCATE t").empty());
  CHECK(rule_ids("-- migrate:lint-ignore truncate\nALTER TABLE t DROP COLUMN a")
        == std::vector<std::string>{"drop-column"});
  // Only the line just before: a statement further down is linted.
  CHECK(rule_ids("-- migrate:lint-ignore truncate\nSELECT 1;\nTRUNCATE t")
        == std::vector<std::string>{"truncate"});
}

TEST_CASE("a revision without a downgrade section, and the lint-ignore line that silences it") {
  const auto lint_text = [](const std::string& text) {
    migrate::Revision revision = migrate::script::parse_revision_file(text, "r.sql");
    revision.text = std::make_shared<const std::string>(text);
    std::vector<std::string> ids;
    for (const Finding& finding : lint_revision(revision)) {
      ids.push_back(std::string(finding.rule->id) + "@" + std::to_string(finding.line));
    }
    return ids;
  };
  const std::string header = "-- revision: a1\n-- down_revision:\n\n";
  CHECK(lint_text(header + "-- migrate:upgrade\nSELECT 1;\n")
        == std::vector<std::string>{"missing-downgrade@4"});
  CHECK(lint_text(header
                  + "-- migrate:lint-ignore missing-downgrade\n-- migrate:upgrade\nSELECT 1;\n")
            .empty());
  CHECK(lint_text(header + "-- migrate:lint-ignore drop-column\n-- migrate:upgrade\nSELECT 1;\n")
        == std::vector<std::string>{"missing-downgrade@5"});
  CHECK(lint_text(header + "-- migrate:upgrade\nSELECT 1;\n-- migrate:downgrade\n").empty());
}

TEST_CASE("a syntax error is PostgreSQL's message at its line") {
  const std::vector<Finding> findings =
      lint_sql("SELECT 1;\n\nCREATE TABLE t (\n  a int,\n  b intt nope\n);", "r.sql", 5);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule->id == "syntax-error");
  CHECK(findings[0].line == 9);
  CHECK(format_finding(findings[0])
        == "r.sql:9: syntax-error: error: syntax error at or near \"nope\" (character 36 of the "
           "statement at line 7)");
}

TEST_CASE("docs/lint.md lists every rule with its severity, why and alternative") {
  std::ifstream file(std::string(MIGRATE_SOURCE_DIR) + "/docs/lint.md");
  const std::string docs((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(docs.empty());
  for (const Rule& rule : rules()) {
    INFO(rule.id);
    CHECK(docs.find("| `" + std::string(rule.id) + "` | "
                    + std::string(severity_name(rule.severity)) + " | " + std::string(rule.why)
                    + " | " + std::string(rule.instead) + " |")
          != std::string::npos);
  }
}
