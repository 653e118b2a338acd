# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# dbmate comes from npm (its package ships a static binary); it is installed once into a cache.
# dbmate_path: prints the binary's path, installing it first when needed; prints nothing when it
# cannot be had (the caller notes that dbmate is skipped).
dbmate_path() {
  local cache found
  cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migrate-bench}
  found=$(find "$cache/dbmate/node_modules/@dbmate" -path '*/bin/dbmate' -type f 2>/dev/null | head -n 1 || true)
  if [ -z "$found" ] && command -v npm >/dev/null; then
    echo "bench: installing dbmate from npm into $cache/dbmate" >&2
    mkdir -p "$cache/dbmate"
    if timeout 300 npm install --prefix "$cache/dbmate" --no-audit --no-fund dbmate >/dev/null 2>&1; then
      found=$(find "$cache/dbmate/node_modules/@dbmate" -path '*/bin/dbmate' -type f 2>/dev/null | head -n 1 || true)
    fi
  fi
  if [ -n "$found" ] && "$found" --version >/dev/null 2>&1; then
    echo "$found"
  fi
}
