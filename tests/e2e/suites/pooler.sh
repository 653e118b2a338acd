# Through a real PgBouncer (Debian's pgbouncer, started here in front of the sandbox): with
# pool_mode = transaction and pooler = transaction, and with pool_mode = session and pooler =
# none, 8 concurrent `upgrade head` runners on 50 revisions (one of them transactional: false)
# apply each revision exactly once and all exit 0, in both transaction modes; a direct run right
# after takes the migration lock at once; upgrade / downgrade -2 / upgrade head repeat cleanly.
# pooler = none through transaction pooling is caught before anything is applied, and the lock it
# left on a pooled server connection does not block later runs.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

command -v pgbouncer >/dev/null || { echo "pooler: pgbouncer is not installed (scripts/install-deps)"; exit 1; }

# PgBouncer refuses to run as root: it runs as the sandbox's server user then, from a directory
# that user can read.
BOUNCER_DIRS=()
stop_bouncers() {
  local dir
  for dir in "${BOUNCER_DIRS[@]}"; do
    [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null
    sleep 0.2
    rm -rf "$dir"
  done
}
trap 'stop_bouncers; cleanup_databases' EXIT

# start_bouncer MODE [EXTRA]: a PgBouncer in pool_mode MODE on a free port; sets BOUNCER_PORT.
start_bouncer() {
  local mode=$1 extra=${2:-} dir port tries
  dir=$(mktemp -d "${TMPDIR:-/tmp}/migrate-bouncer.XXXXXX")
  BOUNCER_DIRS+=("$dir")
  chmod 755 "$dir"
  printf '"postgres" ""\n' >"$dir/users.txt"
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=$PGHOST port=$PGPORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = $mode
default_pool_size = 40
max_client_conn = 200
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
$extra
EOF
    if [ -n "${PG_SANDBOX_AS:-}" ]; then
      chown -R "$PG_SANDBOX_AS" "$dir"
      runuser -u "$PG_SANDBOX_AS" -- pgbouncer -d -q "$dir/pgbouncer.ini" || continue
    else
      pgbouncer -d -q "$dir/pgbouncer.ini" || continue
    fi
    tries=50
    while [ "$tries" -gt 0 ]; do
      psql -X -q -At -h 127.0.0.1 -p "$port" -d postgres -c "SELECT 1" >/dev/null 2>&1 && break
      sleep 0.1
      tries=$((tries - 1))
    done
    if [ "$tries" -gt 0 ]; then
      BOUNCER_PORT=$port
      return 0
    fi
    [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null
  done
  echo "pooler: could not start pgbouncer: $(cat "$dir/pgbouncer.log" 2>/dev/null)"
  exit 1
}

# Revision 25 is transactional: false (CREATE INDEX CONCURRENTLY); every revision records that
# it ran, so a revision applied twice shows.
rev_sql() {
  if [ "$1" = 25 ]; then
    printf "CREATE INDEX CONCURRENTLY applied_rev ON applied (rev);\nINSERT INTO applied VALUES ('%s');" "$2"
  else
    printf "INSERT INTO applied VALUES ('%s');\nSELECT pg_sleep(0.01);" "$2"
  fi
}

# pooled_project SETTINGS: the 50-revision project with SETTINGS in [alembic], a fresh database
# reached through the bouncer ($DATABASE_URL) and direct.ini for direct runs that must take the
# lock at once (migration_lock_timeout = 0: one try).
pooled_project() {
  gen_project 50 "$1"
  sed -i 's/^-- down_revision: '"$(rev_id 24)"'$/&\n-- transactional: false/' \
    migrations/versions/25_*.sql
  new_database
  sql "$DB" "CREATE TABLE applied (rev text)"
  DIRECT_URL=$DATABASE_URL
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$BOUNCER_PORT/$DB"
  sed -e 's/^pooler = .*//' -e 's/^\[alembic\]$/&\nmigration_lock_timeout = 0/' alembic.ini >direct.ini
}

# concurrent_runs LABEL: 8 `upgrade head` runners at once through the bouncer; checks every
# exit code, each revision applied exactly once, the version row, and no lock left behind.
concurrent_runs() {
  local label=$1 n pids=() codes="" code actual expected="" i
  db_case "$label: 8 concurrent upgrade head runners all exit 0"
  for n in 1 2 3 4 5 6 7 8; do
    start_migrate "run$n" upgrade head
    pids+=("$BG_PID")
  done
  for n in "${pids[@]}"; do
    code=0
    wait "$n" || code=$?
    codes="$codes$code "
  done
  [ "$codes" = "0 0 0 0 0 0 0 0 " ] && pass || fail "exit codes: $codes; $(cat "$E2E_ROOT"/run*.err | grep error)"

  db_case "$label: each of the 50 revisions applied exactly once"
  actual=$(sql "$DB" "SELECT string_agg(rev || '=' || n, ',' ORDER BY rev)
                      FROM (SELECT rev, count(*) AS n FROM applied GROUP BY rev) c")
  for i in $(seq 1 50); do expected="$expected$(rev_id "$i")=1,"; done
  [ "$actual" = "${expected%,}" ] && pass || fail "applied counts: $actual"
  expect_rows "$HEAD"
  [ "$(sql "$DB" "SELECT count(*) FROM pg_indexes WHERE indexname = 'applied_rev'")" = 1 ] \
    && pass || fail "the transactional: false revision's index is missing"

  db_case "$label: a direct run right after takes the migration lock at once"
  # pg_locks shows every database's locks: other suites' runs hold theirs.
  local held="SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE l.locktype = 'advisory' AND d.datname = current_database()"
  [ "$(sql "$DB" "$held")" = 0 ] && pass || fail "an advisory lock is still held in $DB"
  DATABASE_URL=$DIRECT_URL m -c direct.ini upgrade head
  expect_code 0
  expect_err_contains "Already at head"
}

# repeated_runs LABEL: upgrade head, downgrade -2, upgrade head, three times through the bouncer.
repeated_runs() {
  local label=$1 round
  db_case "$label: upgrade, downgrade -2 and upgrade head repeat through the pooler"
  for round in 1 2 3; do
    m upgrade head
    expect_code 0
    m downgrade -2
    expect_code 0
    expect_rows "$(rev_id 48)"
    m upgrade head
    expect_code 0
    expect_rows "$HEAD"
  done
  db_case "$label: stamp, stamp --purge and ensure_version through the pooler"
  m stamp "$(rev_id 48)"
  expect_code 0
  expect_rows "$(rev_id 48)"
  m stamp --purge head
  expect_code 0
  expect_rows "$HEAD"
  sql "$DB" "DROP TABLE alembic_version"
  m ensure_version
  expect_code 0
  expect_rows ""
  m stamp head
  expect_code 0
  expect_rows "$HEAD"
}

# --- PgBouncer in transaction pooling, pooler = transaction -----------------------------------
start_bouncer transaction
TX_PORT=$BOUNCER_PORT
for per_migration in false true; do
  pooled_project "pooler = transaction
transaction_per_migration = $per_migration"
  concurrent_runs "transaction pooling, transaction_per_migration = $per_migration"
  repeated_runs "transaction pooling, transaction_per_migration = $per_migration"
done

# --- PgBouncer in session pooling, pooler = none ----------------------------------------------
start_bouncer session
for per_migration in false true; do
  pooled_project "transaction_per_migration = $per_migration"
  concurrent_runs "session pooling, transaction_per_migration = $per_migration"
  repeated_runs "session pooling, transaction_per_migration = $per_migration"
done

# --- pooler = none through transaction pooling: caught, and no lock left behind ----------------
# Round robin over two warm server connections sends the message after the lock's to the other
# one, as a busy pool would.
start_bouncer transaction "server_round_robin = 1"
gen_project 3 ""
new_database
sql "$DB" "CREATE TABLE applied (rev text)"
DIRECT_URL=$DATABASE_URL
export DATABASE_URL="postgresql://postgres@127.0.0.1:$BOUNCER_PORT/$DB"
for n in 1 2 3; do
  psql -X -q -At -h 127.0.0.1 -p "$BOUNCER_PORT" -d "$DB" -c "SELECT pg_sleep(0.3)" >/dev/null &
done
wait

case_ "pooler = none through transaction pooling fails before applying anything"
m upgrade head
expect_code 3
expect_err_contains "a connection pooler in transaction mode is in between; set pooler = transaction"
expect_err_contains "nothing was applied"
[ "$(sql "$DB" "SELECT count(*) FROM applied")" = 0 ] && pass || fail "revisions ran"

case_ "the lock left on a pooled server connection was ended: a direct run takes it at once"
expect_err_contains "which migrate ended so later runs are not blocked"
printf '[alembic]\nscript_location = %%(here)s/migrations\nmigration_lock_timeout = 0\n' >direct.ini
DATABASE_URL=$DIRECT_URL m -c direct.ini upgrade head
expect_code 0
expect_rows "$(rev_id 3)"

# --- DDL lock waits through the pooler -------------------------------------------------------
# A DDL lock wait through the pooler: the blocker is named although the pooler hides which
# server backend ran the revision (the monitor finds it by the run's tag).
rev_sql() {
  case $1 in
    1) echo "CREATE TABLE users (id int);" ;;
    2) echo "ALTER TABLE users ADD COLUMN phone text;" ;;
  esac
}
for per_migration in false true; do
  gen_project 2 "pooler = transaction
transaction_per_migration = $per_migration
lock_timeout = 1s
lock_retries = 1"
  new_database
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$TX_PORT/$DB"
  m upgrade "$(rev_id 1)"
  mkfifo "$E2E_ROOT/blocker.in"
  psql -X -q -At -d "$DB" <"$E2E_ROOT/blocker.in" >"$E2E_ROOT/blocker.out" 2>&1 &
  exec 7>"$E2E_ROOT/blocker.in"
  echo "BEGIN; SELECT pg_backend_pid(); SELECT count(*) FROM users;" >&7
  for _ in $(seq 1 50); do
    blocker=$(head -n 1 "$E2E_ROOT/blocker.out" 2>/dev/null)
    [ -n "$blocker" ] && break
    sleep 0.1
  done
  case_ "transaction pooling, transaction_per_migration = $per_migration: a blocked ALTER names its blocker"
  m upgrade head
  echo "ROLLBACK;" >&7
  exec 7>&-
  wait
  rm -f "$E2E_ROOT/blocker.in" "$E2E_ROOT/blocker.out"
  expect_code 3
  expect_err_contains "ERROR 55P03: canceling statement due to lock timeout"
  expect_err_contains "blocked by: pid $blocker (application_name 'psql', idle in transaction for"
  expect_rows "$(rev_id 1)"
  m upgrade head
  expect_code 0
  expect_rows "$(rev_id 2)"
done

finish
