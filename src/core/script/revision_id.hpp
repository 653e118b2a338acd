// SPDX-License-Identifier: MIT
// Rules for revision identifiers, shared by the file parser (ScriptError) and new ids
// (CommandError).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace migrate::script {

// The version table's version_num is varchar(32).
inline constexpr std::size_t k_max_revision_id_length = 32;

// What is wrong with `id` as a revision identifier, as a one-line message, or nullopt when it is
// legal. The caller adds the location.
std::optional<std::string> revision_id_problem(std::string_view id);

} // namespace migrate::script
