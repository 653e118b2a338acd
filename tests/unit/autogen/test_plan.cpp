// SPDX-License-Identifier: MIT
// The planner on hand-made snapshots: phase order, destructive markers, rendering, hints.
// (The same cases against real catalogs are in test_db_cases.cpp.)
#include <migrate/autogen.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using namespace migrate::autogen;

namespace {

Table table(const std::string& name,
            std::vector<Column> columns,
            std::vector<Constraint> constraints = {}) {
  Table t;
  t.name = name;
  t.columns = std::move(columns);
  t.constraints = std::move(constraints);
  return t;
}

Column column(const std::string& name, const std::string& type, bool not_null = false) {
  Column c;
  c.name = name;
  c.type = type;
  c.not_null = not_null;
  return c;
}

std::string sql(const Plan& plan) {
  std::string out;
  for (const Statement& statement : plan.statements) {
    out += statement.sql + ";\n";
  }
  return out;
}

} // namespace

TEST_CASE("new tables come after types and sequences, foreign keys after every table") {
  Snapshot from;
  Snapshot to;
  to.enums["public.s"] = EnumType{"public.s", {"a", "b"}};
  to.sequences["public.q"] = Sequence{"public.q", "bigint", "START 1", ""};
  to.tables["public.b"] =
      table("public.b",
            {column("id", "integer", true), column("a_id", "integer")},
            {Constraint{"b_a_fk", 'f', "FOREIGN KEY (a_id) REFERENCES public.a(id)", "public.a"},
             Constraint{"b_pkey", 'p', "PRIMARY KEY (id)", ""}});
  to.tables["public.a"] = table("public.a",
                                {column("id", "integer", true), column("s", "public.s")},
                                {Constraint{"a_pkey", 'p', "PRIMARY KEY (id)", ""}});
  const Plan plan = plan_changes(from, to, {});
  CHECK(sql(plan)
        == "CREATE TYPE public.s AS ENUM ('a', 'b');\n"
           "CREATE SEQUENCE public.q AS bigint START 1;\n"
           "CREATE TABLE public.a (\n    id integer NOT NULL,\n    s public.s,\n"
           "    CONSTRAINT a_pkey PRIMARY KEY (id)\n);\n"
           "CREATE TABLE public.b (\n    id integer NOT NULL,\n    a_id integer,\n"
           "    CONSTRAINT b_pkey PRIMARY KEY (id)\n);\n"
           "ALTER TABLE public.b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES "
           "public.a(id);\n");
  CHECK(plan.warnings().empty());
  CHECK_FALSE(plan.needs_no_transaction);

  // The way back drops the key, then the tables, then the type and sequence.
  const Plan back = plan_changes(to, from, {});
  CHECK(sql(back)
        == "ALTER TABLE public.b DROP CONSTRAINT b_a_fk;\n"
           "DROP TABLE public.b;\nDROP TABLE public.a;\n"
           "DROP SEQUENCE public.q;\nDROP TYPE public.s;\n");
  CHECK(back.render()
        == "ALTER TABLE public.b DROP CONSTRAINT b_a_fk;\n"
           "-- destructive: drops table public.b and its data\n"
           "DROP TABLE public.b;\n"
           "-- destructive: drops table public.a and its data\n"
           "DROP TABLE public.a;\n"
           "DROP SEQUENCE public.q;\n"
           "-- destructive: drops type public.s\n"
           "DROP TYPE public.s;");
  CHECK(back.warnings()
        == std::vector<std::string>{"drops table public.b and its data",
                                    "drops table public.a and its data",
                                    "drops type public.s"});
}

