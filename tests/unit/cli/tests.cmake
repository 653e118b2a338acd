migrate_unit_test(test_cli migrate_cli unit/cli/test_output.cpp)
migrate_private_headers(test_cli src/cli)
