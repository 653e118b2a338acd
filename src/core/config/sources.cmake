add_library(migrate_config STATIC config/placeholder.cpp)
target_link_libraries(migrate_config PUBLIC migrate_util PRIVATE tomlplusplus::tomlplusplus)
