// SPDX-License-Identifier: MIT
// The cases of docs/autogenerate.md, "Test cases" (C17 is in test_db_more_kinds.cpp; E1, E2 and E6
// in test_db_rebuild.cpp) round-trips against a real server: current + upgrade introspects equal to
// desired, desired + downgrade equal to current.
#include "db_support.hpp"

#include <catch2/catch.hpp>

using migrate::test::require_converges;
using migrate::test::round_trip;
using migrate::test::statements;

TEST_CASE("C1 enum label inserted mid-list") {
  const auto result =
      round_trip("create type status as enum ('pending','shipped');"
                 "create table orders (id int primary key, s status default 'pending');",
                 "create type status as enum ('pending','paid','shipped');"
                 "create table orders (id int primary key, s status default 'pending');");
  require_converges(result);
  CHECK(statements(result.upgrade)
        == "ALTER TYPE public.status ADD VALUE 'paid' AFTER 'pending';\n");
  CHECK_FALSE(result.upgrade.needs_no_transaction);
  // The way back removes a label: the type is recreated, which is destructive.
  CHECK(result.downgrade.warnings()
        == std::vector<std::string>{
            "changes public.orders.s from public.status to public.status; values that do not "
            "convert fail or change",
            "removes labels 'paid' of type public.status"});
}

TEST_CASE("C2 enum label removed while a column has a default") {
  const auto result =
      round_trip("create type status as enum ('pending','paid','shipped','legacy');"
                 "create table orders (id int primary key, s status not null default 'pending');",
                 "create type status as enum ('pending','paid','shipped');"
                 "create table orders (id int primary key, s status not null default 'pending');");
  require_converges(result);
  CHECK(statements(result.upgrade)
        == "ALTER TYPE public.status RENAME TO \"status__old\";\n"
           "CREATE TYPE public.status AS ENUM ('pending', 'paid', 'shipped');\n"
           "ALTER TABLE public.orders ALTER COLUMN s DROP DEFAULT;\n"
           "ALTER TABLE public.orders ALTER COLUMN s TYPE public.status USING "
           "s::text::public.status;\n"
           "ALTER TABLE public.orders ALTER COLUMN s SET DEFAULT 'pending'::public.status;\n"
           "DROP TYPE public.\"status__old\";\n");
}

TEST_CASE("an added label used by a default makes the revision non-transactional") {
  const auto result = round_trip(
      "create type status as enum ('pending'); create table o (s status default 'pending');",
      "create type status as enum ('pending','new'); create table o (s status default 'new');");
  require_converges(result);
  CHECK(result.upgrade.needs_no_transaction);
}

TEST_CASE("C3 column type change under a chain of views") {
  const char* views = "create view v1 as select id, amount from t;"
                      "create view v2 as select amount*2 as dbl from v1;";
  const auto result =
      round_trip(std::string("create table t (id int primary key, amount integer);") + views,
                 std::string("create table t (id int primary key, amount bigint);") + views);
  require_converges(result);
  const std::string up = statements(result.upgrade);
  CHECK(up.find("DROP VIEW public.v2;\nDROP VIEW public.v1;\n") == 0);
  CHECK(up.find("ALTER TABLE public.t ALTER COLUMN amount TYPE bigint USING amount::bigint;\n"
                "CREATE VIEW public.v1")
        != std::string::npos);
  CHECK(result.upgrade.warnings().empty()); // integer -> bigint keeps every value
  CHECK(result.downgrade.warnings().size() == 1);
}

TEST_CASE("C4 dropped column still read by the old view") {
  const auto result =
      round_trip("create table foo (id bigint primary key, keep_me text, drop_me text);"
                 "create view foo_v as select id, keep_me, drop_me from foo;",
                 "create table foo (id bigint primary key, keep_me text);"
                 "create view foo_v as select id, keep_me from foo;");
  require_converges(result);
  CHECK(result.upgrade.warnings()
        == std::vector<std::string>{"drops column public.foo.drop_me and its data"});
}

