migrate_unit_test(test_lint migrate_lint unit/lint/test_lint.cpp)
# The rule table is checked against docs/lint.md.
target_compile_definitions(test_lint PRIVATE MIGRATE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
