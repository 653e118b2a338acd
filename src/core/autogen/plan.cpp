// SPDX-License-Identifier: MIT
// plan_changes(): rename hints applied to the current snapshot, then every planning phase,
// flattened in phase order.
#include "planner.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <stdexcept>

namespace migrate::autogen {

namespace detail {
namespace {

// The snapshot key whose unquoted parts equal `parts` (a table or qualified name).
const Table* find_table(const Snapshot& snapshot, const std::vector<std::string>& parts) {
  for (const auto& [name, table] : snapshot.tables) {
    std::vector<std::string> unquoted;
    for (const std::string& part : split_qualified(name)) {
      unquoted.push_back(unquote(part));
    }
    if (unquoted == parts) {
      return &table;
    }
  }
  return nullptr;
}

const Column* find_column(const Table* table, const std::string& name) {
  if (table == nullptr) {
    return nullptr;
  }
  for (const Column& column : table->columns) {
    if (unquote(column.name) == name) {
      return &column;
    }
  }
  return nullptr;
}

// A column rename: drops the old name from `from` and gives the column its new name there.
bool try_column(Snapshot& from,
                const Snapshot& to,
                const std::vector<std::string>& table_parts,
                const std::string& old_name,
                const std::string& new_name,
                std::vector<Statement>& out) {
  const Table* before = find_table(from, table_parts);
  const Table* after = find_table(to, table_parts);
  const Column* old_column = find_column(before, old_name);
  const Column* new_column = find_column(after, new_name);
  if (old_column == nullptr || new_column == nullptr || find_column(after, old_name) != nullptr
      || find_column(before, new_name) != nullptr) {
    return false;
  }
  out.push_back(Statement{"ALTER TABLE " + before->name + " RENAME COLUMN " + old_column->name
                              + " TO " + new_column->name,
                          {}});
  Table& table = from.tables.at(before->name);
  const std::string old_quoted = old_column->name;
  for (Column& column : table.columns) {
    if (column.name == old_quoted) {
      column.name = new_column->name;
    }
  }
  for (Dependency& dependency : from.dependencies) {
    if (dependency.referenced == table.name && dependency.column == old_quoted) {
      dependency.column = new_column->name;
    }
  }
  return true;
}

// A table rename within its schema; references to it in `from` follow the new name.
bool try_table(Snapshot& from,
               const Snapshot& to,
               const std::vector<std::string>& old_parts,
               const std::string& new_name,
               std::vector<Statement>& out) {
  std::vector<std::string> new_parts = old_parts;
  new_parts.back() = new_name;
  const Table* before = find_table(from, old_parts);
  const Table* after = find_table(to, new_parts);
  if (before == nullptr || after == nullptr || find_table(to, old_parts) != nullptr
      || find_table(from, new_parts) != nullptr) {
    return false;
  }
  const std::string old_key = before->name;
  const std::string new_key = after->name;
  out.push_back(Statement{"ALTER TABLE " + old_key + " RENAME TO " + last_part(new_key), {}});
  Table table = from.tables.at(old_key);
  from.tables.erase(old_key);
  table.name = new_key;
  from.tables[new_key] = std::move(table);
  for (auto& [name, other] : from.tables) {
    for (Constraint& constraint : other.constraints) {
      if (constraint.ref_table == old_key) {
        constraint.ref_table = new_key;
      }
    }
    for (std::string& parent : other.parents) {
      parent = parent == old_key ? new_key : parent;
    }
  }
  for (auto& [name, index] : from.indexes) {
    index.table = index.table == old_key ? new_key : index.table;
  }
  for (Dependency& dependency : from.dependencies) {
    dependency.referenced = dependency.referenced == old_key ? new_key : dependency.referenced;
  }
  follow_table_rename(from, to, old_key, new_key, out);
  return true;
}

void apply_rename(Snapshot& from,
                  const Snapshot& to,
                  const Rename& rename,
                  std::vector<Statement>& out) {
  const std::vector<std::string> parts = util::split(rename.old_name, '.');
  bool done = false;
  if (parts.size() == 3) {
    done = try_column(from, to, {parts[0], parts[1]}, parts[2], rename.new_name, out);
  } else if (parts.size() == 2) {
    done = try_column(from, to, {"public", parts[0]}, parts[1], rename.new_name, out)
           || try_table(from, to, parts, rename.new_name, out);
  } else if (parts.size() == 1) {
    done = try_table(from, to, {"public", parts[0]}, rename.new_name, out)
           || try_schema(from, to, parts[0], rename.new_name, out);
  }
  if (!done) {
    throw CommandError("--rename " + rename.old_name + "=" + rename.new_name
                       + (parts.size() == 1 ? ": no schema or table '" : ": no table or column '")
                       + rename.old_name + "' goes away while '" + rename.new_name
                       + "' appears next to it");
  }
}

// An added enum label that a later statement of the same revision uses.
bool uses_new_label(const std::vector<Statement>& statements) {
  const std::string marker = " ADD VALUE ";
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const std::string& sql = statements[i].sql;
    const std::size_t at = sql.find(marker);
    if (!sql.starts_with("ALTER TYPE ") || at == std::string::npos) {
      continue;
    }
    std::string label = sql.substr(at + marker.size());
    if (const std::size_t end = label.find("' "); end != std::string::npos) {
      label = label.substr(0, end + 1);
    }
    for (std::size_t j = i + 1; j < statements.size(); ++j) {
      if (statements[j].sql.find(label) != std::string::npos
          && statements[j].sql.find(marker) == std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

} // namespace

void PlanSet::insert(std::string value) {
  if (!m_filling) {
    throw std::logic_error("autogen: kind '" + std::string(m_kind) + "' fills " + m_name
                           + " without declaring it (plan.cpp, k_kinds)");
  }
  m_items.insert(std::move(value));
}

const std::set<std::string>& PlanSet::items() const {
  if (!m_sealed && !m_filling) {
    throw std::logic_error("autogen: kind '" + std::string(m_kind) + "' reads " + m_name
                           + " before every kind filling it ran: declare it (plan.cpp, k_kinds)");
  }
#ifndef NDEBUG
  if (!m_filling && !m_reading && !m_kind.empty()) {
    throw std::logic_error("autogen: kind '" + std::string(m_kind) + "' reads " + m_name
                           + " without declaring it (plan.cpp, k_kinds)");
  }
#endif
  return m_items;
}

namespace {

using Set = PlanSet Planner::*;

// One object kind's planning: the sets it fills and reads. A kind runs after every kind that
// fills a set it reads; the list order is the order of statements within one phase.
struct Kind {
  std::string_view name;
  void (*plan)(Planner&);
  std::vector<Set> fills;
  std::vector<Set> reads;
};

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> k_kinds{
      {"schemas", plan_schemas, {}, {}},
      {"extensions", plan_extensions, {}, {}},
      {"enums", plan_enums, {&Planner::recreated_enums, &Planner::recreated_targets}, {}},
      {"functions",
       plan_functions,
       {&Planner::recreated_functions,
        &Planner::early_dropped_functions,
        &Planner::recreated_targets},
       {&Planner::recreated_enums}},
      {"domains", plan_domains, {&Planner::recreated_targets}, {&Planner::early_dropped_functions}},
      {"composites", plan_composites, {&Planner::converted_composites}, {}},
      {"table decisions",
       decide_tables,
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::retyped_columns,
        &Planner::dropped_columns},
       {&Planner::recreated_enums, &Planner::converted_composites}},
      {"views",
       plan_views,
       {&Planner::views_to_drop, &Planner::views_to_create, &Planner::recreated_targets},
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::retyped_columns,
        &Planner::dropped_columns,
        &Planner::recreated_functions}},
      {"tables",
       plan_tables,
       {&Planner::recreated_targets},
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::retyped_columns,
        &Planner::dropped_columns,
        &Planner::recreated_enums,
        &Planner::converted_composites}},
      {"sequences", plan_sequences, {}, {&Planner::dropped_tables, &Planner::dropped_columns}},
      {"constraints",
       plan_constraints,
       {&Planner::recreated_targets},
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::early_dropped_functions,
        &Planner::recreated_enums}},
      {"indexes",
       plan_indexes,
       {&Planner::recreated_targets},
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::views_to_drop,
        &Planner::views_to_create,
        &Planner::recreated_enums}},
      {"table settings",
       plan_table_settings,
       {&Planner::recreated_targets},
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::retyped_columns,
        &Planner::dropped_columns}},
      {"triggers",
       plan_triggers,
       {&Planner::recreated_targets},
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::views_to_drop,
        &Planner::views_to_create}},
      {"policies",
       plan_policies,
       {&Planner::recreated_targets},
       {&Planner::dropped_tables,
        &Planner::rebuilt_tables,
        &Planner::retyped_columns,
        &Planner::dropped_columns}},
      {"comments",
       plan_comments,
       {},
       {&Planner::recreated_targets,
        &Planner::dropped_tables,
        &Planner::dropped_columns,
        &Planner::views_to_drop,
        &Planner::views_to_create,
        &Planner::rebuilt_tables}},
      {"privileges",
       plan_privileges,
       {},
       {&Planner::recreated_targets,
        &Planner::dropped_tables,
        &Planner::dropped_columns,
        &Planner::views_to_drop,
        &Planner::views_to_create,
        &Planner::rebuilt_tables}},
  };
  return k_kinds;
}

