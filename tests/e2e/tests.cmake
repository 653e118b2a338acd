# End-to-end suites: the real binary, run as a user would (tests/e2e/suites/*.sh).
set(MIGRATE_E2E_SUITES offline_sql errors init_revision inspect)
foreach(suite IN LISTS MIGRATE_E2E_SUITES)
  add_test(NAME e2e.${suite} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/run ${suite})
  set_tests_properties(e2e.${suite} PROPERTIES
    LABELS e2e
    ENVIRONMENT "MIGRATE=$<TARGET_FILE:migrate>;MIGRATE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endforeach()
