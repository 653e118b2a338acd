migrate_unit_test(test_autogen migrate_autogen
  unit/autogen/test_compare.cpp
  unit/autogen/test_dump_compare.cpp
  unit/autogen/test_names.cpp
  unit/autogen/test_plan.cpp
  unit/autogen/test_plan_order.cpp
)
migrate_private_headers(test_autogen src/core/autogen)

# Introspection and the round trips of docs/autogenerate.md, "Test cases", against a real server
# (libpq's environment, as scripts/pg-sandbox provides); skipped (125) without PGHOST, failed
# under CI=true.
add_executable(test_autogen_db
  ${PROJECT_SOURCE_DIR}/tests/db/main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/db_support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_db_cases.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_db_introspect.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_db_more_kinds.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_db_rebuild.cpp
)
target_link_libraries(test_autogen_db PRIVATE migrate_autogen migrate_db Catch2::Catch2)
add_test(NAME db.test_autogen_db COMMAND test_autogen_db)
set_tests_properties(db.test_autogen_db PROPERTIES LABELS db SKIP_RETURN_CODE 125)