TEST_CASE("C5 view chains whose names sort against dependency order") {
  const auto result = round_trip(
      "create table base (id int, name text); create view a_view as select id, name from base;"
      "create view b_view as select id from a_view; create view c_view as select id from b_view;",
      "create table base (id int, name text); create view zz_base as select id, name from base;"
      "create view aa_top as select name from zz_base;");
  require_converges(result);
  CHECK(statements(result.upgrade)
            .find("DROP VIEW public.c_view;\nDROP VIEW public.b_view;\n"
                  "DROP VIEW public.a_view;\n")
        == 0);
}

TEST_CASE("C6 function used in a column default") {
  const auto result = round_trip(
      "",
      "create function best_number() returns bigint language sql as 'select 456::bigint';"
      "create table test (best_id bigint not null default best_number(), name varchar(200) "
      "default '');");
  require_converges(result);
}

TEST_CASE("C7 view that relies on the primary key") {
  require_converges(round_trip("",
                               "create table t (id int primary key, a text, b int);"
                               "create view v as select id, a, max(b) from t group by id;"));
}

TEST_CASE("C8 serial becomes identity") {
  const auto result = round_trip(
      "create table t (id serial primary key, v text);",
      "create table t (id integer generated by default as identity primary key, v text);");
  require_converges(result);
}

TEST_CASE("C9 generated expression changed; generated becomes plain") {
  require_converges(round_trip(
      "create table t (a int, b int generated always as (a*2) stored, c int generated always as "
      "(a+1) stored);",
      "create table t (a int, b int generated always as (a*3) stored, c int);"));
}

TEST_CASE("C10 circular foreign keys between new tables") {
  const auto result =
      round_trip("",
                 "create table a (id int primary key, b_id int);"
                 "create table b (id int primary key, a_id int references a);"
                 "alter table a add constraint a_b_fk foreign key (b_id) references b (id);");
  require_converges(result);
}

TEST_CASE("C11 drop a table that a surviving table references") {
  const auto result =
      round_trip("create table parent (id int primary key);"
                 "create table child (id int primary key, parent_id int references parent);",
                 "create table child (id int primary key, parent_id int);");
  require_converges(result);
  CHECK(statements(result.upgrade)
        == "ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;\n"
           "DROP TABLE public.parent;\n");
  CHECK(result.upgrade.render()
        == "ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;\n"
           "-- destructive: drops table public.parent and its data\n"
           "DROP TABLE public.parent;");
}

TEST_CASE("C12 index on a partitioned table") {
  const char* tables =
      "create table ev (id bigint, at date) partition by range (at);"
      "create table ev_2024 partition of ev for values from ('2024-01-01') to ('2025-01-01');";
  const auto result =
      round_trip(tables, std::string(tables) + "create index ev_at_idx on ev (at);");
  require_converges(result);
  CHECK(statements(result.upgrade) == "CREATE INDEX ev_at_idx ON public.ev USING btree (at);\n");
}

TEST_CASE("C13 unique index becomes a unique constraint of the same name") {
  require_converges(round_trip("create table c (cc int); create unique index c_cc_key on c (cc);",
                               "create table c (cc int unique);"));
}

TEST_CASE("C14 CHECK spelled differently: no statements") {
  const auto result = round_trip(
      "create table t (status text check (status in ('pending','active')), n int check (n "
      "between 0 and 10));",
      "create table t (status text check (status = any (array['pending'::text,'active'::text])), "
      "n int check (n >= 0 and n <= 10));");
  require_converges(result);
  CHECK(result.upgrade.empty());
  CHECK(result.downgrade.empty());
}

TEST_CASE("C15 default spelling: only the real difference") {
  const auto result = round_trip(
      "create table t (a text default 'x', b varchar(10) default 'y', c numeric default 1.50, d "
      "timestamptz default now());",
      "create table t (a text default 'x'::text, b varchar(10) default 'y'::character varying, c "
      "numeric default 1.50, d timestamptz default current_timestamp);");
  require_converges(result);
  CHECK(statements(result.upgrade)
        == "ALTER TABLE public.t ALTER COLUMN d SET DEFAULT CURRENT_TIMESTAMP;\n");
}

