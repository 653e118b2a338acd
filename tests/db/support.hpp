// SPDX-License-Identifier: MIT
// Helpers for the database tests: a scratch database per test, environment guards.
#pragma once

#include <migrate/db.hpp>

#include <memory>
#include <optional>
#include <string>

namespace migrate::test {

// A fresh database with a unique name, created on construction and dropped (WITH (FORCE)) on
// destruction, plus an open connection to it.
class ScratchDatabase {
public:
  ScratchDatabase();
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  Database& db() { return *m_connection; }
  const std::string& name() const { return m_name; }
  // Another connection to the same database.
  std::unique_ptr<Database> connect_again() const;
  // A conninfo for this database (the rest comes from the environment).
  std::string conninfo() const { return "dbname=" + m_name; }

private:
  std::string m_name;
  std::unique_ptr<Database> m_connection;
};

// The first column of the first row of `sql`.
std::optional<std::string> scalar(Database& database, const std::string& sql);

// The TCP port of the sandbox server (MIGRATE_TEST_TCP_PORT); fails the test when missing.
std::string tcp_port();

// Sets (or unsets, with nullopt) an environment variable for the guard's lifetime.
class EnvGuard {
public:
  EnvGuard(std::string name, const std::optional<std::string>& value);
  ~EnvGuard();
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

private:
  std::string m_name;
  std::optional<std::string> m_saved;
};

} // namespace migrate::test
