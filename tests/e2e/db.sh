# Database helpers for end-to-end suites: each suite runs inside scripts/pg-sandbox (PGHOST...)
# and makes its own databases, so suites can run in parallel. Sourced after lib.sh.

if [ -z "${PGHOST:-}" ]; then
  echo "no PostgreSQL: run under scripts/pg-sandbox (scripts/test does)"
  # In CI a missing server is a failure, never a skip.
  [ "${CI:-}" = "true" ] && exit 1
  exit 125
fi

E2E_DATABASES=()
cleanup_databases() {
  local db
  for db in "${E2E_DATABASES[@]}"; do dropdb --if-exists --force "$db" >/dev/null 2>&1 || true; done
  rm -rf "$E2E_ROOT"
}
trap cleanup_databases EXIT

# new_database: a fresh database; sets DB and exports DATABASE_URL (and ALEMBIC_TEST_URL).
new_database() {
  DB="e2e_$(basename "$0" .sh)_$$_${#E2E_DATABASES[@]}_$RANDOM"
  createdb "$DB"
  E2E_DATABASES+=("$DB")
  export DATABASE_URL="postgresql:///$DB?host=$PGHOST&port=$PGPORT"
  export ALEMBIC_TEST_URL="postgresql+psycopg2://${PGUSER:-postgres}@/$DB?host=$PGHOST&port=$PGPORT"
}

# sql DB QUERY: one psql query, unaligned, tuples only.
sql() { psql -X -q -At -d "$1" -c "$2"; }

# rows DB: the version rows, sorted, comma-separated.
rows() {
  sql "$1" "SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version" 2>/dev/null \
    || echo "(no version table)"
}

# relations DB: the user tables, types, functions and indexes, one string (what was applied).
schema_of() {
  sql "$1" "SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ' '
                              ORDER BY n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND c.relname <> 'alembic_version' AND c.relname <> 'alembic_version_pkc'"
}

expect_rows() {
  local actual
  actual=$(rows "$DB")
  [ "$actual" = "$1" ] && pass || fail "version rows are '$actual', expected '$1'"
}

# interrupt_when_running SIGNAL LIKE ARGS...: runs migrate ARGS in the background and sends it
# SIGNAL once a statement matching the SQL pattern LIKE is running on the server, then waits for
# it to end (killed after 10 s: a migrate that ignored the signal then fails on its exit code).
# Sets OUT, ERR, CODE and ELAPSED_MS (from the signal to the exit).
interrupt_when_running() {
  local signal=$1 like=$2 tries=100 pid started
  shift 2
  # As a terminal would: the signal's default disposition (bash ignores SIGINT in background jobs).
  (
    trap - INT TERM
    exec "$MIGRATE" "$@" >"$E2E_ROOT/sig.out" 2>"$E2E_ROOT/sig.err" </dev/null
  ) &
  pid=$!
  while [ "$tries" -gt 0 ] && [ "$(sql postgres "SELECT count(*) FROM pg_stat_activity WHERE
      state = 'active' AND query LIKE '$like' AND pid <> pg_backend_pid()")" != 1 ]; do
    sleep 0.1
    tries=$((tries - 1))
  done
  [ "$tries" -gt 0 ] && pass || fail "no statement like '$like' started"
  started=$(date +%s%N)
  kill -"$signal" "$pid"
  tries=100
  while [ "$tries" -gt 0 ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1
    tries=$((tries - 1))
  done
  ELAPSED_MS=$((($(date +%s%N) - started) / 1000000))
  kill -9 "$pid" 2>/dev/null || true
  CODE=0
  { wait "$pid" || CODE=$?; } 2>/dev/null
  OUT=$(cat "$E2E_ROOT/sig.out")
  ERR=$(cat "$E2E_ROOT/sig.err")
}
