// SPDX-License-Identifier: MIT
// Scratch databases and environment guards for the database tests.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

namespace migrate::test {

namespace {

// Unique across concurrent test processes (pid) and within one (counter), and across reruns
// that reuse a pid (random suffix).
std::string unique_name() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  return "migrate_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_"
         + std::to_string(salt % 100000);
}

std::unique_ptr<Database> admin() {
  return db::connect(ConnectOptions{});
}

} // namespace

ScratchDatabase::ScratchDatabase() : m_name(unique_name()) {
  admin()->execute("CREATE DATABASE " + m_name);
  ConnectOptions options;
  options.conninfo = conninfo();
  m_connection = db::connect(options);
}

ScratchDatabase::~ScratchDatabase() {
  m_connection.reset();
  try {
    admin()->execute("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
  } catch (const std::exception& error) {
    WARN("could not drop " << m_name << ": " << error.what());
  }
}

std::unique_ptr<Database> ScratchDatabase::connect_again() const {
  ConnectOptions options;
  options.conninfo = conninfo();
  return db::connect(options);
}

std::optional<std::string> scalar(Database& database, const std::string& sql) {
  const std::vector<Row> rows = database.query(sql);
  REQUIRE(!rows.empty());
  REQUIRE(!rows[0].empty());
  return rows[0][0];
}

std::string tcp_port() {
  const char* port = std::getenv("MIGRATE_TEST_TCP_PORT");
  REQUIRE(port != nullptr);
  return port;
}

EnvGuard::EnvGuard(std::string name, const std::optional<std::string>& value)
    : m_name(std::move(name)) {
  if (const char* saved = std::getenv(m_name.c_str())) {
    m_saved = saved;
  }
  if (value) {
    ::setenv(m_name.c_str(), value->c_str(), 1);
  } else {
    ::unsetenv(m_name.c_str());
  }
}

EnvGuard::~EnvGuard() {
  if (m_saved) {
    ::setenv(m_name.c_str(), m_saved->c_str(), 1);
  } else {
    ::unsetenv(m_name.c_str());
  }
}

} // namespace migrate::test