bool has(const std::vector<Set>& sets, Set set) {
  return std::find(sets.begin(), sets.end(), set) != sets.end();
}

} // namespace

std::vector<std::string_view> kind_order() {
  const std::vector<Kind>& all = kinds();
  std::vector<bool> done(all.size(), false);
  std::vector<std::string_view> order;
  while (order.size() < all.size()) {
    // The first kind in list order whose read sets' other fillers all ran.
    std::size_t next = all.size();
    for (std::size_t i = 0; i < all.size() && next == all.size(); ++i) {
      bool ready = !done[i];
      for (std::size_t j = 0; j < all.size() && ready; ++j) {
        for (const Set set : all[i].reads) {
          ready = ready && (j == i || done[j] || !has(all[j].fills, set));
        }
      }
      next = ready ? i : next;
    }
    if (next == all.size()) {
      throw std::logic_error("autogen: the kinds' declared sets form a cycle (plan.cpp, k_kinds)");
    }
    done[next] = true;
    order.push_back(all[next].name);
  }
  return order;
}

void run_kinds(Planner& planner) {
  const std::vector<Kind>& all = kinds();
  std::vector<std::string_view> left = kind_order();
  for (const std::string_view name : kind_order()) {
    const Kind& kind =
        *std::find_if(all.begin(), all.end(), [&name](const Kind& k) { return k.name == name; });
    for (PlanSet* set : planner.sets()) {
      const auto declares = [&](const std::vector<Set>& sets) {
        return std::any_of(
            sets.begin(), sets.end(), [&](Set declared) { return &(planner.*declared) == set; });
      };
      set->start_kind(kind.name, declares(kind.fills), declares(kind.reads));
    }
    kind.plan(planner);
    std::erase(left, name);
    // A set every filler of which has run is complete: anyone may read it now.
    for (PlanSet* set : planner.sets()) {
      const bool pending = std::any_of(left.begin(), left.end(), [&](std::string_view other) {
        const Kind& k = *std::find_if(
            all.begin(), all.end(), [&other](const Kind& x) { return x.name == other; });
        return std::any_of(
            k.fills.begin(), k.fills.end(), [&](Set filled) { return &(planner.*filled) == set; });
      });
      if (!pending) {
        set->seal();
      }
    }
  }
  for (PlanSet* set : planner.sets()) {
    set->start_kind({}, false, false); // after planning, anyone may read
  }
}

} // namespace detail

