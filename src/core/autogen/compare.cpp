// SPDX-License-Identifier: MIT
// differences(): what validation reports when a plan does not converge, object by object.
#include <migrate/autogen.hpp>
#include <migrate/util/strings.hpp>

#include <algorithm>
#include <set>

namespace migrate::autogen {

const Column* Table::column(const std::string& column_name) const {
  const auto found = std::find_if(
      columns.begin(), columns.end(), [&](const Column& c) { return c.name == column_name; });
  return found == columns.end() ? nullptr : &*found;
}

const Constraint* Table::constraint(const std::string& constraint_name) const {
  const auto found = std::find_if(constraints.begin(), constraints.end(), [&](const Constraint& c) {
    return c.name == constraint_name;
  });
  return found == constraints.end() ? nullptr : &*found;
}

namespace {

// Keyed comparison of two maps: a line per key present on one side only or unequal.
template <typename Value, typename Describe>
void compare_maps(const std::map<std::string, Value>& a,
                  const std::map<std::string, Value>& b,
                  const std::string& kind,
                  Describe describe,
                  std::vector<std::string>& out) {
  std::set<std::string> keys;
  for (const auto& [key, value] : a) {
    keys.insert(key);
  }
  for (const auto& [key, value] : b) {
    keys.insert(key);
  }
  for (const std::string& key : keys) {
    const auto left = a.find(key);
    const auto right = b.find(key);
    if (right == b.end()) {
      out.push_back(kind + " " + key + ": only in the first");
    } else if (left == a.end()) {
      out.push_back(kind + " " + key + ": only in the second");
    } else if (!(left->second == right->second)) {
      out.push_back(kind + " " + key + ": " + describe(left->second, right->second));
    }
  }
}

// Columns and constraints by name: attnum order is history, not schema.
std::string describe_tables(const Table& a, const Table& b) {
  std::vector<std::string> parts;
  std::map<std::string, Column> columns_a;
  std::map<std::string, Column> columns_b;
  for (const Column& column : a.columns) {
    columns_a[column.name] = column;
  }
  for (const Column& column : b.columns) {
    columns_b[column.name] = column;
  }
  for (const auto& [name, column] : columns_a) {
    const auto other = columns_b.find(name);
    if (other == columns_b.end()) {
      parts.push_back("column " + name + " only in the first");
    } else if (!(other->second == column)) {
      parts.push_back("column " + name + " differs");
    }
  }
  for (const auto& [name, column] : columns_b) {
    if (!columns_a.contains(name)) {
      parts.push_back("column " + name + " only in the second");
    }
  }
  for (const Constraint& constraint : a.constraints) {
    const Constraint* other = b.constraint(constraint.name);
    if (other == nullptr) {
      parts.push_back("constraint " + constraint.name + " only in the first");
    } else if (!(*other == constraint)) {
      parts.push_back("constraint " + constraint.name + " differs");
    }
  }
  for (const Constraint& constraint : b.constraints) {
    if (a.constraint(constraint.name) == nullptr) {
      parts.push_back("constraint " + constraint.name + " only in the second");
    }
  }
  if (a.kind != b.kind || a.partition_key != b.partition_key
      || a.partition_bound != b.partition_bound || a.parents != b.parents) {
    parts.push_back("partitioning or inheritance differs");
  }
  if (a.unlogged != b.unlogged || a.options != b.options || a.replica_identity != b.replica_identity
      || a.row_security != b.row_security || a.force_row_security != b.force_row_security) {
    parts.push_back("table settings differ");
  }
  return util::join(parts, ", ");
}

template <typename Value>
std::string differs(const Value&, const Value&) {
  return "differs";
}

} // namespace

std::vector<std::string> differences(const Snapshot& a, const Snapshot& b) {
  std::vector<std::string> out;
  std::set<std::string> schemas_a(a.schemas.begin(), a.schemas.end());
  std::set<std::string> schemas_b(b.schemas.begin(), b.schemas.end());
  for (const std::string& schema : schemas_a) {
    if (!schemas_b.contains(schema)) {
      out.push_back("schema " + schema + ": only in the first");
    }
  }
  for (const std::string& schema : schemas_b) {
    if (!schemas_a.contains(schema)) {
      out.push_back("schema " + schema + ": only in the second");
    }
  }
  compare_maps(a.enums, b.enums, "type", differs<EnumType>, out);
  compare_maps(a.sequences, b.sequences, "sequence", differs<Sequence>, out);
  // Tables are compared by name-keyed contents, not by the attnum-ordered vectors.
  std::map<std::string, Table> tables_a = a.tables;
  std::map<std::string, Table> tables_b = b.tables;
  for (auto* tables : {&tables_a, &tables_b}) {
    for (auto& [name, table] : *tables) {
      std::sort(table.columns.begin(), table.columns.end(), [](const Column& x, const Column& y) {
        return x.name < y.name;
      });
      std::sort(table.constraints.begin(),
                table.constraints.end(),
                [](const Constraint& x, const Constraint& y) { return x.name < y.name; });
    }
  }
  compare_maps(tables_a, tables_b, "table", describe_tables, out);
  compare_maps(a.indexes, b.indexes, "index", differs<Index>, out);
  compare_maps(a.views, b.views, "view", differs<View>, out);
  compare_maps(a.functions, b.functions, "function", differs<Function>, out);
  compare_maps(a.extensions, b.extensions, "extension", differs<Extension>, out);
  compare_maps(a.domains, b.domains, "domain", differs<Domain>, out);
  compare_maps(a.composites, b.composites, "type", differs<CompositeType>, out);
  compare_maps(a.triggers, b.triggers, "trigger", differs<Trigger>, out);
  compare_maps(a.policies, b.policies, "policy", differs<Policy>, out);
  compare_maps(a.privileges, b.privileges, "privileges on", differs<std::vector<std::string>>, out);
  compare_maps(a.comments, b.comments, "comment on", differs<std::string>, out);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace migrate::autogen
