# The database layer against a real PostgreSQL. The server comes from libpq's environment
# (PGHOST...), as scripts/pg-sandbox provides; without PGHOST the executable exits 125 (skipped),
# or 1 under CI=true, so a missing server cannot turn CI green.
# Paths are relative to this file, so it works wherever it is included from.
add_executable(test_db
  ${CMAKE_CURRENT_LIST_DIR}/main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_cancel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_connect.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_conninfo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_errors.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_execute.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_pipeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_waits.cpp
)
target_link_libraries(test_db PRIVATE migrate_db migrate_config Catch2::Catch2)
# test_conninfo.cpp tests a private header of the database layer.
target_include_directories(test_db PRIVATE ${CMAKE_CURRENT_LIST_DIR} ${PROJECT_SOURCE_DIR}/src/db)
# test_conninfo.cpp checks the masking against libpq's own parser (PQconninfoParse).
target_include_directories(test_db SYSTEM PRIVATE ${PQXX_INCLUDE_DIRS})
add_test(NAME db.test_db COMMAND test_db)
set_tests_properties(db.test_db PROPERTIES LABELS db SKIP_RETURN_CODE 125)
