# The only place that looks for third-party packages. Versions are Debian 12's.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED) # the script area reads revision files on several threads
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx>=6.4)
# libpqxx is linked from its static archive (libpqxx-dev ships it): the shared one would load
# libpq and its dependencies at every start. src/db/libpq_on_demand.cpp loads libpq when a command
# first connects.
pkg_get_variable(PQXX_LIBDIR libpqxx libdir)
find_library(PQXX_STATIC_LIBRARY NAMES libpqxx.a HINTS ${PQXX_LIBDIR} REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(tomlplusplus 3.3 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED) # --format json (src/cli/json_output.cpp)
# libpg_query (Debian's libpg-query-dev ships the static archive and the header, no pkg-config
# file): PostgreSQL 15's parser, for lint.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES libpg_query.a pg_query REQUIRED)
add_library(PgQuery::PgQuery UNKNOWN IMPORTED)
set_target_properties(PgQuery::PgQuery PROPERTIES IMPORTED_LOCATION ${PG_QUERY_LIBRARY}
                                                  INTERFACE_INCLUDE_DIRECTORIES ${PG_QUERY_INCLUDE_DIR})
if(MIGRATE_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