TEST_CASE("C16 column rename with a hint") {
  const auto result = round_trip("create table users (id int primary key, username text not null);"
                                 "create index users_username_idx on users (username);",
                                 "create table users (id int primary key, login text not null);"
                                 "create index users_username_idx on users (login);",
                                 {migrate::autogen::Rename{"users.username", "login"}});
  require_converges(result);
  CHECK(
      statements(result.upgrade).find("ALTER TABLE public.users RENAME COLUMN username TO login;\n")
      != std::string::npos);
  CHECK(result.upgrade.warnings().empty());
  CHECK(statements(result.downgrade)
            .find("ALTER TABLE public.users RENAME COLUMN login TO username;\n")
        != std::string::npos);
}

TEST_CASE("C18 function return type changed, a view calls it") {
  const auto result = round_trip(
      "create function f() returns int language sql as 'select 1'; create view fv as select f() "
      "as x;",
      "create function f() returns bigint language sql as 'select 1::bigint'; create view fv as "
      "select f() as x;");
  require_converges(result);
  CHECK(statements(result.upgrade)
            .starts_with("SET check_function_bodies = off;\n"
                         "DROP VIEW public.fv;\nDROP FUNCTION public.f();\n"
                         "CREATE OR REPLACE FUNCTION public.f()"));
}

TEST_CASE("C19 materialized view over a column whose type changes") {
  const auto result = round_trip(
      "create table t (id int, amount int); create materialized view mv as select id, amount "
      "from t; create unique index mv_id on mv (id);",
      "create table t (id int, amount bigint); create materialized view mv as select id, amount "
      "from t; create unique index mv_id on mv (id);");
  require_converges(result);
  CHECK(statements(result.upgrade)
            .ends_with("WITH DATA;\nCREATE UNIQUE INDEX mv_id ON public.mv USING btree (id);\n"));
}

TEST_CASE("C20 sequence ownership and type swap") {
  require_converges(round_trip(
      "create table test (id serial primary key); create sequence test2_id_seq;"
      "create table test2 (id int not null default nextval('test2_id_seq') primary key);",
      "create sequence test_id_seq; create table test (id int not null default "
      "nextval('test_id_seq') primary key); create table test2 (id serial primary key);"));
}

TEST_CASE("E3 foreign key ON DELETE changes") {
  require_converges(round_trip(
      "create table p (id int primary key); create table c (p_id int references p);",
      "create table p (id int primary key); create table c (p_id int references p on delete "
      "cascade);"));
}

TEST_CASE("E4 composite primary key and a column swap") {
  require_converges(round_trip("create table t (a int, b int, primary key (a, b));",
                               "create table t (a int, c int, primary key (a, c));"));
}

TEST_CASE("E5 enum used in a function signature, both removed") {
  require_converges(round_trip(
      "create type mood as enum ('ok'); create function f(m mood) returns int language sql as "
      "'select 1';",
      ""));
}

TEST_CASE("schemas, table renames, new columns, nullability") {
  const auto result = round_trip(
      "create table orders (id int primary key, note text);",
      "create schema app; create table app.audit (id bigint generated always as identity primary "
      "key, at timestamptz not null default now());"
      "create table purchases (id int primary key, note text not null, qty int default 1);",
      {migrate::autogen::Rename{"orders", "purchases"}});
  require_converges(result);
  CHECK(statements(result.upgrade).find("ALTER TABLE public.orders RENAME TO purchases;\n")
        != std::string::npos);
}

TEST_CASE("identical schemas plan nothing") {
  const char* schema =
      "create type s as enum ('a'); create sequence q; create table t (id serial primary key, "
      "s s, q bigint default nextval('q')); create index on t (q) where q > 0;"
      "create view v as select * from t; create function f() returns int language sql as "
      "'select 1';";
  const auto result = round_trip(schema, schema);
  CHECK(result.upgrade.empty());
  CHECK(result.downgrade.empty());
}
