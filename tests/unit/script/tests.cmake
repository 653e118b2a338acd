migrate_unit_test(test_script migrate_script
  unit/script/test_file_template.cpp
  unit/script/test_revision_parser.cpp
  unit/script/test_revision_parser_fuzz.cpp
  unit/script/test_revision_template.cpp
  unit/script/test_revision_writer.cpp
  unit/script/test_script_directory.cpp
  unit/script/test_timestamp.cpp
  unit/script/test_write_hooks.cpp
)
# The writer test also renders the example project's shipped template.
target_compile_definitions(test_script PRIVATE MIGRATE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
migrate_private_headers(test_script src/core/script)
