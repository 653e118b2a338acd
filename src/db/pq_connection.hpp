// SPDX-License-Identifier: MIT
// Opening a libpq connection with migrate's defaults, and handing it to libpqxx.
#pragma once

#include <migrate/database.hpp>

#include <pqxx/connection_base>
#include <pqxx/connectionpolicy>

#include <libpq-fe.h>

namespace migrate::db {

// Connects (PQconnectdbParams) and returns an open connection the caller owns.
// Throws DatabaseError "could not connect to <target>: <libpq's first line>", password masked.
PGconn* open_connection(const ConnectOptions& options);

// A libpqxx connection over a libpq connection we opened ourselves. libpqxx 6.4 keeps its PGconn
// private, but execute() needs libpq's per-statement results (see pq_database.cpp), so we open
// the PGconn and pass it in through a connection policy (libpqxx's extension point). The policy
// never reconnects: a silent reconnect would drop the session's advisory lock and transaction.
class AdoptedConnection : public pqxx::connection_base {
public:
  // Takes ownership of `connection` (closed with PQfinish by libpqxx).
  explicit AdoptedConnection(PGconn* connection);
  ~AdoptedConnection();
  AdoptedConnection(const AdoptedConnection&) = delete;
  AdoptedConnection& operator=(const AdoptedConnection&) = delete;

private:
  class Policy : public pqxx::connectionpolicy {
  public:
    explicit Policy(PGconn* connection);
    ~Policy() noexcept override;
    Policy(const Policy&) = delete;
    Policy& operator=(const Policy&) = delete;
    handle do_startconnect(handle current) override;

  private:
    PGconn* m_pending; // until libpqxx takes it
  };

  Policy m_policy;
};

} // namespace migrate::db
