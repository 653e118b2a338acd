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

# Round trips are counted on the server: with log_statement = all for the role every client
# uses (so it also covers the scratch databases autogenerate creates), every simple-query message
# logs one "statement:" entry and every extended-protocol execution one "execute" entry, whatever
# the number of SQL statements the message holds. bench/lib/trips.py counts them. A pipeline is
# not visible in the log: every statement of a pipelined migrate run (docs/pipelining.md) is an
# "execute" entry, so this counts its statements; bench/latency's proxy counts real round trips.
# count_round_trips WORKLOAD CONTENDER CMD...: runs CMD once with logging on, appends the count
# (with $BENCH_CATALOG=1, also how many entries read the system catalogs).
count_round_trips() {
  local workload=$1 contender=$2
  shift 2
  local before count status=0
  bench_psql -c "ALTER ROLE CURRENT_USER SET log_statement = 'all'"
  before=$(wc -l <"$BENCH_SERVER_LOG")
  "$@" >/dev/null 2>"$BENCH_TMP/last.err" || status=$?
  if [ "$status" -eq "${BENCH_EXPECT:-0}" ]; then
    sleep 0.2 # let the server flush its log
    count=$(/usr/bin/python3 "$BENCH_DIR/lib/trips.py" "$BENCH_SERVER_LOG" "$((before + 1))" \
      ${BENCH_CATALOG:+--catalog})
    printf '%s\t%s\t%s\n' "$workload" "$contender" "$count" >>"$BENCH_TRIPS"
  else
    printf '%s\t%s\t%s\n' "$workload" "$contender" "FAIL" >>"$BENCH_TRIPS"
  fi
  # Sessions that started before the RESET are over, so no later statement is logged.
  bench_psql -c "ALTER ROLE CURRENT_USER RESET log_statement" 2>/dev/null || true
}

bench_psql() {
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@" >/dev/null
}
