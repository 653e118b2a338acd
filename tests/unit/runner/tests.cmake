# The runner's pure parts: version-row checks (they need VersionTable and the graph's types) and
# lock-timeout retries.
migrate_unit_test(test_runner migrate_runner
  unit/runner/test_lock_waits.cpp
  unit/runner/test_pooled.cpp
  unit/runner/test_step_log.cpp
  unit/runner/test_version_row_check.cpp
)
migrate_private_headers(test_runner src/core/runner)
