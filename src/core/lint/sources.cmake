# lint: PostgreSQL's own parser (libpg_query, Debian's libpg-query-dev) and the rule table.
add_library(migrate_lint STATIC
  lint/lint.cpp
  lint/parse_tree.cpp
  lint/rules.cpp
)
target_link_libraries(migrate_lint PUBLIC migrate_script migrate_util
                                   PRIVATE migrate_sql PgQuery::PgQuery nlohmann_json::nlohmann_json)
