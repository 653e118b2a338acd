migrate_unit_test(test_script migrate_script
  unit/script/test_file_template.cpp
  unit/script/test_revision_parser.cpp
  unit/script/test_revision_template.cpp
  unit/script/test_timestamp.cpp
)
