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
