// SPDX-License-Identifier: MIT
// render_template: ${name} substitution in script.sql.tmpl.
#include "support.hpp"

using migrate::ScriptError;
using migrate::script::render_template;

namespace {

const std::map<std::string, std::string> k_vars = {
    {"up_revision", "abc"}, {"message", "m ${up_revision}"}, {"x.table", "users"}};

std::string render(const std::string& text) {
  return render_template(text, k_vars, "tmpl/script.sql.tmpl");
}

} // namespace

TEST_CASE("template: names are replaced, values are not scanned again") {
  CHECK(render("-- revision: ${up_revision}\n-- message: ${message}\n")
        == "-- revision: abc\n-- message: m ${up_revision}\n");
  CHECK(render("SELECT * FROM ${x.table};") == "SELECT * FROM users;");
}

TEST_CASE("template: '$$' is a literal '$', a lone '$' is kept") {
  CHECK(render("$$${up_revision}$$") == "$abc$");
  CHECK(render("SELECT $1, $") == "SELECT $1, $");
  CHECK(render("") == "");
}

TEST_CASE("template error: unknown name, with a suggestion and its line") {
  CHECK_THROWS_MATCHES(render("a\nb ${up_revison}\n"),
                       ScriptError,
                       Catch::Message("tmpl/script.sql.tmpl:2: unknown template variable "
                                      "'up_revison'; did you mean 'up_revision'?"));
  CHECK_THROWS_MATCHES(render("${zzzzzzzz}"),
                       ScriptError,
                       Catch::Message("tmpl/script.sql.tmpl:1: unknown template variable "
                                      "'zzzzzzzz' (known: message, up_revision, x.table)"));
}

TEST_CASE("template error: unterminated placeholder") {
  CHECK_THROWS_MATCHES(
      render("\n\n${message"),
      ScriptError,
      Catch::Message("tmpl/script.sql.tmpl:3: unterminated '${' (write '$$' for a literal '$')"));
}

TEST_CASE("template error: invalid placeholder name") {
  CHECK_THROWS_MATCHES(render("${a b}"),
                       ScriptError,
                       Catch::Message("tmpl/script.sql.tmpl:1: invalid placeholder '${a b}' "
                                      "(names are letters, digits, '_', '.')"));
  CHECK_THROWS_AS(render("${}"), ScriptError);
}
