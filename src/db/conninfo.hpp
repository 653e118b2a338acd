// SPDX-License-Identifier: MIT
// Connection strings as text: masking the password for messages (no libpq needed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migrate::db {

// The conninfo (postgresql:// or postgres:// URI, or libpq key=value string) with every password
// replaced by "***": the URI's user:password@, a password= query parameter, a password=
// keyword (quoted or not). When a key=value string that mentions "password" stops following
// libpq's syntax, everything from that point is masked too.
std::string mask_conninfo(std::string_view conninfo);

// The passwords written in the conninfo (as written, and unquoted or percent-decoded), plus the
// words after a syntax error that mask_conninfo hides, so a libpq message that echoes part of
// the string can be scrubbed.
std::vector<std::string> conninfo_passwords(std::string_view conninfo);

// `message` with every occurrence of each password replaced by "***".
std::string scrub(std::string message, const std::vector<std::string>& passwords);

// The first line of a (libpq) message, trimmed.
std::string first_line(std::string_view message);

} // namespace migrate::db
