// SPDX-License-Identifier: MIT
// The whole-schema check's comparison of two pg_dump --schema-only texts.
#include <migrate/autogen.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using migrate::autogen::compare_schema_dumps;

namespace {

// pg_dump's layout: settings, then each object after a comment block.
std::string dump(const std::string& objects) {
  return "--\n-- PostgreSQL database dump\n--\n\n\\restrict a1b2c3\n\nSET statement_timeout = 0;\n"
         "SELECT pg_catalog.set_config('search_path', '', false);\n\n"
         + objects + "\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict a1b2c3\n";
}

const std::string k_table = "--\n-- Name: t; Type: TABLE; Schema: public; Owner: -\n--\n\n"
                            "CREATE TABLE public.t (\n    id integer NOT NULL,\n    a text\n);\n\n";

} // namespace

TEST_CASE("the same dump, its settings and random \\restrict keys aside, has no differences") {
  std::string other = dump(k_table);
  other.replace(other.find("a1b2c3"), 6, "zzzzzz");
  CHECK(compare_schema_dumps(dump(k_table), other).empty());
}

TEST_CASE("a table's column order is no difference, its columns are") {
  const std::string reordered =
      "--\n-- Name: t; Type: TABLE; Schema: public; Owner: -\n--\n\n"
      "CREATE TABLE public.t (\n    a text,\n    id integer NOT NULL\n);\n\n";
  CHECK(compare_schema_dumps(dump(k_table), dump(reordered)).empty());
  const std::string retyped =
      "--\n-- Name: t; Type: TABLE; Schema: public; Owner: -\n--\n\n"
      "CREATE TABLE public.t (\n    id bigint NOT NULL,\n    a text\n);\n\n";
  CHECK(compare_schema_dumps(dump(k_table), dump(retyped))
        == std::vector<std::string>{"- CREATE TABLE public.t ( a text id integer NOT NULL );",
                                    "+ CREATE TABLE public.t ( a text id bigint NOT NULL );"});
}

TEST_CASE("an enum's label order is a difference") {
  const auto type = [](const std::string& labels) {
    return "--\n-- Name: s; Type: TYPE; Schema: public; Owner: -\n--\n\n"
           "CREATE TYPE public.s AS ENUM (\n"
           + labels + "\n);\n\n";
  };
  CHECK_FALSE(compare_schema_dumps(dump(type("    'a',\n    'b'")), dump(type("    'b',\n    'a'")))
                  .empty());
}

TEST_CASE("an object only one side has is listed once, with its side") {
  const std::string policy = "--\n-- Name: t p; Type: POLICY; Schema: public; Owner: -\n--\n\n"
                             "CREATE POLICY p ON public.t USING ((id > 0));\n\n";
  CHECK(compare_schema_dumps(dump(k_table + policy), dump(k_table))
        == std::vector<std::string>{"- CREATE POLICY p ON public.t USING ((id > 0));"});
  CHECK(compare_schema_dumps(dump(k_table), dump(k_table + policy))
        == std::vector<std::string>{"+ CREATE POLICY p ON public.t USING ((id > 0));"});
}

TEST_CASE("objects in another order are no difference") {
  const std::string view = "--\n-- Name: v; Type: VIEW; Schema: public; Owner: -\n--\n\n"
                           "CREATE VIEW public.v AS\n SELECT t.id\n   FROM public.t;\n\n";
  CHECK(compare_schema_dumps(dump(k_table + view), dump(view + k_table)).empty());
}

TEST_CASE("storage parameters in another order are no difference") {
  const std::string a = "--\n-- Name: t; Type: TABLE; Schema: public; Owner: -\n--\n\n"
                        "CREATE TABLE public.t (\n    id integer\n)\nWITH (fillfactor='70', "
                        "autovacuum_enabled='false');\n\n";
  std::string b = a;
  b.replace(b.find("fillfactor='70', autovacuum_enabled='false'"),
            43,
            "autovacuum_enabled='false', fillfactor='70'");
  CHECK(compare_schema_dumps(dump(a), dump(b)).empty());
  std::string c = a;
  c.replace(c.find("'70'"), 4, "'60'");
  CHECK_FALSE(compare_schema_dumps(dump(a), dump(c)).empty());
}

TEST_CASE("psql meta-commands where a statement starts are blanked, keeping offsets and lines") {
  const std::string sql =
      "\\restrict abc\n\nSET x = 1;\nCREATE FUNCTION f() RETURNS text AS $$\n"
      "\\not a meta-command inside a body\n$$ LANGUAGE sql;\n\\unrestrict abc\n";
  const std::string cleaned = migrate::autogen::without_meta_commands(sql);
  CHECK(cleaned.size() == sql.size());
  CHECK(cleaned.starts_with("             \n\nSET x = 1;"));
  CHECK(cleaned.find("\\not a meta-command inside a body") != std::string::npos);
  CHECK(cleaned.find("unrestrict") == std::string::npos);
  CHECK(std::count(cleaned.begin(), cleaned.end(), '\n')
        == std::count(sql.begin(), sql.end(), '\n'));
}

TEST_CASE("a dump becomes a schema.sql without meta-commands and version lines") {
  const std::string dump =
      "--\n-- PostgreSQL database dump\n--\n\n\\restrict k\n\n"
      "-- Dumped from database version 15.18\n-- Dumped by pg_dump version 15.18\n\n"
      "CREATE TABLE public.t (id integer);\n\n\\unrestrict k\n\n";
  CHECK(
      migrate::autogen::schema_file_from_dump(dump)
      == "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.t (id integer);\n");
}