TEST_CASE("column changes: narrowing is destructive, widening is not, defaults follow the type") {
  Snapshot from;
  Snapshot to;
  Column amount = column("amount", "bigint");
  amount.default_expr = "0";
  from.tables["public.t"] =
      table("public.t", {amount, column("name", "character varying(10)"), column("gone", "text")});
  Column narrowed = column("amount", "integer", true);
  narrowed.default_expr = "0";
  to.tables["public.t"] = table(
      "public.t", {narrowed, column("name", "character varying(20)"), column("added", "text")});
  const Plan plan = plan_changes(from, to, {});
  CHECK(sql(plan)
        == "ALTER TABLE public.t DROP COLUMN gone;\n"
           "ALTER TABLE public.t ALTER COLUMN amount DROP DEFAULT;\n"
           "ALTER TABLE public.t ALTER COLUMN amount TYPE integer USING amount::integer;\n"
           "ALTER TABLE public.t ALTER COLUMN amount SET DEFAULT 0;\n"
           "-- NULLs take the column's default before SET NOT NULL\n"
           "UPDATE public.t SET amount = DEFAULT WHERE amount IS NULL;\n"
           "ALTER TABLE public.t ALTER COLUMN amount SET NOT NULL;\n"
           "ALTER TABLE public.t ALTER COLUMN name TYPE character varying(20) USING "
           "name::character varying(20);\n"
           "ALTER TABLE public.t ADD COLUMN added text;\n");
  CHECK(plan.warnings()
        == std::vector<std::string>{"drops column public.t.gone and its data",
                                    "changes public.t.amount from bigint to integer; values that "
                                    "do not convert fail or change"});
}

TEST_CASE("a rename hint turns drop + add into a rename, and must name something") {
  Snapshot from;
  Snapshot to;
  from.tables["public.users"] = table("public.users", {column("username", "text")});
  to.tables["public.users"] = table("public.users", {column("login", "text")});
  CHECK(sql(plan_changes(from, to, {}))
        == "ALTER TABLE public.users DROP COLUMN username;\n"
           "ALTER TABLE public.users ADD COLUMN login text;\n");
  CHECK(sql(plan_changes(from, to, {Rename{"users.username", "login"}}))
        == "ALTER TABLE public.users RENAME COLUMN username TO login;\n");
  CHECK(sql(plan_changes(from, to, {Rename{"public.users.username", "login"}}))
        == "ALTER TABLE public.users RENAME COLUMN username TO login;\n");
  REQUIRE_THROWS_MATCHES(plan_changes(from, to, {Rename{"users.email", "login"}}),
                         CommandError,
                         Catch::Message("--rename users.email=login: no table or column "
                                        "'users.email' goes away while 'login' appears next to "
                                        "it"));
}

TEST_CASE("an added enum label used later in the revision needs no transaction") {
  Snapshot from;
  Snapshot to;
  from.enums["public.s"] = EnumType{"public.s", {"a"}};
  to.enums["public.s"] = EnumType{"public.s", {"new", "a", "b"}};
  Column before = column("s", "public.s");
  Column after = before;
  after.default_expr = "'b'::public.s";
  from.tables["public.t"] = table("public.t", {before});
  to.tables["public.t"] = table("public.t", {after});
  const Plan plan = plan_changes(from, to, {});
  CHECK(sql(plan)
        == "ALTER TYPE public.s ADD VALUE 'new' BEFORE 'a';\n"
           "ALTER TYPE public.s ADD VALUE 'b' AFTER 'a';\n"
           "ALTER TABLE public.t ALTER COLUMN s SET DEFAULT 'b'::public.s;\n");
  CHECK(plan.needs_no_transaction);
  to.tables["public.t"] = table("public.t", {before});
  CHECK_FALSE(plan_changes(from, to, {}).needs_no_transaction);
}

TEST_CASE("equal snapshots plan nothing") {
  Snapshot snapshot;
  snapshot.tables["public.t"] = table("public.t", {column("a", "integer")});
  snapshot.views["public.v"] = View{"public.v", 'v', "SELECT t.a FROM public.t", {}};
  snapshot.dependencies.push_back(Dependency{"public.v", "public.t", "a"});
  const Plan plan = plan_changes(snapshot, snapshot, {});
  CHECK(plan.empty());
  CHECK(plan.render().empty());
}
