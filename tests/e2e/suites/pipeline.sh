# Pipelining (docs/pipelining.md): every fault case runs twice on fresh databases, with
# pipeline = true and pipeline = false, in both transaction modes, and must leave the same
# version rows, schema, exit code and messages (durations aside). Then the round trips: a
# pipelined run makes far fewer, counted by bench/latency_proxy.py.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

PY=/usr/bin/python3
REV5=""
# Revisions 1-10 create t1..t10; revision 5 is the case's own.
rev_sql() {
  if [ "$1" = 5 ]; then printf '%s\n' "$REV5"; else echo "CREATE TABLE t$1 (id int);"; fi
}

set_mode() { sed -i "s/^pipeline = .*/pipeline = $1/" "$PROJECT/alembic.ini"; }

# mode_case TITLE MODE: a case run with pipeline = MODE on a fresh database.
mode_case() {
  case_ "$1, pipeline = $2"
  set_mode "$2"
  new_database
}

# What differs from run to run: durations ("(12.5 ms)", "in 2.01 s"), a blocker's pid and age.
normalised() { sed -E 's/ \([0-9.]+ (ms|s)\)//g; s/pid [0-9]+/pid N/g; s/active for [0-9.]+ (ms|s)/active for T/g; s/ in [0-9.]+ (ms|s)$//'; }

# record MODE: what the run left, in $E2E_ROOT/MODE.state.
record() {
  {
    echo "exit $CODE"
    printf '%s\n' "$ERR" | normalised
    echo "rows $(rows "$DB")"
    echo "schema $(schema_of "$DB")"
  } >"$E2E_ROOT/$1.state"
}

# same_outcome: the pipelined and unpipelined runs left the same.
same_outcome() {
  if cmp -s "$E2E_ROOT/true.state" "$E2E_ROOT/false.state"; then
    pass
  else
    fail "pipelined and unpipelined runs differ:
$(diff "$E2E_ROOT/false.state" "$E2E_ROOT/true.state")"
  fi
}

# fresh_project TXN_MODE EXTRA: ten revisions, revision 5 from $REV5.
fresh_project() {
  local per=false
  [ "$1" = per_migration ] && per=true
  gen_project 10 "transaction_per_migration = $per
pipeline = true
${2:-}"
}

for txn in one_transaction per_migration; do
  promised=""
  [ "$txn" = per_migration ] && promised=$(rev_id 4)
  [ -n "$promised" ] || promised="(no version table)"

  # ---- revision 5 of 10 fails ----
  for failure in runtime syntax; do
    case $failure in
      runtime) REV5=$'CREATE TABLE t5 (id int);\nINSERT INTO missing VALUES (1);' ;;
      syntax) REV5=$'CREATE TABLE t5 (id int);\nSELECT 1;\nSELEC 2;' ;;
    esac
    fresh_project "$txn"
    for mode in true false; do
      mode_case "revision 5 of 10 fails ($failure, $txn)" "$mode"
      m upgrade head
      expect_code 3
      expect_rows "$promised"
      line=7
      [ "$failure" = syntax ] && line=8
      expect_err_contains "05_$(rev_id 5).sql:$line: upgrade $(rev_id 4) -> $(rev_id 5)"
      record "$mode"
    done
    case_ "revision 5 of 10 fails ($failure, $txn): pipelined = unpipelined"
    same_outcome
  done

    # ---- revision 5 cannot join a pipeline: a COPY, or SQL the splitter cannot read ----
  for alone in copy unterminated; do
    case $alone in
      copy) REV5=$'CREATE TABLE t5 (id int);\nCOPY (SELECT 1) TO STDOUT;' ;;
      unterminated) REV5=$'CREATE TABLE t5 (id int);\nSELECT \'unterminated;' ;;
    esac
    fresh_project "$txn"
    for mode in true false; do
      mode_case "revision 5 goes alone ($alone, $txn)" "$mode"
      m upgrade head
      if [ "$alone" = copy ]; then
        expect_code 0
        expect_rows "$(rev_id 10)"
      else
        expect_code 3
        expect_rows "$promised"
        expect_err_contains "05_$(rev_id 5).sql:7: upgrade $(rev_id 4) -> $(rev_id 5)"
      fi
      record "$mode"
    done
    case_ "revision 5 goes alone ($alone, $txn): pipelined = unpipelined"
    same_outcome
  done