Plan plan_changes(const Snapshot& from, const Snapshot& to, const std::vector<Rename>& renames) {
  Snapshot current = from;
  std::vector<Statement> rename_statements;
  for (const Rename& rename : renames) {
    detail::apply_rename(current, to, rename, rename_statements);
  }
  detail::Planner planner(current, to);
  detail::run_kinds(planner);

  // Renames come before anything that names the new table or column.
  // A schema's, before anything: every later statement names the new schema.
  auto& first = planner.phases[detail::drop_views];
  auto& very_first = planner.phases[detail::create_schemas];
  std::vector<detail::PlannedStatement> schema_renames;
  std::vector<detail::PlannedStatement> other_renames;
  for (Statement& statement : rename_statements) {
    (statement.sql.starts_with("ALTER SCHEMA ") ? schema_renames : other_renames)
        .push_back(detail::PlannedStatement{std::move(statement), {}});
  }
  very_first.insert(very_first.begin(), schema_renames.begin(), schema_renames.end());
  first.insert(first.begin(), other_renames.begin(), other_renames.end());
  std::vector<detail::PlannedStatement> in_phase_order;
  for (auto& phase : planner.phases) {
    for (detail::PlannedStatement& statement : phase) {
      in_phase_order.push_back(std::move(statement));
    }
  }
  Plan plan;
  plan.statements = detail::order_by_effects(std::move(in_phase_order));
  plan.needs_no_transaction = detail::uses_new_label(plan.statements);
  return plan;
}

} // namespace migrate::autogen
