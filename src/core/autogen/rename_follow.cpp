// SPDX-License-Identifier: MIT
// What follows a table rename (docs/autogenerate.md, "Destructive statements and --rename"):
// the sequences, constraints and indexes whose names PostgreSQL derived from the table's are
// renamed with it when the desired schema has them under the new table's name, so data,
// numbering and names are kept; everything in the current snapshot that names the table is
// updated, so it is not seen as changed.
#include "planner.hpp"

#include <migrate/runner.hpp>
#include <migrate/util/strings.hpp>

#include <vector>

namespace migrate::autogen::detail {

namespace {

struct Names {
  std::string old_key;   // public.orders
  std::string new_key;   // public.purchases
  std::string schema;    // "public." (with its dot)
  std::string old_plain; // orders
  std::string new_plain; // purchases

  // orders_id_seq -> purchases_id_seq (quoted as the server would); "" when not derived.
  std::string derived(const std::string& quoted) const {
    const std::string plain = unquote(quoted);
    if (!plain.starts_with(old_plain + "_")) {
      return "";
    }
    return runner::quote_identifier_if_needed(new_plain + plain.substr(old_plain.size()));
  }
};

// A key naming the table ("TABLE t", "COLUMN t.c", "... ON t") with the new name.
std::string rekey(const std::string& key, const Names& names) {
  if (key == "TABLE " + names.old_key) {
    return "TABLE " + names.new_key;
  }
  if (key.starts_with("COLUMN " + names.old_key + ".")) {
    return "COLUMN " + names.new_key + key.substr(7 + names.old_key.size());
  }
  if (key.ends_with(" ON " + names.old_key)) {
    return key.substr(0, key.size() - names.old_key.size()) + names.new_key;
  }
  return key;
}

template <class Value>
void rekey_map(std::map<std::string, Value>& map, const Names& names) {
  std::map<std::string, Value> result;
  for (auto& [key, value] : map) {
    result[rekey(key, names)] = std::move(value);
  }
  map = std::move(result);
}

void follow_sequences(Snapshot& from,
                      const Snapshot& to,
                      const Names& names,
                      Table& table,
                      std::vector<Statement>& out) {
  std::vector<std::string> owned;
  for (const auto& [key, sequence] : from.sequences) {
    if (sequence.owned_by.starts_with(names.old_key + ".")) {
      owned.push_back(key);
    }
  }
  for (const std::string& key : owned) {
    Sequence sequence = from.sequences.at(key);
    sequence.owned_by = names.new_key + sequence.owned_by.substr(names.old_key.size());
    const std::string renamed = names.derived(last_part(key));
    const std::string new_key = names.schema + renamed;
    from.sequences.erase(key);
    if (!renamed.empty() && to.sequences.contains(new_key) && !from.sequences.contains(new_key)) {
      out.push_back(Statement{"ALTER SEQUENCE " + key + " RENAME TO " + renamed, {}});
      sequence.name = new_key;
      for (Column& column : table.columns) {
        if (column.default_expr) {
          column.default_expr =
              util::replace_all(*column.default_expr, "'" + key + "'", "'" + new_key + "'");
        }
      }
      from.sequences[new_key] = sequence;
    } else {
      from.sequences[key] = sequence;
    }
  }
  const Table* desired = nullptr;
  if (const auto found = to.tables.find(names.new_key); found != to.tables.end()) {
    desired = &found->second;
  }
  for (Column& column : table.columns) {
    const Column* other = desired ? desired->column(column.name) : nullptr;
    if (column.identity_sequence.empty() || other == nullptr) {
      continue;
    }
    const std::string renamed = names.derived(last_part(column.identity_sequence));
    if (!renamed.empty() && other->identity_sequence == names.schema + renamed) {
      out.push_back(
          Statement{"ALTER SEQUENCE " + column.identity_sequence + " RENAME TO " + renamed, {}});
      column.identity_sequence = other->identity_sequence;
    }
  }
}

void follow_constraints(const Snapshot& to,
                        const Names& names,
                        Table& table,
                        std::vector<Statement>& out) {
  const auto desired = to.tables.find(names.new_key);
  if (desired == to.tables.end()) {
    return;
  }
  for (Constraint& constraint : table.constraints) {
    const std::string renamed = names.derived(constraint.name);
    if (renamed.empty() || table.constraint(renamed) != nullptr) {
      continue;
    }
    const Constraint* other = desired->second.constraint(renamed);
    if (other != nullptr && other->type == constraint.type) {
      out.push_back(Statement{"ALTER TABLE " + names.new_key + " RENAME CONSTRAINT "
                                  + constraint.name + " TO " + renamed,
                              {}});
      constraint.name = renamed;
    }
  }
}

void follow_indexes(Snapshot& from,
                    const Snapshot& to,
                    const Names& names,
                    std::vector<Statement>& out) {
  std::vector<std::string> on_table;
  for (const auto& [key, index] : from.indexes) {
    if (index.table == names.new_key) {
      on_table.push_back(key);
    }
  }
  for (const std::string& key : on_table) {
    Index index = from.indexes.at(key);
    index.definition = util::replace_all(
        index.definition, " ON " + names.old_key + " ", " ON " + names.new_key + " ");
    index.definition = util::replace_all(
        index.definition, " ON ONLY " + names.old_key + " ", " ON ONLY " + names.new_key + " ");
    const std::string renamed = names.derived(last_part(key));
    const std::string new_key = names.schema + renamed;
    from.indexes.erase(key);
    if (!renamed.empty() && to.indexes.contains(new_key) && !from.indexes.contains(new_key)) {
      out.push_back(Statement{"ALTER INDEX " + key + " RENAME TO " + renamed, {}});
      index.definition = util::replace_all(
          index.definition, "INDEX " + last_part(key) + " ON", "INDEX " + renamed + " ON");
      index.name = new_key;
      from.indexes[new_key] = std::move(index);
    } else {
      from.indexes[key] = std::move(index);
    }
  }
}

} // namespace

void follow_table_rename(Snapshot& from,
                         const Snapshot& to,
                         const std::string& old_key,
                         const std::string& new_key,
                         std::vector<Statement>& out) {
  Names names{old_key, new_key, "", unquote(last_part(old_key)), unquote(last_part(new_key))};
  names.schema = schema_prefix(new_key);
  Table& table = from.tables.at(new_key);
  follow_sequences(from, to, names, table, out);
  follow_constraints(to, names, table, out);
  follow_indexes(from, to, names, out);
  // Definitions that name the table by its old name.
  for (auto& [name, other] : from.tables) {
    for (Constraint& constraint : other.constraints) {
      constraint.definition = util::replace_all(
          constraint.definition, "REFERENCES " + old_key + "(", "REFERENCES " + new_key + "(");
    }
  }
  for (auto& [key, trigger] : from.triggers) {
    if (trigger.table == old_key) {
      trigger.table = new_key;
      trigger.key = rekey(trigger.key, names);
      trigger.definition =
          util::replace_all(trigger.definition, " ON " + old_key + " ", " ON " + new_key + " ");
    }
  }
  for (auto& [key, policy] : from.policies) {
    if (policy.table == old_key) {
      policy.table = new_key;
      policy.key = rekey(policy.key, names);
    }
  }
  rekey_map(from.triggers, names);
  rekey_map(from.policies, names);
  rekey_map(from.privileges, names);
  rekey_map(from.comments, names);
}

} // namespace migrate::autogen::detail
