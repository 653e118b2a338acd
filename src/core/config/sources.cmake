add_library(migrate_config STATIC
  config/database_url.cpp
  config/file_text.cpp
  config/hooks.cpp
  config/ini_file.cpp
  config/interpolation.cpp
  config/keys.cpp
  config/keys_doc.cpp
  config/load.cpp
  config/main_section.cpp
  config/mask_password.cpp
  config/paths.cpp
  config/py_text.cpp
  config/shlex.cpp
  config/toml_source.cpp
  config/unknown_keys.cpp
  config/url_parts.cpp
  config/values.cpp
)
target_link_libraries(migrate_config PUBLIC migrate_util PRIVATE tomlplusplus::tomlplusplus)
