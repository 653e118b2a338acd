# End-to-end suites: the real binary, run as a user would (tests/e2e/suites/*.sh). The online
# suites need a server (scripts/pg-sandbox provides one; scripts/test runs ctest inside it):
# without one they exit 125 (skipped), and under CI=true they fail.
set(MIGRATE_E2E_SUITES
  offline_sql errors init_revision inspect autogenerate
  online_alembic online_failures online_concurrency online_connection alembic_handover
  config_keys lock_waits progress pooler autogenerate_whole_schema operations
  convert_alembic moving_from_alembic quality_gates fleet pipeline)
foreach(suite IN LISTS MIGRATE_E2E_SUITES)
  add_test(NAME e2e.${suite} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/run ${suite})
  set_tests_properties(e2e.${suite} PROPERTIES
    LABELS e2e
    SKIP_RETURN_CODE 125
    ENVIRONMENT "MIGRATE=$<TARGET_FILE:migrate>;MIGRATE_SOURCE_DIR=${PROJECT_SOURCE_DIR};PG_SANDBOX_CONF=synchronous_commit = on")
endforeach()

# Suites that restart or reconfigure their server run on a cluster of their own, which keeps
# commits across an immediate shutdown (the shared sandbox trades that for speed).
foreach(suite IN ITEMS faults tls)
  add_test(NAME e2e.${suite}
           COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-sandbox run --
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/run ${suite})
  set_tests_properties(e2e.${suite} PROPERTIES
    LABELS e2e
    ENVIRONMENT "MIGRATE=$<TARGET_FILE:migrate>;MIGRATE_SOURCE_DIR=${PROJECT_SOURCE_DIR};PG_SANDBOX_CONF=synchronous_commit = on")
endforeach()
