// SPDX-License-Identifier: MIT
// Domains (C17), extensions, triggers and comments round-trip against a real server.
#include "db_support.hpp"

#include <catch2/catch.hpp>

using migrate::test::round_trip;
using migrate::test::statements;

namespace {

void require_converges(const migrate::test::RoundTrip& result) {
  INFO("upgrade:\n" << result.upgrade.render() << "\ndowngrade:\n" << result.downgrade.render());
  CHECK(result.upgrade_differences == std::vector<std::string>{});
  CHECK(result.downgrade_differences == std::vector<std::string>{});
}

const char* k_touch = "create function touch() returns trigger language plpgsql as $$ begin "
                      "new.at := now(); return new; end $$;";

} // namespace

TEST_CASE("C17 domain CHECK changed while the domain is in use") {
  const auto result =
      round_trip("create domain posint as integer check (value > 0); create table t (q posint);",
                 "create domain posint as integer check (value >= 0); create table t (q posint);");
  require_converges(result);
  CHECK(statements(result.upgrade)
        == "ALTER DOMAIN public.posint DROP CONSTRAINT posint_check;\n"
           "ALTER DOMAIN public.posint ADD CONSTRAINT posint_check CHECK ((VALUE >= 0));\n");
}

TEST_CASE("domains: created, default and NOT NULL changed, dropped") {
  require_converges(round_trip(
      "create domain code as text default 'x' collate \"C\"; create domain gone as int;",
      "create domain code as text not null collate \"C\" check (length(value) < 9);"
      "create domain email as text check (value like '%@%'); create table t (e email, c code);"));
}

TEST_CASE("an extension, a domain over its type, and the way back") {
  const auto result = round_trip(
      "", "create extension pgcrypto; create table k (id uuid default gen_random_uuid());");
  require_converges(result);
  CHECK(statements(result.upgrade)
            .starts_with("CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;\n"));
  CHECK(statements(result.downgrade).ends_with("DROP EXTENSION pgcrypto;\n"));
}

TEST_CASE("triggers: added, changed, kept across a view recreate") {
  const std::string before = std::string(k_touch)
                             + "create table t (id int, at timestamptz);"
                               "create trigger t_touch before insert on t for each row execute "
                               "function touch();";
  const std::string after = std::string(k_touch)
                            + "create table t (id int, at timestamptz);"
                              "create trigger t_touch before insert or update on t for each row "
                              "execute function touch();"
                              "create trigger t_again before update on t for each row execute "
                              "function touch();";
  const auto result = round_trip(before, after);
  require_converges(result);
  CHECK(statements(result.upgrade)
        == "DROP TRIGGER t_touch ON public.t;\n"
           "CREATE TRIGGER t_again BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION "
           "public.touch();\n"
           "CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON public.t FOR EACH ROW EXECUTE "
           "FUNCTION public.touch();\n");
}

TEST_CASE("comments: set, changed, removed, and restored on recreated objects") {
  const auto result = round_trip(
      "create table t (id int primary key, amount int); comment on table t is 'old';"
      "comment on column t.amount is 'money'; create materialized view mv as select id, amount "
      "from t; comment on materialized view mv is 'stats'; comment on column mv.amount is 'sum';"
      "create schema app; comment on schema app is 'application';",
      "create table t (id int primary key, amount bigint); comment on table t is 'it''s new';"
      "comment on column t.amount is 'money'; create materialized view mv as select id, amount "
      "from t; comment on materialized view mv is 'stats'; comment on column mv.amount is 'sum';"
      "comment on constraint t_pkey on t is 'key'; create schema app;");
  require_converges(result);
  const std::string up = statements(result.upgrade);
  CHECK(up.find("COMMENT ON TABLE public.t IS 'it''s new';\n") != std::string::npos);
  CHECK(up.find("COMMENT ON MATERIALIZED VIEW public.mv IS 'stats';\n") != std::string::npos);
  CHECK(up.find("COMMENT ON COLUMN public.mv.amount IS 'sum';\n") != std::string::npos);
  CHECK(up.find("COMMENT ON CONSTRAINT t_pkey ON public.t IS 'key';\n") != std::string::npos);
  CHECK(up.find("COMMENT ON SCHEMA app IS NULL;\n") != std::string::npos);
  CHECK(up.find("COMMENT ON COLUMN public.t.amount") == std::string::npos);
}
