// SPDX-License-Identifier: MIT
// Connection strings in libpq's messages: the one masking function is config::mask_password;
// this hides a whole connection string where libpq quotes it back.
#pragma once

#include <string>
#include <string_view>

namespace migrate::db {

// `message` with every occurrence of the whole `conninfo` replaced by its masked form (libpq
// quotes the entire URI in some of its errors). Only the whole string is replaced: masking each
// occurrence of the password itself would reveal a short password by where the stars land.
std::string hide_conninfo(std::string message, std::string_view conninfo);

// The first line of a (libpq) message, trimmed.
std::string first_line(std::string_view message);

} // namespace migrate::db
