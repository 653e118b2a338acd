// SPDX-License-Identifier: MIT
// differences(): what validation lists when a plan does not converge.
#include <migrate/autogen.hpp>

#include <catch2/catch.hpp>

using namespace migrate::autogen;

namespace {

Column column(const std::string& name, const std::string& type) {
  Column c;
  c.name = name;
  c.type = type;
  return c;
}

Table table(std::vector<Column> columns) {
  Table t;
  t.name = "public.t";
  t.columns = std::move(columns);
  return t;
}

} // namespace

TEST_CASE("column order is not a difference, a column's definition is") {
  Snapshot a;
  Snapshot b;
  a.tables["public.t"] = table({column("a", "integer"), column("b", "text")});
  b.tables["public.t"] = table({column("b", "text"), column("a", "integer")});
  CHECK(differences(a, b).empty());
  b.tables["public.t"].columns[1].type = "bigint";
  b.tables["public.t"].columns.push_back(column("c", "text"));
  b.tables["public.t"].constraints.push_back(Constraint{"t_pkey", 'p', "PRIMARY KEY (a)", ""});
  CHECK(differences(a, b)
        == std::vector<std::string>{"table public.t: column a differs, column c only in the "
                                    "second, constraint t_pkey only in the second"});
}

TEST_CASE("objects on one side only are listed by kind and name, sorted") {
  Snapshot a;
  Snapshot b;
  a.schemas = {"app"};
  a.views["public.v"] = View{"public.v", 'v', "SELECT 1", {}};
  b.views["public.v"] = View{"public.v", 'v', "SELECT 2", {}};
  b.enums["public.s"] = EnumType{"public.s", {"x"}};
  b.indexes["public.i"] = Index{"public.i", "public.t", "CREATE INDEX i ON public.t (a)"};
  CHECK(differences(a, b)
        == std::vector<std::string>{"index public.i: only in the second",
                                    "schema app: only in the first",
                                    "type public.s: only in the second",
                                    "view public.v: differs"});
}
