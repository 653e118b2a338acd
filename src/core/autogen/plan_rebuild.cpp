// SPDX-License-Identifier: MIT
// Tables whose partitioning changes (plain <-> partitioned, or a new partition key): PostgreSQL
// cannot alter that in place, so the table is renamed away, created again, its rows copied and
// the old one dropped (docs/autogenerate.md, "Rebuilds", case E6). Other phases treat it as
// recreated.
#include "planner.hpp"

#include <migrate/util/strings.hpp>

namespace migrate::autogen::detail {

namespace {

// Tables of `snapshot` that inherit from `name` (partitions included).
std::vector<const Table*> children_of(const Snapshot& snapshot, const std::string& name) {
  std::vector<const Table*> children;
  for (const auto& [key, table] : snapshot.tables) {
    for (const std::string& parent : table.parents) {
      if (parent == name) {
        children.push_back(&table);
      }
    }
  }
  return children;
}

// Only a top-level table whose old partitions all go and whose new ones are all new can be
// rebuilt: a partition kept on both sides would be dropped with the old table, an inheritance
// child would block its DROP. Anything else is left alone and validation reports it.
bool can_rebuild(const Planner& planner, const Table& from, const Table& to) {
  if (!from.parents.empty() || !to.parents.empty() || !from.partition_bound.empty()
      || !to.partition_bound.empty()) {
    return false;
  }
  for (const Table* child : children_of(planner.from, from.name)) {
    if (child->partition_bound.empty() || planner.to.tables.contains(child->name)) {
      return false;
    }
  }
  for (const Table* child : children_of(planner.to, to.name)) {
    if (planner.from.tables.contains(child->name)) {
      return false;
    }
  }
  return true;
}

std::string old_name(const std::string& table) {
  const std::vector<std::string> parts = split_qualified(table);
  const std::string schema = parts.size() > 1 ? parts.front() + "." : "";
  return schema + quote_identifier(unquote(parts.back()) + "__migrate_old");
}

} // namespace

void decide_rebuilds(Planner& planner) {
  for (const auto& [name, table] : planner.from.tables) {
    const auto desired = planner.to.tables.find(name);
    if (desired == planner.to.tables.end()) {
      continue;
    }
    const Table& to = desired->second;
    if ((table.kind != to.kind || table.partition_key != to.partition_key)
        && can_rebuild(planner, table, to)) {
      planner.rebuilt_tables.insert(name);
    }
  }
}

void plan_rebuilds(Planner& planner) {
  for (const std::string& name : planner.rebuilt_tables) {
    const Table& from = planner.from.tables.at(name);
    const Table& to = planner.to.tables.at(name);
    const std::string old = old_name(name);
    // Before CREATE TABLE takes the name; its key and index names were freed by the drops of
    // the drop_constraints phase.
    planner.add(alter_tables_before, "ALTER TABLE " + name + " RENAME TO " + last_part(old));
    // Its identity sequences move aside too, so the new table's take their names (else
    // PostgreSQL would name them t_id_seq1).
    for (const Column& column : from.columns) {
      if (!column.identity_sequence.empty()) {
        planner.add(
            alter_tables_before,
            "ALTER SEQUENCE " + column.identity_sequence + " RENAME TO "
                + quote_identifier(unquote(last_part(column.identity_sequence)) + "__migrate_old"));
      }
    }
    std::vector<std::string> columns;
    bool overriding = false;
    for (const Column& column : to.columns) {
      if (column.local && !column.generated_expr && from.column(column.name) != nullptr) {
        columns.push_back(column.name);
        overriding = overriding || column.identity == "a";
      }
    }
    const std::string list = util::join(columns, ", ");
    if (!columns.empty()) {
      planner.add(alter_tables_after,
                  "INSERT INTO " + name + " (" + list + ")"
                      + (overriding ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + list
                      + " FROM " + old);
    }
    for (const Column& column : to.columns) {
      if (!columns.empty() && (column.identity == "a" || column.identity == "d")
          && from.column(column.name) != nullptr) {
        // The new identity sequence starts over; keep numbering after the copied rows.
        planner.add(alter_tables_after,
                    "SELECT setval(pg_get_serial_sequence(" + literal(name) + ", "
                        + literal(unquote(column.name)) + "), coalesce(max(" + column.name
                        + "), 0) + 1, false) FROM " + name);
      }
    }
    // Sequences owned by the old table's columns would go with it while the new defaults
    // still call them.
    for (const auto& [sequence_name, sequence] : planner.to.sequences) {
      const std::vector<std::string> parts = split_qualified(sequence.owned_by);
      if (parts.size() == 3 && parts[0] + "." + parts[1] == name
          && planner.from.sequences.contains(sequence_name)) {
        planner.add(alter_tables_after,
                    "ALTER SEQUENCE " + sequence_name + " OWNED BY " + sequence.owned_by);
      }
    }
    planner.add(alter_tables_after,
                "DROP TABLE " + old,
                "recreates " + name + " with a new partitioning: rows are copied, the old table "
                    + old + " is dropped");
  }
}

} // namespace migrate::autogen::detail
