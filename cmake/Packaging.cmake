# `cmake --install` puts the docs beside the binary, man page and completions (src/cli), and
# `cpack` (run in a build tree) makes a Debian package of the same files (docs/installing.md).
include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/alembic.ini.example
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME migrate)
set(CPACK_PACKAGE_VENDOR "migrate")
set(CPACK_PACKAGE_CONTACT "migrate maintainers <migrate@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Alembic-compatible database migrations for PostgreSQL, in plain SQL files")
set(CPACK_PACKAGE_DESCRIPTION
    "migrate runs an Alembic project's revision graph (branches, merges, labels, depends_on) from
plain SQL revision files, with Alembic's commands, alembic.ini and alembic_version table.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
# The linked libraries (fmt, spdlog, toml++, libstdc++) come from dpkg-shlibdeps. libpq and
# libcrypto are opened at run time (dlopen), so shlibdeps cannot see them: they are named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libpq5, libssl3")
# pg_dump for check, autogenerate and dump-schema; Alembic for convert-alembic.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-client")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-alembic, pgformatter")
include(CPack)
