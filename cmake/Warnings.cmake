# migrate_settings: language level, warnings and sanitizers shared by every target.
add_library(migrate_settings INTERFACE)
target_compile_features(migrate_settings INTERFACE cxx_std_20)
target_compile_options(migrate_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                  -Wno-sign-conversion)
if(MIGRATE_WARNINGS_AS_ERRORS)
  target_compile_options(migrate_settings INTERFACE -Werror)
endif()
if(MIGRATE_SANITIZE)
  string(REPLACE ";" "," _san "${MIGRATE_SANITIZE}")
  target_compile_options(migrate_settings INTERFACE -fsanitize=${_san} -fno-omit-frame-pointer)
  target_link_options(migrate_settings INTERFACE -fsanitize=${_san})
endif()
