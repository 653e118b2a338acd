#!/usr/bin/env bash
# scripts/check-boundaries must be able to fail: fed a dependency log and compile commands that
# break each rule, it names every violation and exits 1; fed a clean one, it exits 0.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
check="$source_dir/scripts/check-boundaries"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# compile_commands.json with one command per source; "$1" adds include flags to the first.
commands() {
  cat >"$work/compile_commands.json" <<JSON
[
 {"directory": "$work", "file": "$source_dir/src/core/config/load.cpp",
  "command": "c++ -I$source_dir/include $1 -c $source_dir/src/core/config/load.cpp"},
 {"directory": "$work", "file": "$source_dir/src/cli/app.cpp",
  "command": "c++ -I$source_dir/include -I$source_dir/src/cli -c $source_dir/src/cli/app.cpp"}
]
JSON
}

# One object of the core's config area, one of the command line, one graph unit test; "$1",
# "$2" and "$3" add includes to each.
deps() {
  {
    echo "src/core/CMakeFiles/migrate_config.dir/config/load.cpp.o: #deps 3, deps mtime 1 (VALID)"
    echo "    $source_dir/src/core/config/load.cpp"
    echo "    $source_dir/include/migrate/config.hpp"
    echo "    $source_dir/src/core/config/main_section.hpp"
    echo "    /usr/include/c++/12/string"
    [ -z "$1" ] || echo "    $1"
    echo
    echo "src/cli/CMakeFiles/migrate_cli.dir/app.cpp.o: #deps 3, deps mtime 1 (VALID)"
    echo "    $source_dir/src/cli/app.cpp"
    echo "    $source_dir/src/cli/session.hpp"
    echo "    /usr/include/CLI/CLI.hpp"
    [ -z "$2" ] || echo "    $2"
    echo
    echo "tests/CMakeFiles/test_graph.dir/unit/graph/test_resolve.cpp.o: #deps 2, deps mtime 1 (VALID)"
    echo "    $source_dir/tests/unit/graph/test_resolve.cpp"
    echo "    $source_dir/src/core/graph/resolve.hpp"
    echo "    $source_dir/tests/unit/graph/graph_dsl.hpp"
    [ -z "$3" ] || echo "    $3"
    echo
  } >"$work/deps.txt"
}

# expect EXIT-CODE EXPECTED-STDERR-LINE...
expect() {
  local code=$1
  shift
  local actual=0
  "$check" "$work" --deps "$work/deps.txt" >"$work/out" 2>"$work/err" || actual=$?
  local expected
  expected=$(printf '%s\n' "$@")
  if [ "$actual" != "$code" ] || [ "$(cat "$work/err")" != "$expected" ]; then
    echo "FAIL: expected exit $code and:"
    printf '%s\n' "$@"
    echo "got exit $actual and:"
    cat "$work/err"
    failures=$((failures + 1))
  else
    echo "ok: exit $code${1:+, ${1#check-boundaries: }}"
  fi
}

commands ""
deps "" "" ""
expect 0

deps "/usr/include/pqxx/pqxx" "" ""
expect 1 "check-boundaries: src/core/config/load.cpp includes /usr/include/pqxx/pqxx: only src/db may use libpqxx"

deps "/usr/include/postgresql/libpq-fe.h" "" ""
expect 1 "check-boundaries: src/core/config/load.cpp includes /usr/include/postgresql/libpq-fe.h: only src/db may use libpq"

deps "/usr/include/CLI/CLI.hpp" "" ""
expect 1 "check-boundaries: src/core/config/load.cpp includes /usr/include/CLI/CLI.hpp: only src/cli may use CLI11"

deps "$source_dir/src/core/script/file_io.hpp" "" ""
expect 1 "check-boundaries: src/core/config/load.cpp includes src/core/script/file_io.hpp: a private header of the script area; what other areas need belongs in include/migrate/"

deps "" "$source_dir/src/core/runner/interrupt.hpp" ""
expect 1 "check-boundaries: src/cli/app.cpp includes src/core/runner/interrupt.hpp: a private header of the runner area; what other areas need belongs in include/migrate/"

deps "" "$source_dir/src/db/conninfo.hpp" "$source_dir/src/core/runner/step_error.hpp"
expect 1 "check-boundaries: src/cli/app.cpp includes src/db/conninfo.hpp: a private header of src/db" \
  "check-boundaries: tests/unit/graph/test_resolve.cpp includes src/core/runner/step_error.hpp: a private header of the runner area; what other areas need belongs in include/migrate/"

deps "" "" ""
commands "-I$source_dir/src/core"
expect 1 "check-boundaries: src/core/config/load.cpp: the include path has src/core, which exposes every area's private headers"

commands "-I$source_dir/src/core/graph -isystem /usr/include/postgresql"
expect 1 "check-boundaries: src/core/config/load.cpp: the include path has src/core/graph, which exposes private headers of another area" \
  "check-boundaries: src/core/config/load.cpp: the include path has /usr/include/postgresql (libpq); only src/db may use libpq"

if [ "$failures" -gt 0 ]; then
  echo "$failures case(s) failed"
  exit 1
fi
echo "all cases passed"
