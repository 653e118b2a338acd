add_library(migrate_autogen STATIC
  autogen/apply.cpp
  autogen/catalog_queries.cpp
  autogen/compare.cpp
  autogen/dump_compare.cpp
  autogen/introspect.cpp
  autogen/plan.cpp
  autogen/plan_columns.cpp
  autogen/plan_extras.cpp
  autogen/plan_objects.cpp
  autogen/plan_order.cpp
  autogen/plan_output.cpp
  autogen/plan_policies.cpp
  autogen/plan_privileges.cpp
  autogen/plan_rebuild.cpp
  autogen/plan_support.cpp
  autogen/plan_table_settings.cpp
  autogen/plan_tables.cpp
  autogen/plan_views.cpp
  autogen/rename_follow.cpp
  autogen/rename_schema.cpp
  autogen/schema_cache.cpp
  autogen/stairway.cpp
  autogen/scratch.cpp
  autogen/workflow.cpp
)
target_link_libraries(migrate_autogen PUBLIC migrate_runner migrate_util
                                      PRIVATE migrate_sql Threads::Threads)
