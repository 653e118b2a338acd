// SPDX-License-Identifier: MIT
// The JSON documents of --format json (docs/json-output.md).
#include "json_output.hpp"

#include <algorithm>
#include <array>

namespace migrate::cli {

namespace {

constexpr int k_format = 1; // docs/json-output.schema.json; bumped when a shape changes

} // namespace

bool has_json_form(const std::string& command) {
  static constexpr std::array<std::string_view, 11> k_commands{"status",
                                                               "lint",
                                                               "current",
                                                               "heads",
                                                               "branches",
                                                               "history",
                                                               "show",
                                                               "check",
                                                               "upgrade",
                                                               "downgrade",
                                                               "stamp"};
  return std::find(k_commands.begin(), k_commands.end(), command) != k_commands.end();
}

nlohmann::json revision_json(const graph::Node& node) {
  const Revision& revision = node.revision;
  return nlohmann::json{{"revision", revision.id},
                        {"down_revisions", revision.down_revisions},
                        {"branch_labels", node.branch_labels},
                        {"depends_on", node.dependencies},
                        {"message", revision.message},
                        {"create_date", revision.create_date},
                        {"path", revision.path},
                        {"transactional", revision.transactional},
                        {"is_head", node.is_head},
                        {"is_branch_point", node.is_branch_point},
                        {"is_merge_point", node.is_merge_point}};
}

nlohmann::json revisions_json(const graph::RevisionMap& map, const std::vector<std::string>& ids) {
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& id : ids) {
    list.push_back(revision_json(map.node(id)));
  }
  return list;
}

void print_json(Session& session, const std::string& command, nlohmann::json document) {
  nlohmann::json out{{"format", k_format}, {"command", command}};
  out.update(document);
  // Replacement of invalid UTF-8 keeps a revision file's stray byte from aborting the output.
  session.sql_out() << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  session.set_json_printed();
}

std::string error_json(const std::string& message, int exit_code) {
  const nlohmann::json out{{"format", k_format},
                           {"error", {{"message", message}, {"exit_code", exit_code}}}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace migrate::cli
