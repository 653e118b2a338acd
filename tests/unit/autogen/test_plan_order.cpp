// SPDX-License-Identifier: MIT
// order_by_effects: phase order, with each statement's declared prerequisites moved before it.
#include "planner.hpp"

#include <migrate/autogen.hpp>

#include <catch2/catch.hpp>

using namespace migrate::autogen;
using namespace migrate::autogen::detail;

namespace {

PlannedStatement statement(std::string sql, Effects effects = {}) {
  return PlannedStatement{Statement{std::move(sql), {}}, std::move(effects)};
}

std::vector<std::string> sql_of(const std::vector<Statement>& statements) {
  std::vector<std::string> out;
  for (const Statement& s : statements) {
    out.push_back(s.sql);
  }
  return out;
}

} // namespace

TEST_CASE("order_by_effects keeps phase order when nothing is declared") {
  CHECK(sql_of(order_by_effects({statement("a"), statement("b"), statement("c")}))
        == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("order_by_effects moves what a statement needs just before it, and nothing else") {
  const std::string column = column_object("public.animals", "legs");
  const auto ordered = order_by_effects({
      statement("CREATE TABLE other"),
      statement("CREATE TABLE dogs", Effects{{}, {column}, {}, {}}),
      statement("CREATE INDEX"),
      statement("ADD COLUMN legs", Effects{{column}, {}, {}, {}}),
      statement("ADD COLUMN more"),
  });
  CHECK(sql_of(ordered)
        == std::vector<std::string>{"CREATE TABLE other",
                                    "ADD COLUMN legs",
                                    "CREATE TABLE dogs",
                                    "CREATE INDEX",
                                    "ADD COLUMN more"});
}

TEST_CASE("order_by_effects puts a drop after the statements that use what it drops") {
  const std::string function = function_object("public.positive(n integer)");
  CHECK(function == "function:public.positive");
  const auto ordered = order_by_effects({
      statement("DROP FUNCTION public.positive(n integer)", Effects{{}, {}, {function}, {}}),
      statement("CREATE FUNCTION public.positive(n bigint)", Effects{{function}, {}, {}, {}}),
      statement("DROP CONSTRAINT scores_check", Effects{{}, {}, {}, {function}}),
      statement("ADD CONSTRAINT scores_check", Effects{{}, {function}, {}, {}}),
  });
  CHECK(sql_of(ordered)
        == std::vector<std::string>{"DROP CONSTRAINT scores_check",
                                    "DROP FUNCTION public.positive(n integer)",
                                    "CREATE FUNCTION public.positive(n bigint)",
                                    "ADD CONSTRAINT scores_check"});
}

TEST_CASE("order_by_effects pulls prerequisites of prerequisites, and keeps a cycle in order") {
  const auto ordered = order_by_effects({
      statement("c", Effects{{}, {"b"}, {}, {}}),
      statement("a", Effects{{"a"}, {}, {}, {}}),
      statement("b", Effects{{"b"}, {"a"}, {}, {}}),
  });
  CHECK(sql_of(ordered) == std::vector<std::string>{"a", "b", "c"});
  const auto cycle = order_by_effects({
      statement("x", Effects{{"x"}, {"y"}, {}, {}}),
      statement("y", Effects{{"y"}, {"x"}, {}, {}}),
  });
  CHECK(sql_of(cycle) == std::vector<std::string>{"y", "x"});
}

TEST_CASE("called_functions finds calls by name, whatever the overload") {
  Snapshot snapshot;
  snapshot.functions["public.positive(n integer)"] = Function{};
  snapshot.functions["public.positive(n bigint)"] = Function{};
  snapshot.functions["public.other(x text)"] = Function{};
  CHECK(called_functions(snapshot, "CHECK (public.positive(points))")
        == std::vector<std::string>{"function:public.positive"});
  CHECK(called_functions(snapshot, "CHECK (points > 0)").empty());
}

TEST_CASE("a planner set refuses an undeclared fill and a read before it is complete") {
  PlanSet set("recreated_enums");
  set.start_kind("functions", false, true);
  CHECK_THROWS_WITH(set.insert("public.state"),
                    "autogen: kind 'functions' fills recreated_enums without declaring it "
                    "(plan.cpp, k_kinds)");
  CHECK_THROWS_WITH(set.contains("public.state"),
                    "autogen: kind 'functions' reads recreated_enums before every kind filling "
                    "it ran: declare it (plan.cpp, k_kinds)");
  set.start_kind("enums", true, false);
  set.insert("public.state");
  CHECK(set.contains("public.state")); // its filler may read it
  set.seal();
  set.start_kind("functions", false, true);
  CHECK(set.contains("public.state"));
#ifndef NDEBUG
  set.start_kind("views", false, false);
  CHECK_THROWS_WITH(set.contains("public.state"),
                    "autogen: kind 'views' reads recreated_enums without declaring it (plan.cpp, "
                    "k_kinds)");
#endif
}

TEST_CASE("kinds run once each, after the kinds filling what they read") {
  const std::vector<std::string_view> order = kind_order();
  CHECK(order.size() == 17);
  const auto at = [&order](std::string_view name) {
    return std::find(order.begin(), order.end(), name) - order.begin();
  };
  CHECK(at("enums") < at("functions"));            // recreated_enums
  CHECK(at("functions") < at("domains"));          // early_dropped_functions
  CHECK(at("composites") < at("table decisions")); // converted_composites
  CHECK(at("table decisions") < at("views"));      // dropped_tables, retyped_columns
  CHECK(at("views") < at("indexes"));              // views_to_drop
  CHECK(at("policies") < at("comments"));          // recreated_targets
  CHECK(at("comments") < static_cast<long>(order.size()));
}
