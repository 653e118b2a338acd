// SPDX-License-Identifier: MIT
// --format json (docs/json-output.md): one JSON document on stdout per command, shaped by the
// versioned schema in docs/json-output.schema.json.
#pragma once

#include "session.hpp"

#include <migrate/graph.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace migrate::cli {

// The commands that have a JSON form.
bool has_json_form(const std::string& command);

// A revision as JSON: id, parents, labels, dependencies, message, date, file and its place in
// the graph.
nlohmann::json revision_json(const graph::Node& node);
nlohmann::json revisions_json(const graph::RevisionMap& map, const std::vector<std::string>& ids);

// Prints {"format": 1, "command": <command>, ...document} on stdout.
void print_json(Session& session, const std::string& command, nlohmann::json document);

// {"format": 1, "error": {"message": ..., "exit_code": ...}}, for a failure in JSON mode.
std::string error_json(const std::string& message, int exit_code);

} // namespace migrate::cli
