add_library(migrate_sql STATIC
  sql/sql_lexer.cpp
)
target_link_libraries(migrate_sql PUBLIC migrate_util)
