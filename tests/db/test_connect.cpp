// SPDX-License-Identifier: MIT
// connect(): defaults added to the conninfo, and one-line failures that never show the password.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

using migrate::ConnectOptions;
using migrate::DatabaseError;
using migrate::test::EnvGuard;
using migrate::test::scalar;
using migrate::test::tcp_port;

namespace {

std::string connect_error(const std::string& conninfo) {
  ConnectOptions options;
  options.conninfo = conninfo;
  try {
    migrate::db::connect(options);
  } catch (const migrate::Error& error) {
    return error.what();
  }
  FAIL("connected to " << conninfo);
  return {};
}

std::unique_ptr<migrate::Database> connect_to(const std::string& conninfo) {
  ConnectOptions options;
  options.conninfo = conninfo;
  return migrate::db::connect(options);
}

} // namespace

TEST_CASE("the password role over TCP: right password connects, by URI and by key=value") {
  const std::string port = tcp_port();
  CHECK(scalar(*connect_to("postgresql://migrate_pw:secret-pw@127.0.0.1:" + port + "/postgres"),
               "SELECT current_user")
        == "migrate_pw");
  CHECK(scalar(*connect_to("host=127.0.0.1 port=" + port
                           + " user=migrate_pw password='secret-pw' dbname=postgres"),
               "SELECT current_user")
        == "migrate_pw");
}

TEST_CASE("a wrong password is one line naming the target, without the password") {
  const std::string port = tcp_port();
  const std::string reason = "connection to server at \"127.0.0.1\", port " + port
                             + " failed: FATAL:  password authentication failed for user "
                               "\"migrate_pw\"";
  CHECK(connect_error("postgresql://migrate_pw:wrong-secret@127.0.0.1:" + port + "/postgres")
        == "could not connect to postgresql://migrate_pw:***@127.0.0.1:" + port
               + "/postgres: " + reason);
  CHECK(connect_error("host=127.0.0.1 port=" + port
                      + " user=migrate_pw password=wrong-secret dbname=postgres")
        == "could not connect to host=127.0.0.1 port=" + port
               + " user=migrate_pw password=*** dbname=postgres: " + reason);
  CHECK(connect_error("postgresql://migrate_pw@127.0.0.1:" + port
                      + "/postgres?password=wrong-secret&sslmode=disable")
        == "could not connect to postgresql://migrate_pw@127.0.0.1:" + port
               + "/postgres?password=***&sslmode=disable: " + reason);
}

TEST_CASE("an unreachable port is one line") {
  CHECK(connect_error("postgresql://someone:hunter22@127.0.0.1:1/postgres")
        == "could not connect to postgresql://someone:***@127.0.0.1:1/postgres: connection to "
           "server at \"127.0.0.1\", port 1 failed: Connection refused");
}

TEST_CASE("a missing database is one line") {
  const std::string message = connect_error("dbname=migrate_no_such_db password=pw-not-shown");
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find("pw-not-shown") == std::string::npos);
  CHECK(message.rfind("could not connect to dbname=migrate_no_such_db password=***: connection to "
                      "server on socket ",
                      0)
        == 0);
  CHECK(message.find("failed: FATAL:  database \"migrate_no_such_db\" does not exist")
        != std::string::npos);
}

TEST_CASE("with no conninfo the message names what libpq took from the environment") {
  const EnvGuard database("PGDATABASE", std::string("migrate_env_db"));
  const std::string message = connect_error("");
  CHECK(message.rfind("could not connect to host=" + std::string(std::getenv("PGHOST"))
                          + " port=" + std::getenv("PGPORT") + " dbname=migrate_env_db user=",
                      0)
        == 0);
  CHECK(message.find("database \"migrate_env_db\" does not exist") != std::string::npos);
}

TEST_CASE("a connection string libpq would quote back is refused, or quoted masked") {
  // libpq: missing "=" after "secretpart" in connection info string -- refused before libpq.
  CHECK(connect_error("host=localhost password=abc secretpart")
        == "invalid connection string 'host=localhost password=*** ***': a keyword without '=' "
           "(key = value pairs)");
  // libpq quotes the whole URI in this one.
  const std::string uri_message = connect_error("postgresql://u:topsecret@[::1/db");
  CHECK(uri_message.find("topsecret") == std::string::npos);
  CHECK(uri_message.find("postgresql://u:***@[::1/db") != std::string::npos);
}

