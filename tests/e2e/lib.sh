# Helpers for end-to-end suites: run the real migrate binary as a user would and check its
# output, exit code and (for database suites) the database state. Sourced by tests/e2e/run.

: "${MIGRATE:?MIGRATE must point at the migrate binary}"
: "${MIGRATE_SOURCE_DIR:?MIGRATE_SOURCE_DIR must point at the source tree}"

E2E_PASSED=0
E2E_FAILED=0
E2E_CASE=""
E2E_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/migrate-e2e.XXXXXX")
trap 'rm -rf "$E2E_ROOT"' EXIT

# case NAME: starts a named check; its expectations report against it.
case_() { E2E_CASE="$1"; }

fail() {
  E2E_FAILED=$((E2E_FAILED + 1))
  printf 'FAIL: %s: %s\n' "$E2E_CASE" "$1"
  if [ -n "${OUT+x}" ]; then printf -- '--- stdout\n%s\n--- stderr\n%s\n--- exit %s\n' "$OUT" "$ERR" "$CODE"; fi
}
pass() { E2E_PASSED=$((E2E_PASSED + 1)); }

# new_project [DIR]: a fresh copy of the example project; cd into it. Sets PROJECT.
new_project() {
  PROJECT=$(mktemp -d "$E2E_ROOT/project.XXXXXX")
  cp -r "$MIGRATE_SOURCE_DIR/migrations" "$PROJECT/migrations"
  cp "$MIGRATE_SOURCE_DIR/migrations/alembic.ini" "$PROJECT/alembic.ini"
  sed -i 's|^script_location = .*|script_location = %(here)s/migrations|' "$PROJECT/alembic.ini"
  cd "$PROJECT"
}

# empty_dir: a fresh empty directory; cd into it.
empty_dir() {
  PROJECT=$(mktemp -d "$E2E_ROOT/empty.XXXXXX")
  cd "$PROJECT"
}

# The sandbox's test passwords (scripts/pg-sandbox), raw and percent-encoded: no output of any
# suite may contain one. A suite testing a wrong password adds it with E2E_SECRETS+=(...).
E2E_SECRETS=(secret-pw 'p@ss:w/rd%?&=#x' 'p%40ss%3Aw%2Frd%25%3F%26%3D%23x')

# m ARGS...: runs migrate; sets OUT, ERR and CODE. Any test password in its output fails the case.
m() {
  local out_file="$E2E_ROOT/out" err_file="$E2E_ROOT/err" secret
  set +e
  "$MIGRATE" "$@" >"$out_file" 2>"$err_file" </dev/null
  CODE=$?
  set -e
  OUT=$(cat "$out_file")
  ERR=$(cat "$err_file")
  for secret in "${E2E_SECRETS[@]}"; do
    if [[ "$OUT$ERR" == *"$secret"* ]]; then
      fail "migrate $* printed the password '$secret'"
    fi
  done
}

expect_code() { [ "$CODE" = "$1" ] && pass || fail "expected exit $1, got $CODE"; }
expect_out() { [ "$OUT" = "$1" ] && pass || fail "stdout differs; expected:
$1"; }
expect_err() { [ "$ERR" = "$1" ] && pass || fail "stderr differs; expected:
$1"; }
expect_out_contains() { [[ "$OUT" == *"$1"* ]] && pass || fail "stdout lacks: $1"; }
expect_err_contains() { [[ "$ERR" == *"$1"* ]] && pass || fail "stderr lacks: $1"; }
expect_out_lacks() { [[ "$OUT" != *"$1"* ]] && pass || fail "stdout should not contain: $1"; }
expect_err_lacks() { [[ "$ERR" != *"$1"* ]] && pass || fail "stderr should not contain: $1"; }
# One line on stderr, the error line, exactly.
expect_error() {
  expect_code "${2:-1}"
  [ "$ERR" = "migrate: error: $1" ] && pass || fail "expected the single error line:
migrate: error: $1"
}
# json_valid [KIND]: $OUT is one JSON document valid against docs/json-output.schema.json (and,
# given KIND, an "error" document or that command's).
json_valid() {
  local why
  if why=$(printf '%s' "$OUT" | /usr/bin/python3 "$MIGRATE_SOURCE_DIR/tests/e2e/json_valid.py" \
    "$MIGRATE_SOURCE_DIR/docs/json-output.schema.json" "${1:-}"); then
    pass
  else
    fail "invalid JSON document ($why): $OUT"
  fi
}
expect_file() { [ -f "$1" ] && pass || fail "missing file $1"; }

finish() {
  printf '%s passed, %s failed\n' "$E2E_PASSED" "$E2E_FAILED"
  [ "$E2E_FAILED" -eq 0 ]
}
