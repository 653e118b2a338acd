// SPDX-License-Identifier: MIT
// Connection set-up: libpq parameters with our defaults, one-line failures, libpqxx adoption.
#include "pq_connection.hpp"

#include "conninfo.hpp"
#include "libpq_on_demand.hpp"

#include <migrate/config.hpp>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace migrate::db {

namespace {

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

// Where a failed connection went, for the message: the user's string (masked), or what libpq
// took from its environment.
std::string describe_target(const ConnectOptions& options, PGconn* connection) {
  if (!options.conninfo.empty()) {
    return config::mask_password(options.conninfo);
  }
  const auto field = [](const char* value) { return std::string(value != nullptr ? value : ""); };
  return "host=" + field(PQhost(connection)) + " port=" + field(PQport(connection))
         + " dbname=" + field(PQdb(connection)) + " user=" + field(PQuser(connection));
}

// libpq's parse errors quote the text they stumbled on, which may be part of a password: a string
// it cannot parse is refused here, with libpq's reason only when the string sets no password.
void refuse_unparsable(const std::string& conninfo) {
  if (conninfo.empty()) {
    return;
  }
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
  if (parsed != nullptr) {
    PQconninfoFree(parsed);
    return;
  }
  const std::string masked = config::mask_password(conninfo);
  std::string reason = error != nullptr && masked == conninfo ? first_line(error) : "";
  PQfreemem(error);
  throw ConfigError(
      "invalid connection string '" + masked + "': "
      + (reason.empty() ? "libpq cannot parse it (check quoting and percent-encoding)" : reason));
}

} // namespace

PGconn* open_connection(const ConnectOptions& options) {
  // What libpq would reject with a message quoting the text (a password included) is refused
  // first, with a message that does not.
  config::check_connection_string(options.conninfo);
  load_libpq();
  refuse_unparsable(options.conninfo);
  // Our defaults come before "dbname", which carries the user's conninfo: with expand_dbname,
  // libpq lets later keywords override earlier ones, so the user's string wins. An explicit
  // keyword would beat libpq's environment, so a default is left out when its variable is set
  // (application_name has a keyword made for this: fallback_application_name).
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  const std::string timeout = std::to_string(options.connect_timeout_seconds);
  if (options.connect_timeout_seconds > 0 && !env_set("PGCONNECT_TIMEOUT")) {
    keywords.push_back("connect_timeout");
    values.push_back(timeout.c_str());
  }
  if (!options.application_name.empty()) {
    keywords.push_back("fallback_application_name");
    values.push_back(options.application_name.c_str());
  }
  if (!env_set("PGCLIENTENCODING")) {
    keywords.push_back("client_encoding");
    values.push_back("UTF8");
  }
  if (!options.conninfo.empty()) {
    keywords.push_back("dbname");
    values.push_back(options.conninfo.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);

  PGconn* connection = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (connection == nullptr) {
    throw DatabaseError("could not connect to " + config::mask_password(options.conninfo)
                        + ": out of memory");
  }
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string reason =
        hide_conninfo(first_line(PQerrorMessage(connection)), options.conninfo);
    const std::string target = describe_target(options, connection);
    PQfinish(connection);
    throw DatabaseError("could not connect to " + target + ": " + reason);
  }
  return connection;
}

AdoptedConnection::Policy::Policy(PGconn* connection)
    : pqxx::connectionpolicy(std::string()), m_pending(connection) {}

AdoptedConnection::Policy::~Policy() noexcept {
  if (m_pending != nullptr) {
    PQfinish(m_pending);
  }
}

pqxx::connectionpolicy::handle AdoptedConnection::Policy::do_startconnect(handle current) {
  if (current != nullptr) {
    return current;
  }
  if (m_pending == nullptr) {
    throw pqxx::broken_connection("the connection to the server was lost (migrate does not "
                                  "reconnect)");
  }
  return std::exchange(m_pending, nullptr);
}

AdoptedConnection::AdoptedConnection(PGconn* connection)
    : pqxx::connection_base(m_policy), m_policy(connection) {
  try {
    init();
  } catch (...) {
    close();
    throw;
  }
}

AdoptedConnection::~AdoptedConnection() {
  close();
}

} // namespace migrate::db
