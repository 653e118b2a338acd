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

# drop_caches_of ROLE: the autogenerate cache's databases (migrate_cache_*) the role owns.
drop_caches_of() {
  local db
  for db in $(psql -X -q -At -d postgres -c "SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '$1' AND d.datname LIKE 'migrate\_cache\_%'"); do
    dropdb --force "$db"
  done
}

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

# schema_of DB: the relations (tables, sequences, indexes...), one string (what was applied); the
# runner's own (the version table, migrate's applied-steps log) aside.
schema_of() {
  sql "$1" "SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ' '
                              ORDER BY n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND c.relname <> 'alembic_version' AND c.relname <> 'alembic_version_pkc'
              AND c.relname NOT LIKE 'alembic\_version\_log%'"
}

expect_rows() {
  local actual
  actual=$(rows "$DB")
  [ "$actual" = "$1" ] && pass || fail "version rows are '$actual', expected '$1'"
}

# interrupt_when_running SIGNAL LIKE ARGS...: runs migrate ARGS in the background and sends it
# SIGNAL once a statement matching the SQL pattern LIKE is running on the server, then waits for
# it to end (killed after 10 s: a migrate that ignored the signal then fails on its exit code).
# With SECOND_SIGNAL_MS set, the signal is sent again that many milliseconds later (an impatient
# second Ctrl-C). Sets OUT, ERR, CODE and ELAPSED_MS (from the signal to the exit).
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
  if [ -n "${SECOND_SIGNAL_MS:-}" ]; then
    sleep "$(awk -v ms="$SECOND_SIGNAL_MS" 'BEGIN { print ms / 1000 }')"
    kill -"$signal" "$pid" 2>/dev/null || true
  fi
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

# ---- generated projects and background runs (shared by the online suites) ----

# rev_id I: the revision id of generated revision I (12 hex digits).
rev_id() { printf 'c0c0a0%06d' "$1"; }

# gen_project N INI_LINES: a project of N linear revisions; revision I's upgrade SQL is the output
# of `rev_sql I`. INI_LINES are appended to [alembic]. cd into it; sets PROJECT and HEAD.
gen_project() {
  local count=$1 extra=${2:-} i prev="" rev
  PROJECT=$(mktemp -d "$E2E_ROOT/gen.XXXXXX")
  mkdir -p "$PROJECT/migrations/versions"
  printf '[alembic]\nscript_location = %%(here)s/migrations\n%s\n' "$extra" >"$PROJECT/alembic.ini"
  for i in $(seq 1 "$count"); do
    rev=$(rev_id "$i")
    {
      printf -- '-- message: step %s\n-- revision: %s\n-- down_revision: %s\n\n' "$i" "$rev" "$prev"
      printf -- '-- migrate:upgrade\n%s\n\n-- migrate:downgrade\nSELECT 1;\n' "$(rev_sql "$i" "$rev")"
    } >"$PROJECT/migrations/versions/$(printf '%02d' "$i")_$rev.sql"
    prev=$rev
  done
  HEAD=$prev
  cd "$PROJECT" || exit 1
}

# start_migrate NAME ARGS...: runs migrate in the background, stdout/stderr in $E2E_ROOT/NAME.*;
# sets BG_PID.
start_migrate() {
  local name=$1
  shift
  "$MIGRATE" "$@" >"$E2E_ROOT/$name.out" 2>"$E2E_ROOT/$name.err" </dev/null &
  BG_PID=$!
}

# expect_background_ok NAME: waits for the start_migrate run NAME, which must exit 0.
expect_background_ok() {
  local code=0
  wait "$BG_PID" || code=$?
  [ "$code" = 0 ] && pass || fail "the background run $1 exited $code: $(cat "$E2E_ROOT/$1.err")"
}

# wait_for SECONDS QUERY: polls QUERY on $DB every 0.1 s until it prints "t"; fails otherwise.
wait_for() {
  local tries=$(($1 * 10))
  while [ "$tries" -gt 0 ]; do
    [ "$(sql "$DB" "$2" 2>/dev/null)" = "t" ] && return 0
    sleep 0.1
    tries=$((tries - 1))
  done
  return 1
}

# db_case NAME: a case whose checks are on the database alone (no stale migrate output on failure).
db_case() {
  case_ "$1"
  unset OUT ERR CODE
}
