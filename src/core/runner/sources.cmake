add_library(migrate_runner STATIC
  runner/advisory_lock.cpp
  runner/lock_waits.cpp
  runner/offline.cpp
  runner/online.cpp
  runner/run.cpp
  runner/run_messages.cpp
  runner/run_pipeline.cpp
  runner/options.cpp
  runner/pooled.cpp
  runner/run_setup.cpp
  runner/step_error.cpp
  runner/step_log.cpp
  runner/steps.cpp
  runner/version_row_check.cpp
  runner/version_table.cpp
)
target_link_libraries(migrate_runner PUBLIC migrate_graph migrate_script migrate_util
                                     PRIVATE migrate_sql)
