// SPDX-License-Identifier: MIT
// The session's database side: which URL, the connection (made once), the current heads.
#include "commands/run_support.hpp"
#include "session.hpp"
#include "signals.hpp"

#include <migrate/db.hpp>
#include <migrate/runner.hpp>

namespace migrate::cli {

namespace {

// The URL as the user gave it (flag, environment or ini), or nullopt for libpq's environment.
std::optional<std::string> chosen_url(Session& session) {
  return config::resolve_database_url(
      session.options().url, environment_variable("DATABASE_URL"), session.config().sqlalchemy_url);
}

} // namespace

std::string Session::masked_url() {
  const std::optional<std::string> url = chosen_url(*this);
  if (!url) {
    return "the PostgreSQL server of the libpq environment (PGHOST, PGDATABASE...)";
  }
  return config::mask_password(*url);
}

Database& Session::database() {
  if (!m_database) {
    ConnectOptions options;
    if (const std::optional<std::string> url = chosen_url(*this)) {
      options.conninfo = config::normalize_database_url(*url);
    }
    m_database = db::connect(options);
    SignalWatcher::set_cancel_target(m_database.get());
  }
  return *m_database;
}

std::vector<std::string> Session::database_heads() {
  return runner::read_heads(database(), version_table(config()));
}

} // namespace migrate::cli
