// SPDX-License-Identifier: MIT
// The last cases of docs/autogenerate.md, "Test cases": E1 (SET NOT NULL), E2 (an index redefined
// under its name) and E6 (a plain table becomes partitioned and back: rename, create, copy, drop),
// round-tripped on a server.
#include "db_support.hpp"

#include <migrate/database.hpp>

#include <catch2/catch.hpp>

using migrate::test::require_converges;
using migrate::test::round_trip;
using migrate::test::statements;

namespace {

const char* plain_orders =
    "create table orders (id bigserial, at date not null, note text, "
    "primary key (id, at), check (note <> ''));"
    "create index orders_note_idx on orders (note);"
    "create table lines (order_id bigint, order_at date, qty int, "
    "foreign key (order_id, order_at) references orders);"
    "create view recent as select id, note from orders where at > '2024-02-01';"
    "comment on table orders is 'all orders'; comment on column orders.note is 'free text';"
    "create function touch() returns trigger language plpgsql as $$ begin return null; end $$;"
    "create trigger orders_touch after insert on orders for each row execute function touch();";

const char* partitioned_orders =
    "create table orders (id bigserial, at date not null, note text, "
    "primary key (id, at), check (note <> '')) partition by range (at);"
    "create table orders_2024 partition of orders for values from ('2024-01-01') to "
    "('2025-01-01');"
    "create table orders_rest partition of orders default;"
    "create index orders_note_idx on orders (note);"
    "create table lines (order_id bigint, order_at date, qty int, "
    "foreign key (order_id, order_at) references orders);"
    "create view recent as select id, note from orders where at > '2024-02-01';"
    "comment on table orders is 'all orders'; comment on column orders.note is 'free text';"
    "create function touch() returns trigger language plpgsql as $$ begin return null; end $$;"
    "create trigger orders_touch after insert on orders for each row execute function touch();";

std::string single_value(migrate::Database& database, const std::string& sql) {
  const auto rows = database.query(sql);
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].size() == 1);
  return rows[0][0].value_or("NULL");
}

} // namespace

TEST_CASE("E1 a column becomes NOT NULL") {
  const auto result = round_trip("create table t (id int primary key, name text);",
                                 "create table t (id int primary key, name text not null);");
  require_converges(result);
  CHECK(statements(result.upgrade) == "ALTER TABLE public.t ALTER COLUMN name SET NOT NULL;\n");
  CHECK(statements(result.downgrade) == "ALTER TABLE public.t ALTER COLUMN name DROP NOT NULL;\n");
}

TEST_CASE("E2 an index redefined under the same name") {
  SECTION("different columns") {
    const auto result =
        round_trip("create table t (a int, b int); create index t_idx on t (a);",
                   "create table t (a int, b int); create index t_idx on t (b, a);");
    require_converges(result);
    CHECK(statements(result.upgrade)
          == "DROP INDEX public.t_idx;\nCREATE INDEX t_idx ON public.t USING btree (b, a);\n");
  }
  SECTION("different method") {
    const auto result =
        round_trip("create table t (a int); create index t_idx on t (a);",
                   "create table t (a int); create index t_idx on t using hash (a);");
    require_converges(result);
    CHECK(statements(result.upgrade)
          == "DROP INDEX public.t_idx;\nCREATE INDEX t_idx ON public.t USING hash (a);\n");
  }
}

TEST_CASE("E6 a plain table becomes partitioned, and back") {
  const auto result = round_trip(plain_orders, partitioned_orders);
  require_converges(result);
  const std::string upgrade = statements(result.upgrade);
  CHECK(upgrade.find("ALTER TABLE public.orders RENAME TO \"orders__migrate_old\";\n")
        != std::string::npos);
  CHECK(upgrade.find("INSERT INTO public.orders (id, at, note) SELECT id, at, note FROM "
                     "public.\"orders__migrate_old\";\n")
        != std::string::npos);
  CHECK(upgrade.find("ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;\n"
                     "DROP TABLE public.\"orders__migrate_old\";\n")
        != std::string::npos);
  CHECK(result.upgrade.warnings()
        == std::vector<std::string>{"recreates public.orders with a new partitioning: rows are "
                                    "copied, the old table public.\"orders__migrate_old\" is "
                                    "dropped"});
  CHECK(result.downgrade.render().find("-- destructive: recreates public.orders")
        != std::string::npos);
}

TEST_CASE("E6 the partition key changes") {
  require_converges(
      round_trip("create table ev (id int, at date, kind text) partition by range (at);"
                 "create table ev_old partition of ev default;",
                 "create table ev (id int, at date, kind text) partition by list (kind);"
                 "create table ev_a partition of ev for values in ('a');"
                 "create table ev_other partition of ev default;"));
}

TEST_CASE("E6 rows survive the rebuild both ways") {
  auto server = migrate::test::scratch_server();
  migrate::Database& current = server.create();
  migrate::Database& desired = server.create();
  migrate::autogen::load_schema_file(current, plain_orders, "before.sql");
  migrate::autogen::load_schema_file(desired, partitioned_orders, "after.sql");
  const auto plain = migrate::autogen::introspect(current);
  const auto partitioned = migrate::autogen::introspect(desired);
  current.execute("insert into orders (at, note) values ('2024-03-01', 'a'), ('2023-01-01', 'b');"
                  "insert into lines values (1, '2024-03-01', 5);");
  migrate::autogen::apply_plan(current, migrate::autogen::plan_changes(plain, partitioned, {}));
  CHECK(single_value(current, "select count(*) from orders_2024") == "1");
  CHECK(single_value(current, "select count(*) from orders_rest") == "1");
  CHECK(single_value(current, "select string_agg(note, ',' order by id) from recent") == "a");
  // The serial sequence kept its position and still belongs to the table.
  current.execute("insert into orders (at) values ('2024-05-01')");
  CHECK(single_value(current, "select max(id) from orders") == "3");
  migrate::autogen::apply_plan(current, migrate::autogen::plan_changes(partitioned, plain, {}));
  CHECK(single_value(current, "select count(*) from orders") == "3");
  CHECK(single_value(current, "select relkind::text from pg_class where relname = 'orders'")
        == "r");
  CHECK(migrate::autogen::differences(migrate::autogen::introspect(current), plain).empty());
}

TEST_CASE("E6 refused: a partition that stays while its parent would be rebuilt") {
  // ev_a exists on both sides, so rebuilding ev would drop it with the old table: the planner
  // leaves the partitioning alone and validation reports it.
  const auto result = round_trip("create table ev (id int, kind text) partition by list (kind);"
                                 "create table ev_a partition of ev for values in ('a');",
                                 "create table ev (id int, kind text) partition by range (id);"
                                 "create table ev_a partition of ev for values from (0) to (10);");
  CHECK(result.upgrade_differences
        == std::vector<std::string>{"table public.ev: partitioning or inheritance differs",
                                    "table public.ev_a: partitioning or inheritance differs"});
}
