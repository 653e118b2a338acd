// SPDX-License-Identifier: MIT
// libpq is loaded when a command first needs a database, not when migrate starts.
#pragma once

namespace migrate::db {

// Loads libpq.so.5 and resolves every libpq function migrate and libpqxx call; a no-op once
// done. Throws DatabaseError naming the library and what to install when it cannot.
void load_libpq();

} // namespace migrate::db