# ---- the connection is killed in revision 5 ----
  REV5=$'CREATE TABLE t5 (id int);\nSELECT pg_sleep(30);'
  fresh_project "$txn"
  for mode in true false; do
    mode_case "connection killed in revision 5 ($txn)" "$mode"
    start_migrate killed upgrade head
    wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%'
                 AND state = 'active' AND pid <> pg_backend_pid())" || fail "revision 5 did not start"
    # Pipelined, the server runs one statement at a time (the extended protocol); alone, the
    # revision's whole message.
    query=$(sql "$DB" "SELECT query FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%'
                       AND pid <> pg_backend_pid()")
    if [ "$mode" = true ]; then
      [ "$query" = "SELECT pg_sleep(30)" ] && pass || fail "not pipelined: the server ran '$query'"
    else
      [[ "$query" == *"CREATE TABLE t5"* ]] && pass || fail "not one message: '$query'"
    fi
    sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
               WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()" >/dev/null
    CODE=0
    wait "$BG_PID" || CODE=$?
    ERR=$(cat "$E2E_ROOT/killed.err")
    expect_code 3
    expect_rows "$promised"
    record "$mode"
  done
  case_ "connection killed in revision 5 ($txn): pipelined = unpipelined"
  same_outcome

  # ---- revision 5 meets a lock timeout: retried until the lock is free, or given up ----
  REV5="ALTER TABLE held ADD COLUMN x int;"
  for outcome in retried given_up; do
    hold=1.5 retries=3
    [ "$outcome" = given_up ] && hold=30 retries=1
    fresh_project "$txn" "lock_timeout = 300ms
lock_retries = $retries"
    for mode in true false; do
      mode_case "lock timeout in revision 5, $outcome ($txn)" "$mode"
      sql "$DB" "CREATE TABLE held (id int)"
      psql -X -q -d "$DB" -c "BEGIN; LOCK TABLE held; SELECT pg_sleep($hold); COMMIT;" >/dev/null &
      holder=$!
      wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'held'::regclass
                   AND mode = 'AccessExclusiveLock' AND granted)" || fail "the lock was not taken"
      m upgrade head
      kill "$holder" 2>/dev/null || true
      sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE query LIKE '%LOCK TABLE held%' AND pid <> pg_backend_pid()" >/dev/null
      wait "$holder" 2>/dev/null || true
      expect_err_contains "lock"
      if [ "$outcome" = retried ]; then
        expect_code 0
        expect_rows "$(rev_id 10)"
        [ "$(sql "$DB" "SELECT count(*) FROM information_schema.columns
                        WHERE table_name = 'held' AND column_name = 'x'")" = 1 ] && pass \
          || fail "revision 5's column is missing"
      else
        expect_code 3
        expect_rows "$promised"
      fi
      # The retry notes' waits carry jitter.
      ERR=$(printf '%s\n' "$ERR" | grep -v "trying again in")
      record "$mode"
    done
    case_ "lock timeout in revision 5, $outcome ($txn): pipelined = unpipelined"
    same_outcome
  done
done

# ---- a transactional: false revision in the middle (a sync point), then a failure; downgrade ----
for txn in one_transaction per_migration; do
  REV5="CREATE INDEX CONCURRENTLY t4_id ON t4 (id);"
  fresh_project "$txn"
  sed -i 's/^-- down_revision: '"$(rev_id 4)"'$/&\n-- transactional: false/' \
    "$PROJECT"/migrations/versions/05_*.sql
  sed -i 's/^CREATE TABLE t7 (id int);$/CREATE TABLE t7 (id int);\nSELECT 1 \/ 0;/' \
    "$PROJECT"/migrations/versions/07_*.sql
  promised="$(rev_id 5)"
  [ "$txn" = per_migration ] && promised="$(rev_id 6)"
  for mode in true false; do
    mode_case "transactional: false revision 5, revision 7 fails ($txn)" "$mode"
    m upgrade head
    expect_code 3
    expect_err_contains "07_$(rev_id 7).sql:7: upgrade $(rev_id 6) -> $(rev_id 7)"
    expect_rows "$promised"
    [ "$(sql "$DB" "SELECT to_regclass('t4_id') IS NOT NULL")" = t ] && pass \
      || fail "the index of the transactional: false revision is missing"
    record "$mode"
  done
  case_ "transactional: false revision 5, revision 7 fails ($txn): pipelined = unpipelined"
  same_outcome

  sed -i '/^SELECT 1 \/ 0;$/d' "$PROJECT"/migrations/versions/07_*.sql
  for mode in true false; do
    mode_case "upgrade head, then downgrade base ($txn)" "$mode"
    m upgrade head
    expect_code 0
    expect_rows "$(rev_id 10)"
    m downgrade base
    expect_code 0
    expect_rows ""
    record "$mode"
  done
  case_ "upgrade head, then downgrade base ($txn): pipelined = unpipelined"
  same_outcome
