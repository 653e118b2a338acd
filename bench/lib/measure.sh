# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Timing helpers sourced by bench/lib/suite.sh: one timed run, and round-trip counting from the server log.

# measure WORKLOAD CONTENDER CMD...: runs CMD once (stdout discarded) and appends
# "workload<TAB>contender<TAB>wall_ms<TAB>cpu_ms<TAB>peak_rss_kib" to $BENCH_RESULTS.
# Wall time comes from bash's microsecond clock (GNU time only has 10 ms resolution); CPU time
# (user + system) and peak RSS come from /usr/bin/time. A run whose exit status is not
# $BENCH_EXPECT (default 0; `check` exits 1 when it finds changes) is recorded as "FAIL".
measure() {
  local workload=$1 contender=$2
  shift 2
  local tfile="$BENCH_TMP/time.out" t0 t1 status=0
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$tfile" "$@" >/dev/null 2>"$BENCH_TMP/last.err" || status=$?
  t1=$EPOCHREALTIME
  if [ "$status" -ne "${BENCH_EXPECT:-0}" ]; then
    echo "  ! $workload / $contender failed (exit $status):" >&2
    tail -n 5 "$BENCH_TMP/last.err" >&2
    printf '%s\t%s\tFAIL\tFAIL\tFAIL\n' "$workload" "$contender" >>"$BENCH_RESULTS"
    return 0
  fi
  local user sys rss
  read -r user sys rss < <(tail -n 1 "$tfile")
  awk -v w="$workload" -v c="$contender" -v t0="$t0" -v t1="$t1" -v u="$user" -v s="$sys" -v r="$rss" \
    'BEGIN { printf "%s\t%s\t%.2f\t%.0f\t%d\n", w, c, (t1 - t0) * 1000, (u + s) * 1000, r }' \
    >>"$BENCH_RESULTS"
}

# Round trips are counted by bench/latency_proxy.py, which suite.sh starts in front of the server
# with no delay: for the counting run, the command's connections go through it (PGHOST/PGPORT,
# DATABASE_URL and ALEMBIC_TEST_URL in its environment, URL_DBMATE when run_workload evaluates
# it), and a round trip is the client sending after the server answered, so a pipeline
# (docs/pipelining.md) counts once, as on a real network. With $BENCH_CATALOG=1 the server log
# (log_statement = all, bench/lib/trips.py) also tells how many statements read the system
# catalogs: "N (M catalog)".
# count_round_trips WORKLOAD CONTENDER CMD...: runs CMD once through the proxy, appends the count.
count_round_trips() {
  local workload=$1 contender=$2
  shift 2
  local before=0 count status=0 catalog
  if [ -n "${BENCH_CATALOG:-}" ]; then
    bench_psql -c "ALTER ROLE CURRENT_USER SET log_statement = 'all'"
    before=$(wc -l <"$BENCH_SERVER_LOG")
  fi
  : >"$BENCH_PROXY_STATS"
  env PGHOST=127.0.0.1 PGPORT="$BENCH_PROXY_PORT" PGSSLMODE=disable \
    DATABASE_URL="$URL_PROXY" ALEMBIC_TEST_URL="$URL_PROXY" \
    "$@" >/dev/null 2>"$BENCH_TMP/last.err" || status=$?
  if [ "$status" -eq "${BENCH_EXPECT:-0}" ]; then
    sleep 0.3 # the proxy writes a connection's count when it closes; the server flushes its log
    count=$(awk '{ n += $2 } END { print n + 0 }' "$BENCH_PROXY_STATS")
    if [ -n "${BENCH_CATALOG:-}" ]; then
      catalog=$(/usr/bin/python3 "$BENCH_DIR/lib/trips.py" "$BENCH_SERVER_LOG" "$((before + 1))" \
        --catalog | sed -E 's/^[0-9]+ \(([0-9]+) catalog\)$/\1/')
      count="$count ($catalog catalog)"
    fi
    printf '%s\t%s\t%s\n' "$workload" "$contender" "$count" >>"$BENCH_TRIPS"
  else
    printf '%s\t%s\t%s\n' "$workload" "$contender" "FAIL" >>"$BENCH_TRIPS"
  fi
  if [ -n "${BENCH_CATALOG:-}" ]; then
    # Sessions that started before the RESET are over, so no later statement is logged.
    bench_psql -c "ALTER ROLE CURRENT_USER RESET log_statement" 2>/dev/null || true
  fi
}

bench_psql() {
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@" >/dev/null
}
