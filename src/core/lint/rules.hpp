// SPDX-License-Identifier: MIT
// The checks behind the rule table: one parse tree in, the rules it breaks out.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::lint {

// What the checks know of the revision before the statement being checked.
struct RevisionContext {
  bool transactional = true;
  std::set<std::string> created_tables;   // CREATE TABLE earlier in it: new, empty, unused
  std::set<std::string> validated_tables; // a VALIDATE CONSTRAINT earlier in it
  // Constraints added NOT VALID earlier in it ("table.name" -> the rule a VALIDATE in the same
  // transaction breaks: the ADD's lock is then held during the scan).
  std::map<std::string, std::string_view> not_valid_constraints;
};

struct Hit {
  std::string_view rule;
  std::string what; // "CREATE INDEX on orders"
};

// The rules `node` ({"IndexStmt": {...}}) breaks; updates `context` with what it creates.
std::vector<Hit> check_statement(const nlohmann::json& node, RevisionContext& context);

} // namespace migrate::lint
