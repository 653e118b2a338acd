// SPDX-License-Identifier: MIT
// What a run does before its first revision: the session settings, reading the version table,
// and naming the set-up step when one fails (a failure there is no revision's fault).
#pragma once

#include <migrate/database.hpp>
#include <migrate/runner.hpp>
#include <migrate/util/interrupt.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace migrate::runner {

// The error of set-up step `what` ("reading the version table alembic_version"):
// "set-up step '<what>' failed: <error>; no revision ran", keeping an SqlError's fields.
SqlError setup_failure(std::string_view what, const SqlError& error);
DatabaseError setup_failure(std::string_view what, const DatabaseError& error);

// Runs `step`, turning its database errors into setup_failure(what, ...). The migration lock's
// own timeout (exit 4) and Ctrl-C pass unchanged.
template <class Step>
auto in_setup_step(std::string_view what, const Step& step) {
  try {
    return step();
  } catch (const LockTimeoutError&) {
    throw;
  } catch (const SqlError& error) {
    throw setup_failure(what, error);
  } catch (const DatabaseError& error) {
    if (util::interrupt_requested()) {
      throw;
    }
    throw setup_failure(what, error);
  }
}

bool table_exists(Database& database, const VersionTable& table);
std::vector<std::string> select_heads(Database& database, const VersionTable& table);

// "1500": seconds as the whole milliseconds a duration setting takes.
std::string milliseconds_text(double seconds);

// Sets client_connection_check_interval to 500 ms where the server has it (PostgreSQL 14+), for
// the session or (`local`) the transaction.
std::string client_check_interval_sql(bool local);

// The run's session settings: lock_timeout (for the revisions' statements), statement_timeout,
// and client_connection_check_interval.
std::string session_settings_sql(const OnlineOptions& options);

} // namespace migrate::runner