TEST_CASE("connect_timeout applies to a server that never answers") {
  // A listening socket nobody accepts on: the TCP handshake succeeds, the startup reply never
  // comes, so only connect_timeout ends the wait.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(listener, 4) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  const std::string port = std::to_string(ntohs(address.sin_port));

  const EnvGuard unset("PGCONNECT_TIMEOUT", std::nullopt);
  ConnectOptions options;
  options.conninfo = "host=127.0.0.1 port=" + port;
  options.connect_timeout_seconds = 1;
  const auto started = std::chrono::steady_clock::now();
  std::string message;
  try {
    migrate::db::connect(options);
  } catch (const DatabaseError& error) {
    message = error.what();
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ::close(listener);
  CHECK(message
        == "could not connect to host=127.0.0.1 port=" + port
               + ": connection to server at \"127.0.0.1\", port " + port
               + " failed: timeout expired");
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("application_name is migrate unless the conninfo or PGAPPNAME sets it") {
  const std::string query = "SELECT current_setting('application_name')";
  {
    const EnvGuard unset("PGAPPNAME", std::nullopt);
    CHECK(scalar(*connect_to(""), query) == "migrate");
    CHECK(scalar(*connect_to("application_name=mine"), query) == "mine");
    CHECK(scalar(*connect_to("postgresql:///postgres?application_name=uri_app"), query)
          == "uri_app");
  }
  const EnvGuard env("PGAPPNAME", std::string("from_env"));
  CHECK(scalar(*connect_to("dbname=postgres"), query) == "from_env");
  ConnectOptions options;
  options.application_name = "other";
  const EnvGuard unset("PGAPPNAME", std::nullopt);
  CHECK(scalar(*migrate::db::connect(options), query) == "other");
}

TEST_CASE("client_encoding is UTF8 unless the conninfo or PGCLIENTENCODING sets it") {
  const std::string query = "SELECT current_setting('client_encoding')";
  const EnvGuard unset("PGCLIENTENCODING", std::nullopt);
  CHECK(scalar(*connect_to(""), query) == "UTF8");
  CHECK(scalar(*connect_to("client_encoding=LATIN1"), query) == "LATIN1");
  const EnvGuard env("PGCLIENTENCODING", std::string("SQL_ASCII"));
  CHECK(scalar(*connect_to(""), query) == "SQL_ASCII");
}

TEST_CASE("a bad connect_timeout in the conninfo is the user's, not overridden") {
  // Our default goes before the conninfo, so libpq sees (and rejects) the user's value.
  const std::string message = connect_error("connect_timeout=soon");
  CHECK(message.find("connect_timeout") != std::string::npos);
  CHECK(message.find("soon") != std::string::npos);
  const EnvGuard env("PGCONNECT_TIMEOUT", std::string("never"));
  CHECK(connect_error("").find("never") != std::string::npos);
}

TEST_CASE("a connect_timeout in a URI is the user's too") {
  const std::string message = connect_error("postgresql:///postgres?connect_timeout=soon");
  CHECK(message.find("invalid integer value \"soon\" for connection option \"connect_timeout\"")
        != std::string::npos);
}

TEST_CASE("libpq's password sources keep working: PGPASSWORD and a password file") {
  const std::string conninfo =
      "host=127.0.0.1 port=" + tcp_port() + " user=migrate_pw dbname=postgres";
  {
    const EnvGuard password("PGPASSWORD", std::string("secret-pw"));
    CHECK(scalar(*connect_to(conninfo), "SELECT current_user") == "migrate_pw");
  }
  char path[] = "/tmp/migrate_test_pgpass_XXXXXX";
  const int file = ::mkstemp(path); // mode 0600, as libpq requires
  REQUIRE(file >= 0);
  const std::string line = "127.0.0.1:" + tcp_port() + ":*:migrate_pw:secret-pw\n";
  REQUIRE(::write(file, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
  ::close(file);
  const EnvGuard no_password("PGPASSWORD", std::nullopt);
  const EnvGuard passfile("PGPASSFILE", std::string(path));
  CHECK(scalar(*connect_to(conninfo), "SELECT current_user") == "migrate_pw");
  CHECK(scalar(*connect_to("postgresql://migrate_pw@127.0.0.1:" + tcp_port() + "/postgres"),
               "SELECT current_user")
        == "migrate_pw");
  ::unlink(path);
}
