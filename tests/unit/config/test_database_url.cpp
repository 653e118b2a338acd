// SPDX-License-Identifier: MIT
// resolve_database_url, normalize_database_url and mask_password.
#include <migrate/config.hpp>
#include <migrate/error.hpp>

#include <catch2/catch.hpp>

using migrate::ConfigError;
using namespace migrate::config;

namespace {
const std::optional<std::string> none;
} // namespace

TEST_CASE("resolve: --url wins, then $DATABASE_URL, then sqlalchemy.url") {
  CHECK(resolve_database_url("postgresql://cli", "postgresql://env", "postgresql://ini")
        == "postgresql://cli");
  CHECK(resolve_database_url(none, "postgresql://env", "postgresql://ini") == "postgresql://env");
  CHECK(resolve_database_url(none, none, "postgresql://ini") == "postgresql://ini");
  CHECK_FALSE(resolve_database_url(none, none, none).has_value());
}

TEST_CASE("resolve: empty values count as unset") {
  CHECK(resolve_database_url("", "  ", "postgresql://ini") == "postgresql://ini");
  CHECK_FALSE(resolve_database_url("", "", "").has_value());
  CHECK(resolve_database_url(" postgresql://x ", none, none) == "postgresql://x");
}

TEST_CASE("resolve: the ini's driver:// placeholder counts as unset") {
  CHECK_FALSE(resolve_database_url(none, none, "driver://user:pass@localhost/dbname").has_value());
  CHECK_FALSE(resolve_database_url(none, none, "DRIVER+x://u@h/d").has_value());
  CHECK(resolve_database_url(none, "postgresql://env", "driver://user:pass@localhost/dbname")
        == "postgresql://env");
  CHECK(resolve_database_url(none, none, "drivers://h/d") == "drivers://h/d");
}

TEST_CASE("normalize: PostgreSQL schemes become postgresql://, the rest is kept") {
  CHECK(normalize_database_url("postgresql://u:p@h:5432/db") == "postgresql://u:p@h:5432/db");
  CHECK(normalize_database_url("postgres://h/db") == "postgresql://h/db");
  CHECK(normalize_database_url("postgresql+psycopg2://h/db") == "postgresql://h/db");
  CHECK(normalize_database_url("postgresql+psycopg://h/db") == "postgresql://h/db");
  CHECK(normalize_database_url("postgresql+pg8000://h/db") == "postgresql://h/db");
  CHECK(normalize_database_url("PostgreSQL+AsyncPG://h/db") == "postgresql://h/db");
  CHECK(normalize_database_url("postgresql:///db?host=/var/run/postgresql")
        == "postgresql:///db?host=/var/run/postgresql");
}

TEST_CASE("normalize: percent-encoding is left for libpq to decode") {
  CHECK(normalize_database_url("postgresql+psycopg2://u:p%40ss%3Aw@h/db%2Fx")
        == "postgresql://u:p%40ss%3Aw@h/db%2Fx");
}

TEST_CASE("normalize: asyncpg's ssl= becomes sslmode=") {
  CHECK(normalize_database_url("postgresql+asyncpg://h/db?ssl=require")
        == "postgresql://h/db?sslmode=require");
  CHECK(normalize_database_url("postgresql+asyncpg://h/db?ssl=true&application_name=x")
        == "postgresql://h/db?sslmode=require&application_name=x");
  CHECK(normalize_database_url("postgresql+asyncpg://h/db?a=1&ssl=false")
        == "postgresql://h/db?a=1&sslmode=disable");
  CHECK(normalize_database_url("postgresql+asyncpg://h/db?ssl=verify-full")
        == "postgresql://h/db?sslmode=verify-full");
  // An explicit sslmode wins over ssl.
  CHECK(normalize_database_url("postgresql://h/db?ssl=disable&sslmode=require")
        == "postgresql://h/db?sslmode=require");
}

TEST_CASE("normalize: a raw '?' in the password is not taken for the query") {
  CHECK(normalize_database_url("postgresql+asyncpg://u:pa?ss@h/db?ssl=true")
        == "postgresql://u:pa?ss@h/db?sslmode=require");
}

