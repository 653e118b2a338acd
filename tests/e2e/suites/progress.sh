# Progress as a user watches it: a step's "Running upgrade" line appears when the step starts
# (read with timestamps while a revision sleeps), its duration follows when it ends, a terminal
# sees the elapsed time live, a run ends with one summary line, a run with nothing to do says so,
# waiting for the migration lock says who holds it, and -q silences all of it.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

rev_sql() {
  case $1 in
    1) echo "CREATE TABLE IF NOT EXISTS t (id int);" ;;
    2) echo "SELECT pg_sleep(2);" ;;
  esac
}
gen_project 2
new_database

# seen_before_end ARGS...: runs migrate, reading its stderr as it comes; prints its exit code and
# how many seconds before the end "Running upgrade ... step 2" had arrived, then the stderr.
seen_before_end() {
  python3 - "$MIGRATE" "$@" <<'PY'
import os, subprocess, sys, time
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE)
seen, data = None, b""
while True:
    chunk = os.read(p.stderr.fileno(), 4096)
    if not chunk:
        break
    data += chunk
    if seen is None and b", step 2" in data:
        seen = time.monotonic()
end = time.monotonic()
p.wait()
print(p.returncode, "%.2f" % (end - seen if seen else -1))
sys.stdout.write(data.decode())
PY
}

case_ "the Running line of a sleeping revision is out before the revision ends"
result=$(seen_before_end upgrade head)
read -r code ahead <<<"$(printf '%s\n' "$result" | head -n 1)"
ERR=$(printf '%s\n' "$result" | tail -n +2)
[ "$code" = 0 ] && pass || fail "upgrade exited $code"
awk -v a="$ahead" 'BEGIN { exit !(a >= 1.5) }' && pass \
  || fail "the Running line came only $ahead s before the end"
printf '%s\n' "$ERR" | grep -Eq "^INFO  \[migrate\] Running upgrade $(rev_id 1) -> $(rev_id 2), step 2 \(2\.[0-9]{2} s\)$" \
  && pass || fail "on a pipe the duration should follow on the step's line"
printf '%s\n' "$ERR" | tail -n 1 | grep -Eq '^INFO  \[migrate\] 2 revisions applied in [0-9.]+ (ms|s)$' \
  && pass || fail "no summary line"

case_ "nothing to do says so"
m upgrade head
expect_code 0
expect_err "INFO  [migrate] Already at head ($(rev_id 2))"
m downgrade base
expect_code 0
expect_err_contains "INFO  [migrate] 2 revisions reverted in "
m downgrade base
expect_err "INFO  [migrate] Already at base (base)"

case_ "-q silences progress, summary and the nothing-to-do line"
m -q upgrade head
expect_code 0
expect_err ""
m -q upgrade head
expect_err ""
m -q downgrade base
expect_err ""

case_ "on a terminal the step's line shows its elapsed time live, then its duration"
# script(1) gives migrate a pseudo-terminal; the transcript holds what the terminal was sent.
script -qfec "$MIGRATE upgrade head" /dev/null </dev/null >"$E2E_ROOT/tty.out" 2>&1
code=$?
[ "$code" = 0 ] && pass || fail "upgrade under a terminal exited $code"
tty=$(cat -v "$E2E_ROOT/tty.out")
[[ "$tty" == *"^M^[[KINFO  [migrate] Running upgrade $(rev_id 1) -> $(rev_id 2), step 2 (1."* ]] && pass \
  || fail "no live elapsed time on the terminal: $tty"
[[ "$tty" =~ "step 2 (2."[0-9][0-9]" s)" ]] && pass || fail "no final duration on the terminal: $tty"

case_ "waiting for the migration lock says who holds it"
m downgrade base
start_migrate first upgrade head
wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(2)%'
             AND state = 'active' AND pid <> pg_backend_pid())" || fail "the first run did not start"
FIRST=$BG_PID
m upgrade head
wait "$FIRST"
expect_code 0
expect_err_contains "INFO  [migrate] Waiting for the migration lock on alembic_version: held by pid "
expect_err_contains "(application_name 'migrate', connected since "
expect_err_contains "INFO  [migrate] Already at head ($(rev_id 2))"
