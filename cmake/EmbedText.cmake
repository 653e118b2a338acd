# migrate_embed_text(OUTPUT SYMBOL FILE): writes a C++ source defining
# `extern const char* const SYMBOL` holding FILE's text, so the binary carries helper scripts
# (convert-alembic's Python half) instead of looking for them on disk. Re-configures when FILE
# changes.
function(migrate_embed_text output symbol file)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} content)
  string(FIND "${content}" ")embedded\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw-string terminator )embedded\"")
  endif()
  file(WRITE ${output}.tmp
       "// Generated from ${file} by cmake/EmbedText.cmake; edit that file instead.\n"
       "namespace migrate::cli {\n"
       "extern const char* const ${symbol};\n"
       "const char* const ${symbol} = R\"embedded(${content})embedded\";\n"
       "} // namespace migrate::cli\n")
  file(COPY_FILE ${output}.tmp ${output} ONLY_IF_DIFFERENT)
endfunction()
