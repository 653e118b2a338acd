migrate_unit_test(test_script migrate_script
  unit/script/test_revision_parser.cpp
)
