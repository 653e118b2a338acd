// SPDX-License-Identifier: MIT
// Whole-file reads and exclusive writes for the script directory, with errors as Error classes.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace migrate::script {

// The bytes of `path`; ScriptError "path: cannot read file: <reason>" on failure.
std::string read_file(const std::filesystem::path& path);

// Creates `path` (which must not exist) with `content`. CommandError when it exists already or
// cannot be written; a partly written file is removed.
void write_new_file(const std::filesystem::path& path, std::string_view content);

// absolute(path).lexically_normal() without a trailing separator, for comparing locations.
std::filesystem::path normalized_absolute(const std::filesystem::path& path);

} // namespace migrate::script
