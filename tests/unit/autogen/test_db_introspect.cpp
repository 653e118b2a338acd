// SPDX-License-Identifier: MIT
// Introspection against a real server: a constant number of queries whatever the schema size,
// what the snapshot holds, and scratch databases that never outlive their server object.
#include "db_support.hpp"

#include <migrate/db.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

namespace {

using namespace migrate;

// Forwards to a real connection and counts the round trips.
class CountingDatabase : public Database {
public:
  explicit CountingDatabase(Database& inner) : m_inner(inner) {}
  void execute(std::string_view sql) override {
    ++round_trips;
    m_inner.execute(sql);
  }
  std::vector<long long> execute_counting_rows(std::string_view sql) override {
    ++round_trips;
    return m_inner.execute_counting_rows(sql);
  }
  std::vector<Row> query(std::string_view sql) override {
    ++round_trips;
    ++queries;
    return m_inner.query(sql);
  }
  void cancel() noexcept override { m_inner.cancel(); }
  std::string quote_literal(std::string_view text) const override {
    return m_inner.quote_literal(text);
  }
  std::string quote_identifier(std::string_view name) const override {
    return m_inner.quote_identifier(name);
  }
  int backend_pid() const override { return m_inner.backend_pid(); }

  int round_trips = 0;
  int queries = 0;

private:
  Database& m_inner;
};

std::string tables(int count) {
  std::string sql = "create type kind as enum ('a', 'b');";
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    sql += "create table t" + n + " (id serial primary key, k kind, v text unique, p int"
           + (i > 0 ? " references t0" : "") + ");create index t" + n + "_p on t" + n
           + " (p);create view v" + n + " as select id, k from t" + n + ";";
  }
  return sql;
}

int round_trips_for(int table_count) {
  autogen::ScratchServer server = test::scratch_server();
  Database& database = server.create();
  autogen::load_schema_file(database, tables(table_count), "schema.sql");
  CountingDatabase counting(database);
  const autogen::Snapshot snapshot = autogen::introspect(counting);
  REQUIRE(snapshot.tables.size() == static_cast<std::size_t>(table_count));
  CHECK(counting.queries == autogen::k_introspection_queries);
  return counting.round_trips;
}

} // namespace

TEST_CASE("the number of introspection round trips does not grow with the schema") {
  const int small = round_trips_for(1);
  const int large = round_trips_for(40);
  CHECK(small == large);
  CHECK(small == autogen::k_introspection_queries + 2); // + BEGIN and COMMIT
}

TEST_CASE("a snapshot holds deparsed, schema-qualified definitions") {
  autogen::ScratchServer server = test::scratch_server();
  Database& database = server.create();
  autogen::load_schema_file(database,
                            "create schema app; create type app.s as enum ('x', 'y''z');\n"
                            "create table app.t (id int generated always as identity primary key,"
                            " s app.s not null default 'x', n varchar(5) collate \"C\");\n"
                            "create table alembic_version (version_num varchar(32));\n"
                            "create index t_n on app.t (lower(n)) where id > 0;",
                            "schema.sql");
  const autogen::Snapshot snapshot = autogen::introspect(database);
  CHECK(snapshot.schemas == std::vector<std::string>{"app"});
  CHECK(snapshot.enums.at("app.s").labels == std::vector<std::string>{"x", "y'z"});
  CHECK_FALSE(snapshot.tables.contains("public.alembic_version"));
  const autogen::Table& table = snapshot.tables.at("app.t");
  REQUIRE(table.columns.size() == 3);
  CHECK(table.columns[0].identity == "a");
  CHECK(table.columns[1].default_expr == "'x'::app.s");
  CHECK(table.columns[2].type == "character varying(5)");
  CHECK(table.columns[2].collation == "pg_catalog.\"C\"");
  CHECK(table.constraints.at(0).definition == "PRIMARY KEY (id)");
  CHECK(snapshot.sequences.empty()); // the identity sequence belongs to its column
  CHECK(snapshot.indexes.at("app.t_n").definition
        == "CREATE INDEX t_n ON app.t USING btree (lower((n)::text)) WHERE (id > 0)");
}

TEST_CASE("scratch databases are dropped with their server object, also on error") {
  std::vector<std::string> names;
  auto admin = db::connect(ConnectOptions{});
  const auto exists = [&](const std::string& name) {
    return admin->query("SELECT 1 FROM pg_database WHERE datname = " + admin->quote_literal(name))
               .size()
           == 1;
  };
  try {
    autogen::ScratchServer server = test::scratch_server();
    Database& database = server.create();
    server.create();
    names = server.names();
    REQUIRE(names.size() == 2);
    CHECK(exists(names[0]));
    autogen::load_schema_file(
        database, "create table t (id int);\nselect * from missing;", "/p/schema.sql");
    FAIL("the schema file should have failed");
  } catch (const CommandError& e) {
    CHECK(std::string(e.what())
          == "/p/schema.sql:2: ERROR 42P01: relation \"missing\" does not exist");
  }
  CHECK_FALSE(exists(names[0]));
  CHECK_FALSE(exists(names[1]));
}

TEST_CASE("scratch databases are dropped when the extra connection for dropping fails") {
  // drop_all drops the last database on a connection of its own, next to the admin connection;
  // here that connection cannot be opened, so the admin connection must drop it too.
  auto admin = db::connect(ConnectOptions{});
  const auto exists = [&](const std::string& name) {
    return admin->query("SELECT 1 FROM pg_database WHERE datname = " + admin->quote_literal(name))
               .size()
           == 1;
  };
  int server_connections = 0;
  std::vector<std::string> names;
  {
    autogen::ScratchServer server(
        [&](const std::string& conninfo) {
          if (conninfo.empty() && ++server_connections > 1) {
            throw DatabaseError("no more connections");
          }
          return db::connect(ConnectOptions{conninfo});
        },
        "",
        "the test server");
    for (int i = 0; i < 3; ++i) {
      server.create().execute("create table t (id int)");
    }
    names = server.names();
  }
  CHECK(server_connections == 2); // the admin connection and the refused one
  REQUIRE(names.size() == 3);
  for (const std::string& name : names) {
    CHECK_FALSE(exists(name));
  }
}

TEST_CASE("a role that may not create databases is told to set dev_url") {
  auto admin = db::connect(ConnectOptions{});
  admin->execute("DROP ROLE IF EXISTS migrate_nocreatedb; CREATE ROLE migrate_nocreatedb LOGIN");
  {
    autogen::ScratchServer server(
        [](const std::string& conninfo) { return db::connect(ConnectOptions{conninfo}); },
        "user=migrate_nocreatedb",
        "postgresql://migrate_nocreatedb@host/db");
    REQUIRE_THROWS_MATCHES(
        server.create(),
        CommandError,
        Catch::Message("autogenerate needs scratch databases, but this role may not create "
                       "databases on postgresql://migrate_nocreatedb@host/db (permission denied "
                       "to create database); set dev_url in the configuration (or --dev-url) to a "
                       "server of the same major version where it may"));
  }
  admin->execute("DROP ROLE migrate_nocreatedb");
}
