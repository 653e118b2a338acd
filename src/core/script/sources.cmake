add_library(migrate_script STATIC
  script/file_io.cpp
  script/converted_revision.cpp
  script/file_template.cpp
  script/parse_files.cpp
  script/revision_id.cpp
  script/revision_parser.cpp
  script/revision_template.cpp
  script/revision_writer.cpp
  script/script_directory.cpp
  script/slug.cpp
  script/timestamp.cpp
  script/utf8.cpp
  script/write_hooks.cpp
)
target_link_libraries(migrate_script PUBLIC migrate_config migrate_util PRIVATE Threads::Threads)
