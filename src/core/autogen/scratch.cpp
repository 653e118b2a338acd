// SPDX-License-Identifier: MIT
// Scratch databases for autogenerate: created from template0 on one server, always dropped.
#include <migrate/autogen.hpp>
#include <migrate/error.hpp>

#include <random>
#include <stdexcept>
#include <thread>

namespace migrate::autogen {

namespace {

std::string unique_name() {
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string name = "migrate_scratch_";
  for (int i = 0; i < 12; ++i) {
    name += "0123456789abcdef"[digit(device)];
  }
  return name;
}

} // namespace

std::string conninfo_with_dbname(const std::string& conninfo, const std::string& dbname) {
  const bool uri = conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
  if (uri) {
    // A query parameter overrides the path's database in libpq's URI parser.
    return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + "dbname=" + dbname;
  }
  // In a key=value string the last occurrence of a keyword wins.
  return conninfo + (conninfo.empty() ? "" : " ") + "dbname=" + dbname;
}

ScratchServer::ScratchServer(Connector connector, std::string server_conninfo, std::string masked)
    : m_connector(std::move(connector)),
      m_conninfo(std::move(server_conninfo)),
      m_masked(std::move(masked)) {}

ScratchServer::~ScratchServer() {
  drop_all();
}

Database& ScratchServer::admin() {
  if (!m_admin) {
    m_admin = m_connector(m_conninfo);
  }
  return *m_admin;
}

std::string ScratchServer::conninfo_of(const Database& database) const {
  for (const auto& [name, connection] : m_databases) {
    if (connection.get() == &database) {
      return conninfo_with_dbname(m_conninfo, name);
    }
  }
  throw std::logic_error("conninfo_of: not a scratch database of this server");
}

Database& ScratchServer::create() {
  const std::string name = unique_name();
  try {
    admin().execute("CREATE DATABASE " + name + " TEMPLATE template0");
  } catch (const SqlError& e) {
    if (e.fields().sqlstate == "42501") {
      throw CommandError("autogenerate needs scratch databases, but this role may not create "
                         "databases on "
                         + m_masked + " (" + e.fields().message
                         + "); set dev_url in the configuration (or --dev-url) to a server of "
                           "the same major version where it may");
    }
    throw;
  }
  m_databases.emplace_back(name, nullptr);
  m_databases.back().second = m_connector(conninfo_with_dbname(m_conninfo, name));
  Database& database = *m_databases.back().second;
  // The database is thrown away: no commit in it needs to wait for its WAL to reach the disk.
  database.execute("SET synchronous_commit = off");
  return database;
}

std::vector<std::string> ScratchServer::names() const {
  std::vector<std::string> out;
  for (const auto& [name, connection] : m_databases) {
    out.push_back(name);
  }
  return out;
}

void ScratchServer::drop_all() noexcept {
  for (auto& [name, connection] : m_databases) {
    connection.reset(); // its own session would block the drop
  }
  const auto drop_sql = [](const std::string& name) {
    return "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
  };
  // A DROP DATABASE mostly waits (for a checkpoint, for its files to go), and the server runs
  // two at once in barely more time than one: with two or more, the last is dropped on a
  // connection of its own while the admin connection drops the others. Should that connection
  // or its thread fail, the admin connection drops it afterwards.
  std::size_t on_admin = m_databases.size();
  bool last_dropped = false;
  {
    std::jthread helper;
    if (m_databases.size() >= 2) {
      try {
        helper = std::jthread([&] {
          try {
            m_connector(m_conninfo)->execute(drop_sql(m_databases.back().first));
            last_dropped = true;
          } catch (...) { // NOLINT(bugprone-empty-catch): the admin connection tries again
          }
        });
        --on_admin;
      } catch (...) { // NOLINT(bugprone-empty-catch): no thread, so all on the admin connection
      }
    }
    for (std::size_t i = 0; i < on_admin; ++i) {
      try {
        admin().execute(drop_sql(m_databases[i].first));
      } catch (...) { // NOLINT(bugprone-empty-catch): a destructor path; the server may be gone
      }
    }
  } // joins the helper
  if (on_admin < m_databases.size() && !last_dropped) {
    try {
      admin().execute(drop_sql(m_databases.back().first));
    } catch (...) { // NOLINT(bugprone-empty-catch): a destructor path; the server may be gone
    }
  }
  m_databases.clear();
}

} // namespace migrate::autogen
