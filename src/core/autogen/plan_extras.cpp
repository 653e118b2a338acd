// SPDX-License-Identifier: MIT
// Planning extensions, domains, triggers and comments.
#include "planner.hpp"

#include <algorithm>

namespace migrate::autogen::detail {

namespace {

// Whether `definition` calls the function `key` ("public.f(n integer)") by its name.
bool calls(const std::string& definition, const std::string& key) {
  return definition.find(key.substr(0, key.find('(')) + "(") != std::string::npos;
}

// Whether `definition` calls one of `functions` that `other` lacks.
bool calls_function_only_in(const Snapshot& functions,
                            const Snapshot& other,
                            const std::string& definition) {
  for (const auto& [key, function] : functions.functions) {
    if (!other.functions.contains(key) && calls(definition, key)) {
      return true;
    }
  }
  return false;
}

// Whether `definition` calls a function the plan creates: such a CHECK is added once the
// functions exist, not with its domain (created before them: functions may take the domain).
bool calls_new_function(const Planner& planner, const std::string& definition) {
  return calls_function_only_in(planner.to, planner.from, definition);
}

} // namespace

bool calls_early_dropped_function(const Planner& planner, const std::string& definition) {
  return std::any_of(planner.early_dropped_functions.begin(),
                     planner.early_dropped_functions.end(),
                     [&](const std::string& key) { return calls(definition, key); });
}

namespace {

std::string domain_sql(const Planner& planner, const Domain& domain) {
  std::string sql = "CREATE DOMAIN " + domain.name + " AS " + domain.base_type;
  if (domain.collation) {
    sql += " COLLATE " + *domain.collation;
  }
  if (domain.default_expr) {
    sql += " DEFAULT " + *domain.default_expr;
  }
  if (domain.not_null) {
    sql += " NOT NULL";
  }
  for (const DomainCheck& check : domain.checks) {
    if (!calls_new_function(planner, check.definition)) {
      sql += " CONSTRAINT " + check.name + " " + check.definition;
    }
  }
  return sql;
}

const DomainCheck* find_check(const Domain& domain, const std::string& name) {
  for (const DomainCheck& check : domain.checks) {
    if (check.name == name) {
      return &check;
    }
  }
  return nullptr;
}

void alter_domain(Planner& planner, const Domain& from, const Domain& to) {
  const std::string alter = "ALTER DOMAIN " + to.name + " ";
  std::set<std::string> readded;
  for (const DomainCheck& check : from.checks) {
    const DomainCheck* other = find_check(to, check.name);
    // Dropped before the functions it calls (its drop uses them); one calling a function that
    // is dropped early keeps its text, so it is added again once the new function exists.
    const Effects uses{{}, {}, {}, called_functions(planner.from, check.definition)};
    if (calls_early_dropped_function(planner, check.definition)) {
      planner.add(types, alter + "DROP CONSTRAINT " + check.name, uses);
      readded.insert(check.name);
    } else if (other == nullptr || !(*other == check)) {
      planner.add(types, alter + "DROP CONSTRAINT " + check.name, uses);
    }
  }
  if (from.default_expr != to.default_expr) {
    planner.add(types,
                alter + (to.default_expr ? "SET DEFAULT " + *to.default_expr : "DROP DEFAULT"));
  }
  if (from.not_null != to.not_null) {
    planner.add(types, alter + (to.not_null ? "SET NOT NULL" : "DROP NOT NULL"));
  }
  for (const DomainCheck& check : to.checks) {
    const DomainCheck* other = find_check(from, check.name);
    if (other == nullptr || !(*other == check) || readded.contains(check.name)) {
      const bool late = calls_new_function(planner, check.definition)
                        || readded.contains(check.name)
                        || calls_early_dropped_function(planner, check.definition);
      planner.add(late ? add_constraints : types,
                  alter + "ADD CONSTRAINT " + check.name + " " + check.definition,
                  Effects{{}, called_functions(planner.to, check.definition), {}, {}});
      planner.recreated_targets.insert("CONSTRAINT " + check.name + " ON DOMAIN " + to.name);
    }
  }
}

} // namespace

void plan_extensions(Planner& planner) {
  for (const auto& [name, extension] : planner.to.extensions) {
    const auto old = planner.from.extensions.find(name);
    if (old == planner.from.extensions.end()) {
      planner.add(create_schemas,
                  "CREATE EXTENSION IF NOT EXISTS " + name + " WITH SCHEMA " + extension.schema);
    } else if (old->second.schema != extension.schema) {
      planner.add(create_schemas, "ALTER EXTENSION " + name + " SET SCHEMA " + extension.schema);
    }
  }
  for (const auto& [name, extension] : planner.from.extensions) {
    if (!planner.to.extensions.contains(name)) {
      planner.add(drop_extensions, "DROP EXTENSION " + name);
    }
  }
}

void plan_domains(Planner& planner) {
  for (const auto& [name, domain] : planner.to.domains) {
    const auto old = planner.from.domains.find(name);
    if (old == planner.from.domains.end()) {
      planner.add(
          types,
          domain_sql(planner, domain),
          Effects{{}, called_functions(planner.to, domain.default_expr.value_or("")), {}, {}});
      // A CHECK calling a function the revision creates is added once the function exists:
      // inside CREATE DOMAIN it would need the function before the domain, and a function
      // may take the domain as an argument.
      for (const DomainCheck& check : domain.checks) {
        if (calls_new_function(planner, check.definition)) {
          planner.add(add_constraints,
                      "ALTER DOMAIN " + name + " ADD CONSTRAINT " + check.name + " "
                          + check.definition,
                      Effects{{}, called_functions(planner.to, check.definition), {}, {}});
        }
      }
    } else if (!(old->second == domain)) {
      // A new base type or collation has no ALTER; everything else does.
      alter_domain(planner, old->second, domain);
    }
  }
  for (const auto& [name, domain] : planner.from.domains) {
    if (planner.to.domains.contains(name)) {
      continue;
    }
    // Functions are dropped before domains: a CHECK calling one that goes, goes first.
    for (const DomainCheck& check : domain.checks) {
      if (calls_function_only_in(planner.from, planner.to, check.definition)) {
        planner.add(drop_constraints, "ALTER DOMAIN " + name + " DROP CONSTRAINT " + check.name);
      }
    }
    planner.add(drop_domains, "DROP DOMAIN " + name, "drops domain " + name);
  }
}

void plan_composites(Planner& planner) {
  const auto find = [](const CompositeType& type, const std::string& name) -> const std::string* {
    for (const auto& [attribute, attribute_type] : type.attributes) {
      if (attribute == name) {
        return &attribute_type;
      }
    }
    return nullptr;
  };
  for (const auto& [name, type] : planner.to.composites) {
    const auto old = planner.from.composites.find(name);
    if (old == planner.from.composites.end()) {
      std::vector<std::string> attributes;
      for (const auto& [attribute, attribute_type] : type.attributes) {
        attributes.push_back(attribute + " " + attribute_type);
      }
      std::string list;
      for (const std::string& attribute : attributes) {
        list += (list.empty() ? "" : ", ") + attribute;
      }
      planner.add(types, "CREATE TYPE " + name + " AS (" + list + ")");
      continue;
    }
    const std::string alter = "ALTER TYPE " + name + " ";
    // A column of the type blocks ALTER ATTRIBUTE ... TYPE (ADD and DROP ATTRIBUTE, earlier,
    // keep its values by name): such columns become text first, after the views reading them
    // are dropped, the attributes change type, and plan_columns converts them back. The text
    // form is positional, and by then the attributes are in their final order.
    bool retyped = false;
    for (const auto& [attribute, attribute_type] : type.attributes) {
      const std::string* before = find(old->second, attribute);
      retyped = retyped || (before != nullptr && *before != attribute_type);
    }
    if (retyped) {
      for (const auto& [table_name, table] : planner.from.tables) {
        for (const Column& column : table.columns) {
          if (column.local && (column.type == name || column.type == name + "[]")) {
            planner.converted_composites.insert(name);
            const std::string text = column.type.ends_with("[]") ? "text[]" : "text";
            planner.add(alter_tables_before,
                        "ALTER TABLE " + table_name + " ALTER COLUMN " + column.name + " TYPE "
                            + text + " USING " + column.name + "::" + text);
          }
        }
      }
    }
    const Phase phase = planner.converted_composites.contains(name) ? alter_tables_before : types;
    for (const auto& [attribute, attribute_type] : old->second.attributes) {
      if (find(type, attribute) == nullptr) {
        planner.add(types,
                    alter + "DROP ATTRIBUTE " + attribute,
                    "drops attribute " + attribute + " of type " + name);
      }
    }
    for (const auto& [attribute, attribute_type] : type.attributes) {
      const std::string* before = find(old->second, attribute);
      if (before == nullptr) {
        planner.add(types, alter + "ADD ATTRIBUTE " + attribute + " " + attribute_type);
      } else if (*before != attribute_type) {
        planner.add(phase, alter + "ALTER ATTRIBUTE " + attribute + " TYPE " + attribute_type);
      }
    }
  }
  for (const auto& [name, type] : planner.from.composites) {
    if (!planner.to.composites.contains(name)) {
      planner.add(drop_composite_types, "DROP TYPE " + name, "drops type " + name);
    }
  }
}

void plan_triggers(Planner& planner) {
  for (const auto& [key, trigger] : planner.from.triggers) {
    const auto desired = planner.to.triggers.find(key);
    const bool goes_with_table = planner.dropped_tables.contains(trigger.table)
                                 || planner.rebuilt_tables.contains(trigger.table)
                                 || planner.views_to_drop.contains(trigger.table);
    if (goes_with_table || (desired != planner.to.triggers.end() && desired->second == trigger)) {
      continue;
    }
    planner.add(drop_views, "DROP TRIGGER " + key);
  }
  for (const auto& [key, trigger] : planner.to.triggers) {
    const auto old = planner.from.triggers.find(key);
    if (old != planner.from.triggers.end() && old->second == trigger
        && !planner.views_to_create.contains(trigger.table)
        && !planner.rebuilt_tables.contains(trigger.table)) {
      continue;
    }
    planner.recreated_targets.insert("TRIGGER " + key);
    planner.add(create_triggers, trigger.definition);
  }
}

bool target_exists(const Snapshot& to, const std::string& target) {
  const std::size_t space = target.find(' ');
  const std::string kind = target.substr(0, space);
  std::string name = target.substr(space + 1);
  if (kind == "TABLE") {
    return to.tables.contains(name);
  }
  if (kind == "VIEW" || kind == "MATERIALIZED") {
    return to.views.contains(kind == "VIEW" ? name : name.substr(name.find(' ') + 1));
  }
  if (kind == "INDEX") {
    return to.indexes.contains(name);
  }
  if (kind == "SEQUENCE") {
    return to.sequences.contains(name);
  }
  if (kind == "TYPE") {
    return to.enums.contains(name) || to.composites.contains(name);
  }
  if (kind == "DOMAIN") {
    return to.domains.contains(name);
  }
  if (kind == "FUNCTION" || kind == "PROCEDURE") {
    return to.functions.contains(name);
  }
  if (kind == "TRIGGER") {
    return to.triggers.contains(name);
  }
  if (kind == "SCHEMA") {
    return name == "public"
           || std::find(to.schemas.begin(), to.schemas.end(), name) != to.schemas.end();
  }
  if (kind == "COLUMN") {
    const std::vector<std::string> parts = split_qualified(name);
    const auto table = to.tables.find(parts.size() == 3 ? parts[0] + "." + parts[1] : "");
    return table != to.tables.end() && table->second.column(parts.back()) != nullptr;
  }
  if (kind == "CONSTRAINT") {
    const std::size_t on = name.find(" ON ");
    const std::string constraint = name.substr(0, on);
    std::string owner = name.substr(on + 4);
    if (owner.starts_with("DOMAIN ")) {
      const auto domain = to.domains.find(owner.substr(7));
      return domain != to.domains.end() && find_check(domain->second, constraint) != nullptr;
    }
    const auto table = to.tables.find(owner);
    return table != to.tables.end() && table->second.constraint(constraint) != nullptr;
  }
  return false;
}

bool target_recreated(const Planner& planner, const std::string& target) {
  if (planner.recreated_targets.contains(target)) {
    return true;
  }
  if (target.starts_with("TABLE ")) {
    return planner.rebuilt_tables.contains(target.substr(6));
  }
  if (target.starts_with("VIEW ") || target.starts_with("MATERIALIZED VIEW ")) {
    return planner.views_to_create.contains(target.substr(target.rfind(' ', target.find('.')) + 1));
  }
  if (!target.starts_with("COLUMN ")) {
    return false;
  }
  // Columns of a recreated view, or dropped and added again, are new too.
  const std::vector<std::string> parts = split_qualified(target.substr(7));
  const std::string table = parts.size() == 3 ? parts[0] + "." + parts[1] : "";
  return planner.views_to_create.contains(table) || planner.rebuilt_tables.contains(table)
         || planner.dropped_columns.contains(column_key(table, parts.back()));
}

void plan_comments(Planner& planner) {
  for (const auto& [target, text] : planner.to.comments) {
    const auto old = planner.from.comments.find(target);
    if (old == planner.from.comments.end() || old->second != text
        || target_recreated(planner, target)) {
      planner.add(comments, "COMMENT ON " + target + " IS " + literal(text));
    }
  }
  for (const auto& [target, text] : planner.from.comments) {
    if (!planner.to.comments.contains(target) && target_exists(planner.to, target)
        && !target_recreated(planner, target)) {
      planner.add(comments, "COMMENT ON " + target + " IS NULL");
    }
  }
}

} // namespace migrate::autogen::detail
