// SPDX-License-Identifier: MIT
// The catalog queries behind introspect(): one per object kind, so their number never depends
// on the size of the schema (docs/autogenerate.md, "Introspection").
#pragma once

#include <string>

namespace migrate::autogen::queries {

// A condition on the namespace alias `n` leaving out system schemas.
inline constexpr const char* k_user_schema =
    "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";

std::string schemas();
std::string enums();
std::string sequences();
// `exclude` is a SQL condition on pg_class `c` / pg_namespace `n` naming the version table.
std::string relations(const std::string& exclude);
std::string columns(const std::string& exclude);
std::string constraints(const std::string& exclude);
std::string indexes();
std::string functions();
std::string view_dependencies();
std::string extensions();
std::string domains();
std::string domain_checks();
std::string composites();
std::string triggers(const std::string& exclude);
std::string policies(const std::string& exclude);
std::string privileges(const std::string& exclude);
std::string comments(const std::string& exclude);

} // namespace migrate::autogen::queries
