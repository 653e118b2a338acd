// SPDX-License-Identifier: MIT
// The session's database side: which URL, the connection (made once), the current heads.
#include "commands/run_support.hpp"
#include "session.hpp"
#include "signals.hpp"

#include <migrate/db.hpp>
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

Database& Session::database() {
  if (!m_database) {
    ConnectOptions options;
    if (const std::optional<std::string> url = database_url()) {
      options.conninfo = config::normalize_database_url(*url);
    }
    m_database = db::connect(options);
    SignalWatcher::set_cancel_target(m_database.get());
  }
  return *m_database;
}

std::unique_ptr<Database> Session::open_monitor() {
  ConnectOptions options;
  if (const std::optional<std::string> url = database_url()) {
    options.conninfo = config::normalize_database_url(*url);
  }
  options.application_name = "migrate (monitor)";
  return db::connect(options);
}

std::vector<std::string> Session::database_heads() {
  return runner::read_heads(database(), runner::version_table(config()));
}

} // namespace migrate::cli
