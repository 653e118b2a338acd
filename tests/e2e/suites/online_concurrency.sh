# Concurrency and crashes against a real server: parallel `upgrade head` runs apply each revision
# once, a held migration lock fails a second run after lock_timeout naming the holder, and a
# migrate killed with SIGKILL mid-revision leaves the last consistent state and can be re-run.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

# The other sessions of $DB (not this psql's own).
OTHER_BACKENDS="SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                AND pid <> pg_backend_pid()"

# --- (a) 8 concurrent upgrade head runs -------------------------------------------------------
rev_sql() { printf "INSERT INTO applied VALUES ('%s');\nSELECT pg_sleep(0.2);" "$2"; }
gen_project 6
new_database
sql "$DB" "CREATE TABLE applied (rev text)"

db_case "8 concurrent upgrade head runs all exit 0"
pids=()
for n in 1 2 3 4 5 6 7 8; do
  start_migrate "par$n" upgrade head
  pids+=("$BG_PID")
done
codes=""
for pid in "${pids[@]}"; do
  code=0
  wait "$pid" || code=$?
  codes="$codes$code "
done
[ "$codes" = "0 0 0 0 0 0 0 0 " ] && pass || fail "exit codes: $codes"

db_case "8 concurrent upgrade head runs apply each revision exactly once"
actual=$(sql "$DB" "SELECT string_agg(rev || '=' || n, ',' ORDER BY rev)
                    FROM (SELECT rev, count(*) AS n FROM applied GROUP BY rev) c")
expected=""
for i in 1 2 3 4 5 6; do expected="$expected$(rev_id "$i")=1,"; done
[ "$actual" = "${expected%,}" ] && pass || fail "applied counts: $actual"
expect_rows "$HEAD"

db_case "8 concurrent upgrade head runs log each step once in all"
steps=$(cat "$E2E_ROOT"/par*.err | grep -c 'Running upgrade' || true)
[ "$steps" = 6 ] && pass || fail "$steps 'Running upgrade' lines: $(cat "$E2E_ROOT"/par*.err)"

case_ "a run after the concurrent ones has nothing to do"
m upgrade head
expect_code 0
expect_err_lacks "Running upgrade"
m current
expect_out "$HEAD (head)"

# --- (b) a held lock and lock_timeout = 500ms -------------------------------------------------
rev_sql() { if [ "$1" = 1 ]; then echo "SELECT pg_sleep(5);"; else echo "SELECT 1;"; fi; }
gen_project 2 "migration_lock_timeout = 500ms"
new_database

db_case "a second run fails after lock_timeout while the first holds the lock"
start_migrate holder upgrade head
holder=$BG_PID
if wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                 WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database())"; then
  pass
else
  fail "the first run never took an advisory lock"
fi
# The session holding the advisory lock is the one the refusal must name (the holder may have
# other sessions, e.g. the one watching for lock waits).
holder_pid=$(sql "$DB" "SELECT string_agg(l.pid::text, ',') FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                        WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()")
started=$(date +%s%N)
m upgrade head
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
expect_code 4
[ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] && pass || fail "expected one stderr line"
expect_err_contains "migrate: error: could not take the migration lock"
[[ "$ERR" == "migrate: error: could not take the migration lock"* ]] && pass \
  || fail "stderr does not start with the lock error"
expect_err_contains "pid $holder_pid (application_name 'migrate'"
expect_err_contains "0.5 s (migration_lock_timeout)"
[ "$elapsed_ms" -lt 4000 ] && pass || fail "the refused run took ${elapsed_ms} ms"
kill -0 "$holder" 2>/dev/null && pass || fail "the holder had already finished: the lock was not contended"

db_case "the lock holder then finishes at head"
code=0
wait "$holder" || code=$?
[ "$code" = 0 ] && pass || fail "holder exit $code: $(cat "$E2E_ROOT/holder.err")"
expect_rows "$HEAD"

# --- (c) SIGKILL in the middle of revision 3 of 5 ---------------------------------------------
rev_sql() {
  printf 'CREATE TABLE t%s (id int);' "$1"
  if [ "$1" = 3 ]; then printf '\nSELECT pg_sleep(3);'; fi
}
tables_of() {
  sql "$DB" "SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class
             WHERE relkind = 'r' AND relname ~ '^t[0-9]$'"
}

# kill_mid_revision_3 LABEL: starts upgrade head, SIGKILLs it during revision 3's pg_sleep and
# waits (bounded) for the server to drop the dead client's session.
kill_mid_revision_3() {
  db_case "$1: migrate reaches revision 3's sleep and is killed"
  start_migrate killed upgrade head
  local pid=$BG_PID
  if wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
                   AND state = 'active' AND query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid())"; then
    pass
  else
    fail "revision 3 never started: $(cat "$E2E_ROOT/killed.err")"
  fi
  kill -9 "$pid"
  local code=0
  # (braces: bash's "Killed" job notice goes to /dev/null)
  { wait "$pid" || code=$?; } 2>/dev/null
  [ "$code" = 137 ] && pass || fail "killed migrate exited $code"
  wait_for 15 "SELECT ($OTHER_BACKENDS) = 0" && pass || fail "the dead client's session stayed"
}

gen_project 5
new_database
kill_mid_revision_3 "one transaction per run"
db_case "one transaction per run: kill -9 leaves no version rows and none of the tables"
actual=$(rows "$DB")
{ [ "$actual" = "" ] || [ "$actual" = "(no version table)" ]; } && pass || fail "version rows: $actual"
[ "$(tables_of)" = "" ] && pass || fail "tables left: $(tables_of)"

case_ "one transaction per run: a re-run after kill -9 completes at head"
m upgrade head
expect_code 0
expect_rows "$HEAD"
[ "$(tables_of)" = "t1,t2,t3,t4,t5" ] && pass || fail "tables: $(tables_of)"

gen_project 5 "transaction_per_migration = true"
new_database
kill_mid_revision_3 "transaction_per_migration"
db_case "transaction_per_migration: kill -9 leaves revision 2 committed and not revision 3"
expect_rows "$(rev_id 2)"
[ "$(tables_of)" = "t1,t2" ] && pass || fail "tables: $(tables_of)"

case_ "transaction_per_migration: a re-run after kill -9 runs revisions 3 to 5 only"
m upgrade head
expect_code 0
expect_rows "$HEAD"
[ "$(tables_of)" = "t1,t2,t3,t4,t5" ] && pass || fail "tables: $(tables_of)"
expect_err_contains "Running upgrade $(rev_id 2) -> $(rev_id 3), step 3"
expect_err_lacks "-> $(rev_id 2), step 2"
