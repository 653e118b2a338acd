// SPDX-License-Identifier: MIT
// Connection set-up: libpq parameters with our defaults, one-line failures, libpqxx adoption.
#include "pq_connection.hpp"

#include "conninfo.hpp"
#include "libpq_on_demand.hpp"

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
    return mask_conninfo(options.conninfo);
  }
  const auto field = [](const char* value) { return std::string(value != nullptr ? value : ""); };
  return "host=" + field(PQhost(connection)) + " port=" + field(PQport(connection))
         + " dbname=" + field(PQdb(connection)) + " user=" + field(PQuser(connection));
}

} // namespace

PGconn* open_connection(const ConnectOptions& options) {
  load_libpq();
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
    throw DatabaseError("could not connect to " + mask_conninfo(options.conninfo)
                        + ": out of memory");
  }
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string reason =
        scrub(first_line(PQerrorMessage(connection)), conninfo_passwords(options.conninfo));
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
