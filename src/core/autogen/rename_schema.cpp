// SPDX-License-Identifier: MIT
// `--rename old_schema=new_schema`: one ALTER SCHEMA ... RENAME, and every name and definition
// of the current snapshot moved to the new schema, so nothing in it is dropped and recreated.
// A text the rewrite gets wrong shows as a difference, which validation and the whole-schema
// check refuse; it cannot make a wrong revision pass.
#include "planner.hpp"

#include <migrate/runner.hpp>

#include <algorithm>

namespace migrate::autogen::detail {

namespace {

bool identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
         || c == '$' || c == '"';
}

// `text` with every qualified reference "old." (not preceded by an identifier character) made
// "new.".
class Requalify {
public:
  Requalify(const std::string& old_schema, const std::string& new_schema)
      : m_old(old_schema + "."), m_new(new_schema + ".") {}

  std::string operator()(const std::string& text) const {
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = text.find(m_old); at != std::string::npos;
         at = text.find(m_old, at + 1)) {
      if (at > 0 && identifier_char(text[at - 1])) {
        continue;
      }
      out.append(text, from, at - from).append(m_new);
      from = at + m_old.size();
    }
    return out + text.substr(from);
  }

  void in(std::string& text) const { text = (*this)(text); }
  void in(std::optional<std::string>& text) const {
    if (text) {
      text = (*this)(*text);
    }
  }
  void in(std::vector<std::string>& texts) const {
    for (std::string& text : texts) {
      in(text);
    }
  }
  template <class Value>
  void keys(std::map<std::string, Value>& map) const {
    std::map<std::string, Value> result;
    for (auto& [key, value] : map) {
      result[(*this)(key)] = std::move(value);
    }
    map = std::move(result);
  }

private:
  std::string m_old;
  std::string m_new;
};

void requalify(Snapshot& from, const Requalify& r) {
  for (auto& [name, type] : from.enums) {
    r.in(type.name);
  }
  for (auto& [name, sequence] : from.sequences) {
    r.in(sequence.name);
    r.in(sequence.data_type);
    r.in(sequence.owned_by);
  }
  for (auto& [name, table] : from.tables) {
    r.in(table.name);
    r.in(table.parents);
    r.in(table.partition_key);
    r.in(table.partition_bound);
    for (Column& column : table.columns) {
      r.in(column.type);
      r.in(column.default_expr);
      r.in(column.generated_expr);
      r.in(column.collation);
      r.in(column.identity_sequence);
    }
    for (Constraint& constraint : table.constraints) {
      r.in(constraint.definition);
      r.in(constraint.ref_table);
    }
  }
  for (auto& [name, index] : from.indexes) {
    r.in(index.name);
    r.in(index.table);
    r.in(index.definition);
  }
  for (auto& [name, view] : from.views) {
    r.in(view.name);
    r.in(view.definition);
  }
  for (auto& [name, function] : from.functions) {
    r.in(function.key);
    r.in(function.result);
    // A body in quotes is text the rename does not touch (a BEGIN ATOMIC body is parsed, and
    // follows): only the header before it moves, and the plan replaces the body.
    const std::size_t body = function.definition.find("AS $");
    function.definition = body == std::string::npos ? r(function.definition)
                                                    : r(function.definition.substr(0, body))
                                                          + function.definition.substr(body);
  }
  for (Dependency& dependency : from.dependencies) {
    r.in(dependency.dependent);
    r.in(dependency.referenced);
  }
  for (auto& [name, extension] : from.extensions) {
    extension.schema = r(extension.schema + ".").substr(0, r(extension.schema + ".").size() - 1);
  }
  for (auto& [name, domain] : from.domains) {
    r.in(domain.name);
    r.in(domain.base_type);
    r.in(domain.default_expr);
    r.in(domain.collation);
    for (DomainCheck& check : domain.checks) {
      r.in(check.definition);
    }
  }
  for (auto& [name, type] : from.composites) {
    r.in(type.name);
    for (auto& [attribute, attribute_type] : type.attributes) {
      r.in(attribute_type);
    }
  }
  for (auto& [key, trigger] : from.triggers) {
    r.in(trigger.key);
    r.in(trigger.table);
    r.in(trigger.definition);
  }
  for (auto& [key, policy] : from.policies) {
    r.in(policy.key);
    r.in(policy.table);
    r.in(policy.using_expr);
    r.in(policy.check_expr);
  }
  r.keys(from.enums);
  r.keys(from.sequences);
  r.keys(from.tables);
  r.keys(from.indexes);
  r.keys(from.partition_indexes);
  for (auto& [index, table] : from.partition_indexes) {
    r.in(table);
  }
  r.keys(from.views);
  r.keys(from.functions);
  r.keys(from.domains);
  r.keys(from.composites);
  r.keys(from.triggers);
  r.keys(from.policies);
  r.keys(from.privileges);
  r.keys(from.comments);
}

} // namespace

bool try_schema(Snapshot& from,
                const Snapshot& to,
                const std::string& old_name,
                const std::string& new_name,
                std::vector<Statement>& out) {
  const std::string old_quoted = runner::quote_identifier_if_needed(old_name);
  const std::string new_quoted = runner::quote_identifier_if_needed(new_name);
  const auto has = [](const Snapshot& snapshot, const std::string& schema) {
    return std::find(snapshot.schemas.begin(), snapshot.schemas.end(), schema)
           != snapshot.schemas.end();
  };
  if (!has(from, old_quoted) || has(from, new_quoted) || !has(to, new_quoted)
      || has(to, old_quoted)) {
    return false;
  }
  out.push_back(Statement{"ALTER SCHEMA " + old_quoted + " RENAME TO " + new_quoted, {}});
  for (std::string& schema : from.schemas) {
    schema = schema == old_quoted ? new_quoted : schema;
  }
  requalify(from, Requalify(old_quoted, new_quoted));
  // The schema's own privileges and comment.
  const auto rekey = [&](auto& map) {
    if (const auto found = map.find("SCHEMA " + old_quoted); found != map.end()) {
      auto value = std::move(found->second);
      map.erase(found);
      map["SCHEMA " + new_quoted] = std::move(value);
    }
  };
  rekey(from.privileges);
  rekey(from.comments);
  return true;
}

} // namespace migrate::autogen::detail
