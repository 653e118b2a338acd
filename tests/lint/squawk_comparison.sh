#!/usr/bin/env bash
# migrate lint against squawk (squawk-cli from npm, pinned) on bench/lint-comparison/corpus.sql:
# the table in bench/lint-comparison/RESULTS.md must be what both tools say today, and every
# disagreement must have its reason. squawk that cannot be installed is a failure, never a skip.
# usage: tests/lint/squawk_comparison.sh MIGRATE SOURCE_DIR WORK_DIR
set -euo pipefail
migrate=$1
source_dir=$2
work=$3
version=2.66.0 # the version RESULTS.md was written with

squawk=$work/node_modules/.bin/squawk
if [ "$("$squawk" --version 2>/dev/null)" != "squawk $version" ]; then
  command -v npm >/dev/null || { echo "FAIL: npm is missing (scripts/install-deps installs it)"; exit 1; }
  mkdir -p "$work"
  if ! npm install --prefix "$work" --no-audit --no-fund --loglevel=error "squawk-cli@$version" >"$work/npm.log" 2>&1; then
    cat "$work/npm.log"
    echo "FAIL: could not install squawk-cli@$version from npm"
    exit 1
  fi
fi
[ "$("$squawk" --version)" = "squawk $version" ] || { echo "FAIL: squawk --version: $("$squawk" --version 2>&1)"; exit 1; }
/usr/bin/python3 "$source_dir/bench/lint-comparison/compare.py" --migrate "$migrate" --squawk "$squawk" \
  --check "$source_dir/bench/lint-comparison/RESULTS.md"
echo "RESULTS.md is what migrate lint and squawk $version say"
