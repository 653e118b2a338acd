// SPDX-License-Identifier: MIT
// libpg_query's parser: the text goes in NUL-terminated, the tree comes back as JSON.
#include "parse_tree.hpp"

#include <pg_query.h>

namespace migrate::lint {

ParsedStatement parse_statement(std::string_view text) {
  const std::string input(text);
  PgQueryParseResult result = pg_query_parse(input.c_str());
  ParsedStatement parsed;
  if (result.error != nullptr) {
    parsed.error = result.error->message;
    parsed.error_position = result.error->cursorpos;
  } else {
    const nlohmann::json tree = nlohmann::json::parse(result.parse_tree);
    const auto statements = tree.find("stmts");
    if (statements != tree.end() && !statements->empty()) {
      parsed.node = (*statements)[0].value("stmt", nlohmann::json());
    }
  }
  pg_query_free_parse_result(result);
  return parsed;
}

} // namespace migrate::lint
