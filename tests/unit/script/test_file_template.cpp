// SPDX-License-Identifier: MIT
// slugify and render_file_template: Alembic's captured cases and Python %-format rules.
#include "support.hpp"

using migrate::ConfigError;
using migrate::script::render_file_template;
using migrate::script::slugify;
using migrate::script::Timestamp;

namespace {

// 2026-11-24 02:17:31 UTC, the moment of the captured Alembic run (its file names are pinned
// below).
Timestamp captured_utc() {
  Timestamp when;
  when.year = 2026;
  when.month = 11;
  when.day = 24;
  when.hour = 2;
  when.minute = 17;
  when.second = 31;
  when.microsecond = 54031;
  when.epoch = 1795486651;
  when.utc_offset = "+00:00";
  return when;
}

std::string render(const std::string& file_template,
                   const std::string& rev = "r5",
                   const std::string& slug = "tz_test") {
  return render_file_template(file_template, rev, slug, captured_utc());
}

} // namespace

TEST_CASE("slugify: captured Alembic examples") {
  CHECK(slugify("Add a very long message, with punctuation! and MixedCase words that exceed forty",
                40)
        == "add_a_very_long_message_with_");
  CHECK(slugify("tz test", 40) == "tz_test");
  CHECK(slugify("", 40).empty());
}

TEST_CASE("slugify: words are runs of \\w joined by '_' and lower-cased") {
  CHECK(slugify("a_b  c", 40) == "a_b_c");
  CHECK(slugify("  --Hello,   World!! ", 40) == "hello_world");
  CHECK(slugify("v2 -> v3", 40) == "v2_v3");
}

TEST_CASE("slugify: Unicode letters are word characters and are lower-cased") {
  CHECK(slugify("\xC3\x9Cn\xC3\xAF"
                "code Stra\xC3\x9F"
                "e \xE2\x80\x94 fa\xC3\xA7"
                "ade",
                40)
        == "\xC3\xBCn\xC3\xAF"
           "code_stra\xC3\x9F"
           "e_fa\xC3\xA7"
           "ade");
}

TEST_CASE("slugify: truncation cuts at the last '_' within the limit, or keeps N characters") {
  CHECK(slugify("one two three", 7) == "one_");
  CHECK(slugify("abcdefghij", 5) == "abcde_");
  CHECK(slugify("abcde", 5) == "abcde");
  CHECK(slugify("x", 0) == "x"); // 0 means the default, as Alembic's "or 40"
}

TEST_CASE("slugify: the limit counts characters, not bytes") {
  CHECK(slugify("\xC3\xA9\xC3\xA9\xC3\xA9 b", 5) == "\xC3\xA9\xC3\xA9\xC3\xA9_b");
  CHECK(slugify("\xC3\xA9\xC3\xA9\xC3\xA9 b", 4) == "\xC3\xA9\xC3\xA9\xC3\xA9_");
  CHECK(slugify("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3) == "\xC3\xA9\xC3\xA9\xC3\xA9_");
}

TEST_CASE("file_template: the default") {
  CHECK(render("%(rev)s_%(slug)s", "r4", "") == "r4_");
  CHECK(render("%(rev)s_%(slug)s", "3f1e2d4c5b6a", "add_phone") == "3f1e2d4c5b6a_add_phone");
}

TEST_CASE("file_template: the captured timezone example with every date token") {
  CHECK(render("%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s_%(epoch)s")
        == "2026_11_24_0217-r5_tz_test_1795486651");
}

TEST_CASE("file_template: the seed style pads month and day") {
  Timestamp when = captured_utc();
  when.month = 3;
  when.day = 7;
  CHECK(render_file_template(
            "%(year)d-%(month).2d-%(day).2d_%(rev)s_%(slug)s", "ae1027a6acf", "add_users", when)
        == "2026-03-07_ae1027a6acf_add_users");
  CHECK(render("%(second)02d:%(minute)2d") == "31:17");
}

TEST_CASE("file_template: Python %-format flags, widths and precisions") {
  CHECK(render("%(month)05.3d") == "00011");
  CHECK(render("%(month)-5.3d|") == "011  |");
  CHECK(render("%(month)+05d") == "+0011");
  CHECK(render("%(month) 5d") == "   11");
  CHECK(render("%(year)x %(year)#x %(year)#08X %(month)#o") == "7ea 0x7ea 0X0007EA 0o13");
  CHECK(render("%(rev)5s|%(rev)-5s|%(rev)05s|") == "   r5|r5   |   r5|");
  CHECK(render("%(slug).2s") == "tz");
  CHECK(render("%(year)ld %(year)i %(year)u") == "2026 2026 2026");
  CHECK(render("%(year)s") == "2026");
  CHECK(render("100%% %(rev)s") == "100% r5");
}

TEST_CASE("file_template: '/' is kept, for subdirectories") {
  CHECK(render("%(year)d/%(month).2d/%(rev)s") == "2026/11/r5");
}

TEST_CASE("file_template errors") {
  CHECK_THROWS_MATCHES(
      render("%(revv)s"),
      ConfigError,
      Catch::Message("invalid file_template '%(revv)s': unknown token 'revv'; did you mean "
                     "'rev'?"));
  CHECK_THROWS_MATCHES(
      render("%(author)s"),
      ConfigError,
      Catch::Message("invalid file_template '%(author)s': unknown token 'author' (known tokens: "
                     "rev, slug, epoch, year, month, day, hour, minute, second)"));
  CHECK_THROWS_MATCHES(render("%s"),
                       ConfigError,
                       Catch::Message("invalid file_template '%s': '%' must be followed by a "
                                      "token name, as in %(rev)s (write '%%' for a literal '%')"));
  CHECK_THROWS_MATCHES(
      render("%(rev"),
      ConfigError,
      Catch::Message("invalid file_template '%(rev': unterminated token name after '%('"));
  CHECK_THROWS_MATCHES(
      render("a%(rev)"),
      ConfigError,
      Catch::Message("invalid file_template 'a%(rev)': incomplete format after '%(rev)'"));
  CHECK_THROWS_MATCHES(
      render("%(rev)d"),
      ConfigError,
      Catch::Message("invalid file_template '%(rev)d': token 'rev' is text; write %(rev)s"));
  CHECK_THROWS_MATCHES(render("%(year)f"),
                       ConfigError,
                       Catch::Message("invalid file_template '%(year)f': unsupported conversion "
                                      "'f' for token 'year' (use s, d, i, u, x, X or o)"));
  CHECK_THROWS_MATCHES(render("%(year)*d"),
                       ConfigError,
                       Catch::Message("invalid file_template '%(year)*d': '*' widths are not "
                                      "supported"));
  CHECK_THROWS_AS(render("%"), ConfigError);
  CHECK_THROWS_AS(render("%(year)99999d"), ConfigError);
}
