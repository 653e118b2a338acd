// SPDX-License-Identifier: MIT
// The PostgreSQL implementation of migrate::Database: the one way to open a connection.
#pragma once

#include <migrate/database.hpp>

#include <memory>

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

} // namespace migrate::db
