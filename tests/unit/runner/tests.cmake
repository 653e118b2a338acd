# The SQL lexer builds from its sources alone, so its tests need no other runner code.
migrate_unit_test(test_sql_lexer migrate_util unit/runner/test_sql_lexer.cpp ../src/core/runner/sql_lexer.cpp)
# The version-row checks need the runner library (VersionTable) and the graph's types.
migrate_unit_test(test_version_row_check migrate_runner unit/runner/test_version_row_check.cpp)
