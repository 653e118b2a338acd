// SPDX-License-Identifier: MIT
// The session's database side: which URL, the connection (made once), the current heads.
#include "commands/run_support.hpp"
#include "session.hpp"
#include "signals.hpp"

#include <migrate/db.hpp>
#include <migrate/error.hpp>
#include <migrate/runner.hpp>

namespace migrate::cli {

std::string describe_url(const std::optional<std::string>& url) {
  if (!url) {
    return "the PostgreSQL server of the libpq environment (PGHOST, PGDATABASE...)";
  }
  return config::mask_password(*url);
}

std::optional<std::string> Session::database_url() {
  return config::resolve_database_url(
      m_options.url, environment_variable("DATABASE_URL"), config().sqlalchemy_url);
}

std::string Session::masked_url() {
  return describe_url(database_url());
}

namespace {
// How to reach the session's database: the resolved URL for libpq, or its environment.
ConnectOptions connect_options(const std::optional<std::string>& url) {
  ConnectOptions options;
  if (url) {
    options.conninfo = config::normalize_database_url(*url);
  }
  return options;
}
} // namespace

Database& Session::database() {
  if (!m_database) {
    const std::optional<std::string> url = database_url();
    try {
      m_database = db::connect(connect_options(url));
    } catch (const DatabaseError& e) {
      if (url) {
        throw;
      }
      // A newcomer who has not set a URL yet (the seed's sqlalchemy.url is Alembic's
      // "driver://" placeholder) would otherwise only see libpq's defaults fail.
      const std::string where = config().ini_path ? " in " + config().ini_path->string() : "";
      throw DatabaseError(std::string(e.what())
                          + "; no database URL is set, so libpq's defaults were used: set "
                            "DATABASE_URL, pass --url, or set sqlalchemy.url"
                          + where);
    }
    SignalWatcher::set_cancel_target(m_database.get());
  }
  return *m_database;
}

std::unique_ptr<Database> Session::open_monitor() {
  ConnectOptions options = connect_options(database_url());
  options.application_name = "migrate (monitor)";
  return db::connect(options);
}

std::vector<std::string> Session::database_heads() {
  return runner::read_heads(database(), runner::version_table(config()));
}

} // namespace migrate::cli
