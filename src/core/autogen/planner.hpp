// SPDX-License-Identifier: MIT
// The planner's shared state: statements collected per phase, and the decisions (what is
// dropped, recreated, retyped) that several phases read. plan_changes() drives it.
#pragma once

#include <migrate/autogen.hpp>

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::autogen::detail {

// Phases in upgrade order (docs/autogenerate.md, "Phases", numbered in this order); statements keep
// their order inside one.
enum Phase : std::size_t {
  create_schemas,
  types,
  functions_early,
  drop_views,
  drop_recreated_functions,
  recreate_enums,
  recreate_functions,
  drop_constraints,
  alter_tables_before,
  drop_sequences,
  create_sequences,
  create_tables,
  alter_tables_after,
  alter_sequences,
  create_indexes,
  add_constraints,
  add_foreign_keys,
  create_views,
  matview_indexes,
  create_triggers,
  comments,
  drop_functions,
  drop_composite_types,
  drop_domains,
  drop_late,
  drop_extensions,
  drop_schemas,
  phase_count
};

// What a statement does to named objects, declared by the kind that plans it: the phases give
// each statement its default place, and these move a statement's prerequisites before it
// (order_by_effects; docs/autogenerate.md, "Dependency ordering"). Keys are function_object()
// and column_object() names.
struct Effects {
  std::vector<std::string> creates; // exist in their new form once it ran
  std::vector<std::string> needs;   // must exist in their new form when it runs
  std::vector<std::string> drops;   // old forms it removes
  std::vector<std::string> uses;    // old forms that must still exist when it runs
};

struct PlannedStatement {
  Statement statement;
  Effects effects;
};

// A set that some kinds fill and others read (plan.cpp declares which). A kind may insert only
// while it runs as a declared filler, and read only once every filler has run (or while it fills
// it itself); otherwise std::logic_error names the kind and the set. Debug builds (the tests)
// also refuse a read the kind did not declare, so a missing declaration fails a test instead of
// surfacing as a wrong order later.
class PlanSet {
public:
  explicit PlanSet(const char* name) : m_name(name) {}

  void insert(std::string value);
  bool contains(const std::string& value) const { return items().contains(value); }
  const std::set<std::string>& items() const;
  std::set<std::string>::const_iterator begin() const { return items().begin(); }
  std::set<std::string>::const_iterator end() const { return items().end(); }

  const char* name() const { return m_name; }
  // For plan.cpp's driver: the running kind, whether it declares filling or reading this set,
  // and "every filler ran".
  void start_kind(std::string_view kind, bool fills, bool reads) {
    m_kind = kind;
    m_filling = fills;
    m_reading = reads;
  }
  void seal() { m_sealed = true; }

private:
  const char* m_name;
  std::set<std::string> m_items;
  std::string_view m_kind;
  bool m_filling = false;
  bool m_reading = false;
  bool m_sealed = false;
};

struct Planner {
  Planner(const Snapshot& current, const Snapshot& desired) : from(current), to(desired) {}

  const Snapshot& from; // after rename hints were applied to it
  const Snapshot& to;
  std::array<std::vector<PlannedStatement>, phase_count> phases;

  PlanSet dropped_tables{"dropped_tables"};
  // Partitioning changes: renamed away, created again, rows copied, old one dropped.
  PlanSet rebuilt_tables{"rebuilt_tables"};
  PlanSet recreated_enums{"recreated_enums"};         // labels removed or reordered
  PlanSet recreated_functions{"recreated_functions"}; // result type changed: drop + create
  // Functions dropped early (phase drop_recreated_functions): recreated ones and those whose
  // name comes back with other arguments. What calls them must go before them.
  PlanSet early_dropped_functions{"early_dropped_functions"};
  // Composite types whose attribute types change while table columns use them: PostgreSQL
  // refuses that, so the columns go through text around the change (plan_composites).
  PlanSet converted_composites{"converted_composites"};
  // "table\ncolumn" pairs whose type changes (or whose enum type is recreated) or that go.
  PlanSet retyped_columns{"retyped_columns"};
  PlanSet dropped_columns{"dropped_columns"};
  PlanSet views_to_drop{"views_to_drop"};     // names in `from`
  PlanSet views_to_create{"views_to_create"}; // names in `to`
  // COMMENT ON targets of objects dropped and created again: their comments and privileges
  // are restored.
  PlanSet recreated_targets{"recreated_targets"};

  // Every set, for the driver.
  std::array<PlanSet*, 11> sets() {
    return {&dropped_tables,
            &rebuilt_tables,
            &recreated_enums,
            &recreated_functions,
            &early_dropped_functions,
            &converted_composites,
            &retyped_columns,
            &dropped_columns,
            &views_to_drop,
            &views_to_create,
            &recreated_targets};
  }

  void add(Phase phase,
           std::string sql,
           std::optional<std::string> destructive = std::nullopt,
           Effects effects = {}) {
    phases[phase].push_back(
        PlannedStatement{Statement{std::move(sql), std::move(destructive)}, std::move(effects)});
  }
  void add(Phase phase, std::string sql, Effects effects) {
    add(phase, std::move(sql), std::nullopt, std::move(effects));
  }
};

// The statements in phase order, each preceded by the statements it needs: the creators of what
// it needs, and, for a drop, the statements that use what it drops. A prerequisite that comes
// later in phase order is moved to just before the first statement needing it; nothing else
// moves. In a cycle, the edge that would close it is left out.
std::vector<Statement> order_by_effects(std::vector<PlannedStatement> statements);

// "function:public.f": every overload of a function, by name (calls in expressions name no
// argument types). `key_or_name` is a snapshot key ("public.f(n integer)") or a name.
std::string function_object(const std::string& key_or_name);
// "column:<table>\n<column>", both as the snapshot quotes them.
std::string column_object(const std::string& table, const std::string& column);
// function_object() of each function of `snapshot` that `expression` calls.
std::vector<std::string> called_functions(const Snapshot& snapshot, const std::string& expression);

// "'text'" with quotes doubled.
std::string literal(std::string_view text);
// "name" always double-quoted, inner quotes doubled.
std::string quote_identifier(std::string_view name);
// Splits a server-quoted qualified name ("s"."t" or s.t) into its parts, dots inside quotes kept.
std::vector<std::string> split_qualified(std::string_view name);
// A quoted identifier's text ("A""b" -> A"b; abc -> abc).
std::string unquote(std::string_view identifier);
// The last part of a qualified name, still quoted.
std::string last_part(std::string_view name);
// What precedes the last part, its dot included ("public." of public.t); "" when unqualified.
std::string schema_prefix(std::string_view name);
// "table\ncolumn": the key of retyped_columns / dropped_columns.
inline std::string column_key(const std::string& table, const std::string& column) {
  return table + "\n" + column;
}

// `names` ordered so that every name comes after the names it depends on (edges: dependent ->
// referenced, both in `names`; others ignored), ties by name. Cycles are broken by name order.
std::vector<std::string>
dependency_order(const std::set<std::string>& names,
                 const std::vector<std::pair<std::string, std::string>>& edges);

// Whether `text` names `type` as a whole word (public.status, not public.status2), also as a
// cast ('a'::public.status).
bool mentions(const std::string& text, const std::string& type);
// Runs every kind's planning in an order that honours the sets they declare (plan.cpp).
void run_kinds(Planner& planner);
// That order, by kind name.
std::vector<std::string_view> kind_order();

// Phases for types, sequences, functions, schemas (plan_objects.cpp).
void plan_enums(Planner& planner);
void plan_functions(Planner& planner);
void plan_sequences(Planner& planner);
void plan_schemas(Planner& planner);
// "type [COLLATE c] [DEFAULT d | GENERATED ...] [NOT NULL]": a column in CREATE TABLE / ADD COLUMN.
std::string column_definition(const Column& column);
// Tables, columns, constraints, indexes (plan_tables.cpp, plan_columns.cpp).
void decide_tables(Planner& planner); // fills dropped_tables, retyped/dropped columns
void plan_tables(Planner& planner);
// ATTACH and DETACH PARTITION of a table that stays (called by plan_tables).
void plan_partition_membership(Planner& planner);
void plan_columns(Planner& planner, const Table& from, const Table& to);
void plan_constraints(Planner& planner);
// Tables whose partitioning changes (plan_rebuild.cpp): decided first by decide_tables, the
// rename/copy/drop statements written by plan_tables.
void decide_rebuilds(Planner& planner);
void plan_rebuilds(Planner& planner);
void plan_indexes(Planner& planner);
// After plan_indexes (a replica identity names an index it may recreate).
void plan_table_settings(Planner& planner);
// " WITH (fillfactor='70')" for a new table's or view's reloptions, or "" when none.
std::string with_options(const std::vector<std::string>& options);
// Views and their recreate closure (plan_views.cpp); runs after decide_tables and the
// function/enum decisions.
void plan_views(Planner& planner);
// Extensions, domains, triggers, comments (plan_extras.cpp); triggers and comments run last.
void plan_extensions(Planner& planner);
void plan_domains(Planner& planner);
void plan_composites(Planner& planner);
void plan_triggers(Planner& planner);
void plan_policies(Planner& planner);
// After `from`'s table old_key was renamed to new_key: renames what follows it (owned and
// identity sequences, constraints and indexes named after it, when `to` has them under the new
// name; statements to `out`) and updates everything in `from` that names the table.
void follow_table_rename(Snapshot& from,
                         const Snapshot& to,
                         const std::string& old_key,
                         const std::string& new_key,
                         std::vector<Statement>& out);
// `--rename old=new` for a schema that `from` has and `to` has under the new name: ALTER SCHEMA
// to `out`, and `from` moved to the new schema. False when the names are not such a schema.
bool try_schema(Snapshot& from,
                const Snapshot& to,
                const std::string& old_name,
                const std::string& new_name,
                std::vector<Statement>& out);
// After every other kind: it reads what they recreate.
void plan_privileges(Planner& planner);
void plan_comments(Planner& planner);
// Whether the object a COMMENT ON / GRANT target ("TABLE s.t", "COLUMN s.t.c", "FUNCTION
// s.f(integer)"...) names exists in `to`, and whether the plan creates it again (so it is back
// at its default comment and privileges).
bool target_exists(const Snapshot& to, const std::string& target);
// Whether a CHECK or default `definition` calls one of the early-dropped functions.
bool calls_early_dropped_function(const Planner& planner, const std::string& definition);
bool target_recreated(const Planner& planner, const std::string& target);

} // namespace migrate::autogen::detail
