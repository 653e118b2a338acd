migrate_unit_test(test_config migrate_config
  unit/config/test_database_url.cpp
  unit/config/test_hooks.cpp
  unit/config/test_ini_file.cpp
  unit/config/test_ini_fuzz.cpp
  unit/config/test_interpolation.cpp
  unit/config/test_load.cpp
  unit/config/test_load_settings.cpp
  unit/config/test_load_toml.cpp
  unit/config/test_values.cpp
)
target_sources(test_config PRIVATE unit/config/test_keys.cpp)
migrate_private_headers(test_config src/core/config)
# The key table is checked against alembic.ini.example and docs/configuration.md.
target_compile_definitions(test_config PRIVATE MIGRATE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