TEST_CASE("normalize: libpq key=value strings pass through") {
  CHECK(normalize_database_url("host=localhost dbname=app") == "host=localhost dbname=app");
  CHECK(normalize_database_url("  dbname=app  ") == "dbname=app");
  CHECK(normalize_database_url("").empty());
}

TEST_CASE("normalize: other dialects are an error, with the password masked") {
  CHECK_THROWS_AS(normalize_database_url("mysql://h/db"), ConfigError);
  CHECK_THROWS_WITH(normalize_database_url("mysql+pymysql://root:secret@h/db"),
                    "unsupported database URL 'mysql+pymysql://root:***@h/db': migrate only "
                    "speaks PostgreSQL (postgresql://...)");
  CHECK_THROWS_WITH(normalize_database_url("sqlite:///app.db"),
                    "unsupported database URL 'sqlite:///app.db': migrate only speaks PostgreSQL "
                    "(postgresql://...)");
  CHECK_THROWS_WITH(normalize_database_url("driver://user:pass@localhost/dbname"),
                    "unsupported database URL 'driver://user:***@localhost/dbname': migrate only "
                    "speaks PostgreSQL (postgresql://...)");
  CHECK_THROWS_WITH(normalize_database_url("postgresql+unknown://h/db"),
                    "unsupported database URL 'postgresql+unknown://h/db': migrate only speaks "
                    "PostgreSQL (postgresql://...)");
  CHECK_THROWS_WITH(normalize_database_url("localhost"),
                    "unsupported database URL 'localhost': migrate only speaks PostgreSQL "
                    "(postgresql://...)");
}

TEST_CASE("mask: the password of a URL's user info") {
  CHECK(mask_password("postgresql://user:secret@host:5432/db")
        == "postgresql://user:***@host:5432/db");
  CHECK(mask_password("postgresql+asyncpg://user:secret@host/db")
        == "postgresql+asyncpg://user:***@host/db");
  CHECK(mask_password("postgresql://user@host/db") == "postgresql://user@host/db");
  CHECK(mask_password("postgresql://host/db") == "postgresql://host/db");
  CHECK(mask_password("postgresql://user:@host/db") == "postgresql://user:***@host/db");
}

TEST_CASE("mask: passwords containing '@', ':', '%', '/' and '?'") {
  CHECK(mask_password("postgresql://user:p@ss@host/db") == "postgresql://user:***@host/db");
  CHECK(mask_password("postgresql://user:p:a:ss@host/db") == "postgresql://user:***@host/db");
  CHECK(mask_password("postgresql://user:p%40ss%25@host/db") == "postgresql://user:***@host/db");
  CHECK(mask_password("postgresql://user:50%@host/db") == "postgresql://user:***@host/db");
  CHECK(mask_password("postgresql://user:pa/ss@host/db") == "postgresql://user:***@host/db");
  CHECK(mask_password("postgresql://user:pa?ss@host/db") == "postgresql://user:***@host/db");
  CHECK(mask_password("postgresql://me@corp:p@ss@host/db") == "postgresql://me@corp:***@host/db");
}

TEST_CASE("mask: a '@' in the query is not user info") {
  CHECK(mask_password("postgresql://host/db?application_name=a@b")
        == "postgresql://host/db?application_name=a@b");
  CHECK(mask_password("postgresql://u@host:5432/db?application_name=a@b")
        == "postgresql://u@host:5432/db?application_name=a@b");
  // With a ':' but no '@' before the first '/', a raw password holding '/' and '?' is possible
  // ("u:pa/?ss@host"): the last '@' ends what is hidden, even if that hides a port too.
  CHECK(mask_password("postgresql://host:5432/db?application_name=a@b")
        == "postgresql://host:***@b");
  CHECK(mask_password("postgresql://app:Zq/&?@db.example/app")
        == "postgresql://app:***@db.example/app");
}