done

# ---- the applied-steps log times a pipelined step from its own start ----
REV5="SELECT pg_sleep(0.3);"
for txn in one_transaction per_migration; do
  fresh_project "$txn"
  for mode in true false; do
    mode_case "the log's duration of a 0.3 s revision ($txn)" "$mode"
    m upgrade head
    expect_code 0
    [ "$(sql "$DB" "SELECT bool_and(CASE WHEN revision = '$(rev_id 5)' THEN duration_ms >= 300
                                      ELSE duration_ms < 300 END)
                    AND count(DISTINCT started_at) = 10
                    FROM alembic_version_log")" = t ] && pass \
      || fail "durations: $(sql "$DB" "SELECT string_agg(revision || ' ' || round(duration_ms), ', ' ORDER BY id) FROM alembic_version_log")"
  done
done

# ---- round trips ----
PORT_FILE="$E2E_ROOT/proxy.port"
"$PY" "$MIGRATE_SOURCE_DIR/bench/latency_proxy.py" 0 "$PGHOST/.s.PGSQL.${PGPORT:-5432}" 0 \
  --stats "$E2E_ROOT/proxy.stats" >"$PORT_FILE" &
PROXY_PID=$!
for _ in $(seq 50); do [ -s "$PORT_FILE" ] && break; sleep 0.1; done
PROXY_PORT=$(head -1 "$PORT_FILE")
REV5="CREATE TABLE t5 (id int);"
for txn in one_transaction per_migration; do
  fresh_project "$txn"
  # 40 revisions: 11-40 as 1-10.
  for i in $(seq 11 40); do
    base=$(((i - 1) % 10 + 1))
    sed -e "s/$(rev_id "$base")/$(rev_id "$i")/; s/t$base /t$i /" \
      -e "s/^-- down_revision: .*/-- down_revision: $(rev_id $((i - 1)))/" \
      "$PROJECT/migrations/versions/$(printf '%02d' "$base")_$(rev_id "$base").sql" \
      >"$PROJECT/migrations/versions/${i}_$(rev_id "$i").sql"
  done
  for mode in true false; do
    mode_case "round trips of 40 revisions ($txn)" "$mode"
    : >"$E2E_ROOT/proxy.stats"
    m --url "postgresql://127.0.0.1:$PROXY_PORT/$DB?sslmode=disable" upgrade head
    expect_code 0
    expect_rows "$(rev_id 40)"
    for _ in $(seq 50); do [ -s "$E2E_ROOT/proxy.stats" ] && break; sleep 0.1; done
    eval "turns_$mode=$(awk '{ n += $2 } END { print n + 0 }' "$E2E_ROOT/proxy.stats")"
  done
  # Unpipelined, one per revision; pipelined, a constant (about 10, more when the pipeline
  # leaves the client in several writes while answers arrive): at most half.
  case_ "round trips of 40 revisions ($txn): one per revision unpipelined, far fewer pipelined"
  # shellcheck disable=SC2154 # set by eval above
  [ "$turns_true" -gt 0 ] && [ "$turns_false" -ge 40 ] && [ $((2 * turns_true)) -le "$turns_false" ] \
    && pass || fail "pipelined $turns_true round trips, unpipelined $turns_false"
  echo "round trips ($txn): pipelined $turns_true, unpipelined $turns_false"
done
kill "$PROXY_PID" 2>/dev/null || true

finish
