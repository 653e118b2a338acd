# Real faults on a cluster of the suite's own (tests/e2e/tests.cmake runs it in a sandbox of its
# own, since it restarts the server): migrate's backend terminated, and the server restarted
# with -m fast and -m immediate, in the middle of a revision, in both transaction modes and in a
# transactional: false revision. Each time: exit 3, the revision named, the state the mode
# promises (version rows and tables), and a re-run that completes.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

[ -n "${PG_SANDBOX_PGCTL:-}" ] || { echo "faults: needs its own scripts/pg-sandbox cluster"; exit 1; }

pg_sandbox_ctl() {
  (cd "$PG_SANDBOX_DIR" && if [ -n "$PG_SANDBOX_AS" ]; then
    runuser -u "$PG_SANDBOX_AS" -- "$PG_SANDBOX_PGCTL" -D "$PG_SANDBOX_DATA" "$@"
  else
    "$PG_SANDBOX_PGCTL" -D "$PG_SANDBOX_DATA" "$@"
  fi) >/dev/null
}

# Revision 2 sleeps after its first statement; "IF NOT EXISTS" lets a partly applied
# transactional: false revision run again.
rev_sql() {
  case $1 in
    1) echo "CREATE TABLE t1 (id int);" ;;
    2) printf 'CREATE TABLE IF NOT EXISTS t2 (id int);\nSELECT pg_sleep(30);' ;;
    3) echo "CREATE TABLE t3 (id int);" ;;
  esac
}

table_exists() { sql "$DB" "SELECT to_regclass('$1') IS NOT NULL"; }

# fault HOW: terminate migrate's backend, or restart the server (fast | immediate).
fault() {
  case $1 in
    terminate)
      sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()" >/dev/null ;;
    fast | immediate) pg_sandbox_ctl -m "$1" -w -t 60 restart ;;
  esac
}

for mode in one_transaction per_migration non_transactional; do
  for how in terminate fast immediate; do
    case_ "$how during revision 2 ($mode): exit 3, the revision named, the promised state"
    case $mode in
      one_transaction) gen_project 3 ;;
      per_migration) gen_project 3 "transaction_per_migration = true" ;;
      non_transactional)
        gen_project 3
        sed -i 's/^-- down_revision: '"$(rev_id 1)"'$/&\n-- transactional: false/' migrations/versions/02_*.sql ;;
    esac
    new_database
    start_migrate fault upgrade head
    wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%'
                 AND state = 'active' AND pid <> pg_backend_pid())" || fail "revision 2 did not start"
    fault "$how"
    CODE=0
    wait "$BG_PID" || CODE=$?
    OUT=$(cat "$E2E_ROOT/fault.out")
    ERR=$(cat "$E2E_ROOT/fault.err")
    expect_code 3
    expect_err_contains "migrations/versions/02_$(rev_id 2).sql"
    [ "$(printf '%s\n' "$ERR" | grep -c '^migrate: error: ')" = 1 ] && pass || fail "not one error line"
    case $mode in
      one_transaction)
        expect_rows "(no version table)"
        [ "$(table_exists t1)" = f ] && pass || fail "t1 stayed although the run did not commit" ;;
      per_migration)
        expect_rows "$(rev_id 1)"
        [ "$(table_exists t2)" = f ] && pass || fail "revision 2 was not rolled back" ;;
      non_transactional)
        # Revision 1 was committed before the transactional: false revision; its first
        # statement ran on its own and stays; its version row did not move.
        expect_rows "$(rev_id 1)"
        [ "$(table_exists t2)" = t ] && pass || fail "t2 should stay: its statement completed" ;;
    esac
    sed -i '/^SELECT pg_sleep(30);$/d' migrations/versions/02_*.sql
    m upgrade head
    expect_code 0
    expect_rows "$(rev_id 3)"
  done
done
