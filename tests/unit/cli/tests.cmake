migrate_unit_test(test_cli migrate_cli unit/cli/test_output.cpp)
