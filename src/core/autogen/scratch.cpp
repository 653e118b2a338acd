// SPDX-License-Identifier: MIT
// Scratch databases for autogenerate: created from template0 or copied from a cached one on one
// server, always dropped; cached ones are kept (docs/autogenerate.md, "The cache").
#include <migrate/autogen.hpp>
#include <migrate/error.hpp>

#include <chrono>
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
  for (const Entry& entry : m_databases) {
    if (entry.connection.get() == &database) {
      return conninfo_of(entry.name);
    }
  }
  throw std::logic_error("conninfo_of: not a database of this server");
}

std::string ScratchServer::conninfo_of(const std::string& name) const {
  return conninfo_with_dbname(m_conninfo, name);
}

Database& ScratchServer::connect_to(Entry entry) {
  m_databases.push_back(std::move(entry));
  Entry& added = m_databases.back();
  added.connection = m_connector(conninfo_of(added.name));
  // The database is thrown away or a cache: no commit in it needs to wait for its WAL to reach
  // the disk.
  added.connection->execute("SET synchronous_commit = off");
  return *added.connection;
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
  return connect_to(Entry{name, nullptr, true});
}

Database& ScratchServer::copy(const std::string& source) {
  const std::string name = unique_name();
  // Another run reading `source` keeps it busy only while it introspects it: retried for about
  // five seconds.
  for (int attempt = 0;; ++attempt) {
    try {
      admin().execute("CREATE DATABASE " + name + " TEMPLATE " + admin().quote_identifier(source));
      break;
    } catch (const SqlError& e) {
      if (e.fields().sqlstate != "55006" || attempt == 20) {
        throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50 + 25 * attempt));
    }
  }
  return connect_to(Entry{name, nullptr, true});
}

Database& ScratchServer::open(const std::string& name) {
  return connect_to(Entry{name, nullptr, false});
}

void ScratchServer::close(Database& database) {
  for (Entry& entry : m_databases) {
    if (entry.connection.get() == &database) {
      entry.connection.reset();
      return;
    }
  }
}

bool ScratchServer::keep(Database& database, const std::string& name, const std::string& comment) {
  for (Entry& entry : m_databases) {
    if (entry.connection.get() != &database) {
      continue;
    }
    entry.connection.reset(); // a database with sessions cannot be renamed
    try {
      admin().execute("ALTER DATABASE " + entry.name + " RENAME TO "
                      + admin().quote_identifier(name));
    } catch (const SqlError&) {
      return false;
    }
    entry.name = name;
    entry.owned = false;
    try {
      admin().execute("COMMENT ON DATABASE " + admin().quote_identifier(name) + " IS "
                      + admin().quote_literal(comment));
    } catch (const SqlError&) { // NOLINT(bugprone-empty-catch): without it, it is a cache miss
    }
    return true;
  }
  throw std::logic_error("keep: not a database this server created");
}

std::vector<std::string> ScratchServer::names() const {
  std::vector<std::string> out;
  for (const Entry& entry : m_databases) {
    if (entry.owned) {
      out.push_back(entry.name);
    }
  }
  return out;
}

void ScratchServer::drop_all() noexcept {
  std::vector<std::string> owned;
  for (Entry& entry : m_databases) {
    entry.connection.reset(); // its own session would block the drop
    if (entry.owned) {
      owned.push_back(entry.name);
    }
  }
  m_databases.clear();
  const auto drop_sql = [](const std::string& name) {
    return "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
  };
  // A DROP DATABASE mostly waits (for a checkpoint, for its files to go), and the server runs
  // two at once in barely more time than one: with two or more, the last is dropped on a
  // connection of its own while the admin connection drops the others. Should that connection
  // or its thread fail, the admin connection drops it afterwards.
  std::size_t on_admin = owned.size();
  bool last_dropped = false;
  {
    std::jthread helper;
    if (owned.size() >= 2) {
      try {
        helper = std::jthread([&] {
          try {
            m_connector(m_conninfo)->execute(drop_sql(owned.back()));
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
        admin().execute(drop_sql(owned[i]));
      } catch (...) { // NOLINT(bugprone-empty-catch): a destructor path; the server may be gone
      }
    }
  } // joins the helper
  if (on_admin < owned.size() && !last_dropped) {
    try {
      admin().execute(drop_sql(owned.back()));
    } catch (...) { // NOLINT(bugprone-empty-catch): a destructor path; the server may be gone
    }
  }
}

} // namespace migrate::autogen
