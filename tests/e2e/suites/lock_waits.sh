# DDL lock waits on a busy database: a revision altering a table that an open transaction has
# read waits at most lock_timeout, is tried again lock_retries times, and then fails naming who
# blocks it, while readers of the table are never queued behind it for long; when the blocker
# ends during the retries the run succeeds (keeping the revisions before); lock_timeout = 0 waits
# as Alembic does.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

# Revision 1 creates users, 2 creates audit, 3 alters users (the one that needs the lock).
rev_sql() {
  case $1 in
    1) echo "CREATE TABLE users (id int);" ;;
    2) echo "CREATE TABLE audit (id int);" ;;
    3) echo "ALTER TABLE users ADD COLUMN phone text;" ;;
  esac
}

# start_blocker: a psql session that reads users in an open transaction and stays idle in it
# until stop_blocker COMMIT|ROLLBACK. Sets BLOCKER_PID (its backend's pid).
start_blocker() {
  mkfifo "$E2E_ROOT/blocker.in"
  psql -X -q -At -d "$DB" <"$E2E_ROOT/blocker.in" >"$E2E_ROOT/blocker.out" 2>&1 &
  BLOCKER_PSQL=$!
  exec 7>"$E2E_ROOT/blocker.in"
  echo "BEGIN; SELECT pg_backend_pid(); SELECT count(*) FROM users;" >&7
  BLOCKER_PID=""
  for _ in $(seq 1 50); do
    BLOCKER_PID=$(head -n 1 "$E2E_ROOT/blocker.out" 2>/dev/null)
    [ -n "$BLOCKER_PID" ] && break
    sleep 0.1
  done
}
stop_blocker() {
  echo "$1;" >&7
  exec 7>&-
  wait "$BLOCKER_PSQL" 2>/dev/null || true
  rm -f "$E2E_ROOT/blocker.in" "$E2E_ROOT/blocker.out"
}

# readers_max_ms SECONDS: runs `SELECT count(*) FROM users` over and over for about SECONDS in
# the background; READERS_PID; the longest one's milliseconds go to $E2E_ROOT/readers.max.
start_readers() {
  (
    max=0
    end=$(($(date +%s) + $1))
    while [ "$(date +%s)" -lt "$end" ]; do
      t0=$(date +%s%N)
      psql -X -q -At -d "$DB" -c "SELECT count(*) FROM users" >/dev/null 2>&1
      t=$((($(date +%s%N) - t0) / 1000000))
      [ "$t" -gt "$max" ] && max=$t
      sleep 0.05
    done
    echo "$max" >"$E2E_ROOT/readers.max"
  ) &
  READERS_PID=$!
}

case_ "a blocked ALTER fails after its retries, names the blocker, and never queues readers long"
gen_project 3 "lock_timeout = 1s
lock_retries = 2"
new_database
m upgrade "$(rev_id 1)"
expect_code 0
start_blocker
[ -n "$BLOCKER_PID" ] && pass || fail "the blocking session did not start"
start_readers 6
m upgrade head
wait "$READERS_PID"
stop_blocker ROLLBACK
expect_code 3
expect_err_contains "ERROR 55P03: canceling statement due to lock timeout"
expect_err_contains "lock: not granted within lock_timeout (1 s) in 3 tries"
expect_err_contains "blocked by: pid $BLOCKER_PID (application_name 'psql', idle in transaction for"
expect_err_contains "SELECT count(*) FROM users;"
expect_err_contains "(retry 1 of 2)"
expect_err_contains "(retry 2 of 2)"
expect_err_contains "$(rev_id 3).sql:"
expect_rows "$(rev_id 1)"
max=$(cat "$E2E_ROOT/readers.max")
[ "$max" -lt 2000 ] && pass || fail "a reader of users waited $max ms (lock_timeout 1 s + 1 s allowed)"

case_ "the blocker commits during the retries: the run succeeds, the revision before kept"
start_blocker
start_migrate retry upgrade head
sleep 1.6
stop_blocker COMMIT
expect_background_ok retry
grep -q "trying again in" "$E2E_ROOT/retry.err" && pass || fail "no retry line: $(cat "$E2E_ROOT/retry.err")"
expect_rows "$(rev_id 3)"
[ "$(sql "$DB" "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'phone'")" = 1 ] \
  && pass || fail "users.phone is missing"
[ "$(sql "$DB" "SELECT to_regclass('audit') IS NOT NULL")" = t ] && pass || fail "audit is missing"

case_ "transaction_per_migration: the blocked revision is retried on its own"
gen_project 3 "lock_timeout = 1s
lock_retries = 5
transaction_per_migration = true"
new_database
m upgrade "$(rev_id 1)"
start_blocker
start_migrate per_migration upgrade head
wait_for 10 "SELECT EXISTS (SELECT 1 FROM alembic_version WHERE version_num = '$(rev_id 2)')" \
  && pass || fail "revision 2 was not committed before revision 3 waited"
sleep 1.2
stop_blocker COMMIT
expect_background_ok per_migration
expect_rows "$(rev_id 3)"

case_ "transactional: false: the blocked statement is retried, the ones before it not run again"
rev_sql() {
  case $1 in
    1) echo "CREATE TABLE users (id int); CREATE TABLE runs (n int);" ;;
    2) printf -- "INSERT INTO runs VALUES (1);\nALTER TABLE users ADD COLUMN phone text;" ;;
  esac
}
gen_project 2 "lock_timeout = 1s
lock_retries = 5"
sed -i 's/^-- down_revision: '"$(rev_id 1)"'$/&\n-- transactional: false/' migrations/versions/02_*.sql
new_database
m upgrade "$(rev_id 1)"
start_blocker
start_migrate nontx upgrade head
sleep 1.6
stop_blocker COMMIT
expect_background_ok nontx
expect_rows "$(rev_id 2)"
[ "$(sql "$DB" "SELECT count(*) FROM runs")" = 1 ] && pass || fail "the statement before the blocked one ran again"

case_ "lock_timeout = 0 waits for the lock as Alembic does"
gen_project 3 "lock_timeout = 0"
new_database
m upgrade "$(rev_id 1)"
start_blocker
start_migrate forever upgrade head
wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'migrate'
             AND wait_event_type = 'Lock')" && pass || fail "migrate is not waiting for the lock"
sleep 2
kill -0 "$BG_PID" 2>/dev/null && pass || fail "migrate gave up although lock_timeout = 0"
stop_blocker COMMIT
expect_background_ok forever
expect_rows "$(rev_id 3)"
