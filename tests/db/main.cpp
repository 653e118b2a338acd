// SPDX-License-Identifier: MIT
// The database tests' runner: they need a server, found through libpq's environment (PGHOST...).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

// ctest's SKIP_RETURN_CODE for this executable (tests/db/tests.cmake).
constexpr int k_skipped = 125;

bool env_true(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && std::string(value) == "true";
}

} // namespace

int main(int argc, char* argv[]) {
  const char* host = std::getenv("PGHOST");
  if (host == nullptr || *host == '\0') {
    std::cerr << "test_db: PGHOST is not set; run it under a server, e.g. "
                 "scripts/pg-sandbox run -- ctest -L db\n";
    // In CI a missing server must not turn the run green.
    return env_true("CI") ? 1 : k_skipped;
  }
  return Catch::Session().run(argc, argv);
}
