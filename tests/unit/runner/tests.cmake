# The version-row checks need the runner library (VersionTable) and the graph's types.
migrate_unit_test(test_version_row_check migrate_runner unit/runner/test_version_row_check.cpp)
migrate_private_headers(test_version_row_check src/core/runner)
