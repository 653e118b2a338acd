migrate_unit_test(test_cli migrate_cli unit/cli/test_output.cpp)
migrate_private_headers(test_cli src/cli)
migrate_unit_test(test_cli_docs migrate_cli_docs unit/cli/test_docs.cpp)
migrate_private_headers(test_cli_docs src/cli)
