// SPDX-License-Identifier: MIT
// Planning the columns of a table present on both sides: what must go before sequences and
// types change (drop default/identity/expression, drop column), and what comes after.
#include "planner.hpp"

#include <array>
#include <set>
#include <sstream>

namespace migrate::autogen::detail {

namespace {

// Type changes that keep every value: anything else is flagged destructive.
bool is_widening(const std::string& from, const std::string& to) {
  static const std::array<std::pair<const char*, const char*>, 10> widenings{{
      {"smallint", "integer"},
      {"smallint", "bigint"},
      {"integer", "bigint"},
      {"smallint", "numeric"},
      {"integer", "numeric"},
      {"bigint", "numeric"},
      {"real", "double precision"},
      {"character varying", "text"},
      {"character", "text"},
      {"timestamp without time zone", "timestamp with time zone"},
  }};
  for (const auto& [a, b] : widenings) {
    if (from == a && to == b) {
      return true;
    }
  }
  const std::string varchar = "character varying(";
  if (from.starts_with(varchar) && (to == "text" || to == "character varying")) {
    return true;
  }
  if (from.starts_with(varchar) && to.starts_with(varchar)) {
    try {
      return std::stoi(to.substr(varchar.size())) >= std::stoi(from.substr(varchar.size()));
    } catch (const std::exception&) {
      return false;
    }
  }
  return false;
}

std::string base_type(const std::string& type) {
  return type.ends_with("[]") ? type.substr(0, type.size() - 2) : type;
}

std::string using_cast(const Planner& planner, const Column& from, const Column& to) {
  if (planner.recreated_enums.contains(base_type(from.type))
      || planner.converted_composites.contains(base_type(from.type))) {
    // The old and new enum share no cast (a converted composite is text by now): via text.
    return from.name + "::" + (from.type.ends_with("[]") ? "text[]" : "text") + "::" + to.type;
  }
  return from.name + "::" + to.type;
}

// "START WITH 1 INCREMENT BY 1 ... NO CYCLE" as ALTER COLUMN wants it: a SET before each option.
std::string identity_settings(const std::string& options) {
  static const std::set<std::string> k_starts{
      "START", "INCREMENT", "MINVALUE", "MAXVALUE", "CACHE", "NO"};
  std::string out;
  std::string previous;
  std::istringstream words(options);
  for (std::string word; words >> word; previous = word) {
    if (k_starts.contains(word) || (word == "CYCLE" && previous != "NO")) {
      out += (out.empty() ? "" : " ") + std::string("SET");
    }
    out += " " + word;
  }
  return std::string(out.starts_with(" ") ? out.substr(1) : out);
}

} // namespace

void plan_columns(Planner& planner, const Table& from, const Table& to) {
  const std::string alter = "ALTER TABLE " + to.name + " ";
  for (const Column& old : from.columns) {
    if (planner.dropped_columns.contains(column_key(from.name, old.name))) {
      const bool regenerated = to.column(old.name) != nullptr;
      planner.add(alter_tables_before,
                  alter + "DROP COLUMN " + old.name,
                  regenerated ? std::optional<std::string>()
                              : "drops column " + from.name + "." + old.name + " and its data");
    }
  }
  for (const Column& column : to.columns) {
    if (!column.local) {
      continue;
    }
    const Column* found = from.column(column.name);
    const std::string column_alter = alter + "ALTER COLUMN " + column.name + " ";
    if (found == nullptr || planner.dropped_columns.contains(column_key(from.name, column.name))) {
      Effects effects{{column_object(to.name, column.name)}, {}, {}, {}};
      if (column.default_expr) {
        effects.needs = called_functions(planner.to, *column.default_expr);
      }
      planner.add(alter_tables_after,
                  alter + "ADD COLUMN " + column.name + " " + column_definition(column),
                  std::move(effects));
      continue;
    }
    const Column& old = *found;
    const bool type_change = planner.retyped_columns.contains(column_key(from.name, column.name));
    const bool identity_change = old.identity != column.identity;
    bool default_dropped = false;
    if (old.default_expr && (old.default_expr != column.default_expr || type_change)
        && (!column.default_expr || type_change || identity_change
            || old.default_expr->find("nextval(") != std::string::npos)) {
      planner.add(alter_tables_before,
                  column_alter + "DROP DEFAULT",
                  Effects{{}, {}, {}, called_functions(planner.from, *old.default_expr)});
      default_dropped = true;
    }
    if (!old.identity.empty() && column.identity.empty()) {
      planner.add(alter_tables_before, column_alter + "DROP IDENTITY");
    }
    if (old.generated_expr && !column.generated_expr) {
      planner.add(alter_tables_before, column_alter + "DROP EXPRESSION");
    }

    if (type_change) {
      std::string sql = column_alter + "TYPE " + column.type;
      if (column.collation) {
        sql += " COLLATE " + *column.collation;
      }
      sql += " USING " + using_cast(planner, old, column);
      const bool safe = !planner.recreated_enums.contains(base_type(old.type))
                        && is_widening(old.type, column.type);
      planner.add(alter_tables_after,
                  std::move(sql),
                  safe ? std::optional<std::string>()
                       : "changes " + to.name + "." + column.name + " from " + old.type + " to "
                             + column.type + "; values that do not convert fail or change");
    }
    if (column.default_expr && (default_dropped || old.default_expr != column.default_expr)) {
      planner.add(alter_tables_after,
                  column_alter + "SET DEFAULT " + *column.default_expr,
                  Effects{{}, called_functions(planner.to, *column.default_expr), {}, {}});
    } else if (!column.default_expr && old.default_expr && !default_dropped) {
      planner.add(alter_tables_after, column_alter + "DROP DEFAULT");
    }
    if (column.not_null && !old.not_null && column.default_expr && !column.generated_expr) {
      // As one would write it by hand: rows holding NULL take the default first, or SET NOT
      // NULL fails on a populated table.
      planner.add(alter_tables_after,
                  "-- NULLs take the column's default before SET NOT NULL\nUPDATE " + to.name
                      + " SET " + column.name + " = DEFAULT WHERE " + column.name + " IS NULL");
    }
    if (column.not_null != old.not_null) {
      planner.add(alter_tables_after,
                  column_alter + (column.not_null ? "SET NOT NULL" : "DROP NOT NULL"));
    }
    if (identity_change && !column.identity.empty()) {
      const std::string kind = column.identity == "a" ? "ALWAYS" : "BY DEFAULT";
      if (old.identity.empty()) {
        planner.add(
            alter_tables_after,
            column_alter + "ADD GENERATED " + kind + " AS IDENTITY"
                + (column.identity_options.empty() ? "" : " (" + column.identity_options + ")"));
        // Keep numbering after the existing rows, as the serial sequence did.
        planner.add(alter_tables_after,
                    "SELECT setval(pg_get_serial_sequence(" + literal(to.name) + ", "
                        + literal(unquote(column.name)) + "), coalesce(max(" + column.name
                        + "), 0) + 1, false) FROM " + to.name);
      } else {
        planner.add(alter_tables_after, column_alter + "SET GENERATED " + kind);
      }
    }
    if (!old.identity.empty() && !column.identity.empty()
        && old.identity_sequence != column.identity_sequence && !column.identity_sequence.empty()
        && !old.identity_sequence.empty()) {
      planner.add(alter_tables_after,
                  "ALTER SEQUENCE " + old.identity_sequence + " RENAME TO "
                      + last_part(column.identity_sequence));
    }
    if (!old.identity.empty() && !column.identity.empty()
        && old.identity_options != column.identity_options) {
      planner.add(alter_tables_after, column_alter + identity_settings(column.identity_options));
    }
  }
}

} // namespace migrate::autogen::detail
