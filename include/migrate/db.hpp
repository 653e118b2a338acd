// SPDX-License-Identifier: MIT
// The PostgreSQL implementation of migrate::Database: the one way to open a connection.
#pragma once

#include <migrate/database.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::db {

// Opens a connection (libpq underneath). options.conninfo goes to libpq as given: a URI or a
// key=value string, or empty for libpq's environment alone; PG* variables and ~/.pgpass keep
// working. Three settings are added only when neither the conninfo nor the matching environment
// variable sets them: connect_timeout (PGCONNECT_TIMEOUT), application_name (PGAPPNAME) and
// client_encoding=UTF8 (PGCLIENTENCODING; revision files are UTF-8).
// Throws DatabaseError with one line, never the password:
//   could not connect to <conninfo with the password masked>: <libpq's first line>
// (with an empty conninfo the target reads "host=... port=... dbname=... user=...").
std::unique_ptr<Database> connect(const ConnectOptions& options);

// `pg_dump --schema-only` of the database `conninfo` names (tables matching an `exclude` pattern
// left out), found on PATH; the connection settings go to it as PG* environment variables, never
// as arguments. Throws CommandError when pg_dump cannot be started, DatabaseError with its first
// line when it fails.
std::string dump_schema(const std::string& conninfo, const std::vector<std::string>& exclude);

// The SHA-256 of `data` as 64 lowercase hex digits (OpenSSL's libcrypto, loaded on first use).
// Throws DatabaseError when libcrypto cannot be loaded.
std::string sha256_hex(std::string_view data);

} // namespace migrate::db