TEST_CASE("mask: password query parameters") {
  CHECK(mask_password("postgresql://host/db?user=me&password=secret&sslmode=require")
        == "postgresql://host/db?user=me&password=***&sslmode=require");
  CHECK(mask_password("postgresql:///db?PASSWORD=x") == "postgresql:///db?PASSWORD=***");
  CHECK(mask_password("postgresql://u:a@h/db?password=b")
        == "postgresql://u:***@h/db?password=***");
  // Not a parameter named password.
  CHECK(mask_password("postgresql://h/db?options=my_password=1")
        == "postgresql://h/db?options=my_password=1");
}

TEST_CASE("mask: key=value conninfo strings") {
  CHECK(mask_password("host=h password=secret dbname=d") == "host=h password=*** dbname=d");
  CHECK(mask_password("host=h password='se cret' dbname=d") == "host=h password=*** dbname=d");
  CHECK(mask_password("password = 'it\\'s' user=u") == "password = *** user=u");
  CHECK(mask_password("password=p@ss:w%rd") == "password=***");
  CHECK(mask_password("host=h passfile=/x") == "host=h passfile=/x");
  CHECK(mask_password("PASSWORD=x") == "PASSWORD=***");
}

TEST_CASE("mask: malformed input is masked without failing") {
  CHECK(mask_password("host=h password=two words here") == "host=h password=*** ***");
  CHECK(mask_password("password='unterminated secret") == "password=***");
  CHECK(mask_password("junk password=x") == "junk password=***");
  CHECK(mask_password("password=") == "password=***");
  CHECK(mask_password("") == "");
}

TEST_CASE("mask: a password parameter whose name is percent-encoded is masked too") {
  CHECK(mask_password("postgresql://h/db?pass%77ord=secret&x=1")
        == "postgresql://h/db?pass%77ord=***&x=1");
  CHECK(mask_password("postgresql://h/db?a=1&password=s&password=t")
        == "postgresql://h/db?a=1&password=***&password=***");
}

TEST_CASE("URLs libpq would misread or quote back are refused, without the password") {
  // libpq ends the user info at the first '@': the rest of the password would become the host
  // and appear in its error message.
  CHECK_THROWS_WITH(normalize_database_url("postgresql://app:p@ssXSECRET@host/db"),
                    "database URL 'postgresql://app:***@host/db': a raw '@' in the user name or "
                    "password; encode '@' in the password as %40");
  CHECK_THROWS_WITH(normalize_database_url("postgresql://app:pa/ssXSECRET@host/db"),
                    "database URL 'postgresql://app:***@host/db': '@' after the first '/': "
                    "encode '/' in the user name or password as %2F (and '@' as %40)");
  CHECK_THROWS_WITH(normalize_database_url("postgresql://app:50%XSECRET@host/db"),
                    "database URL 'postgresql://app:***@host/db': invalid percent-encoding; write "
                    "a '%' in the password as %25");
  CHECK_THROWS_WITH(normalize_database_url("postgresql://app:a%00b@host/db"),
                    "database URL 'postgresql://app:***@host/db': invalid percent-encoding; write "
                    "a '%' in the password as %25");
  CHECK(normalize_database_url("postgresql://app:p%40ss%2Fw%25@host/db")
        == "postgresql://app:p%40ss%2Fw%25@host/db");
  CHECK(normalize_database_url("postgresql+asyncpg://app@host/db?application_name=a@b")
        == "postgresql://app@host/db?application_name=a@b");
}

TEST_CASE("key=value strings libpq would reject are refused, without the password") {
  CHECK_THROWS_WITH(normalize_database_url("host=h password=two words"),
                    "invalid connection string 'host=h password=*** ***': a keyword without "
                    "'=' (key = value pairs)");
  CHECK_THROWS_WITH(normalize_database_url("host=h password='unterminated XSECRET"),
                    "invalid connection string 'host=h password=***': unterminated quoted string");
  CHECK(normalize_database_url("host=h password='two words' dbname=d")
        == "host=h password='two words' dbname=d");
}
