// SPDX-License-Identifier: MIT
// One statement through libpg_query: PostgreSQL 15's own grammar, its parse tree as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace migrate::lint {

struct ParsedStatement {
  nlohmann::json node;    // {"IndexStmt": {...}}: the statement's node; null when it did not parse
  std::string error;      // PostgreSQL's message ("syntax error at or near \"TABEL\"")
  int error_position = 0; // 1-based character of the statement where the error is (0: unknown)
};

ParsedStatement parse_statement(std::string_view text);

} // namespace migrate::lint
