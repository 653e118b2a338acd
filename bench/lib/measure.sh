# SPDX-License-Identifier: MIT
# Timing helpers sourced by bench/lib/suite.sh: one timed run, and round-trip counting from the server log.

# measure WORKLOAD CONTENDER CMD...: runs CMD once (stdout discarded) and appends
# "workload<TAB>contender<TAB>wall_ms<TAB>cpu_ms<TAB>peak_rss_kib" to $BENCH_RESULTS.
# Wall time comes from bash's microsecond clock (GNU time only has 10 ms resolution); CPU time
# (user + system) and peak RSS come from /usr/bin/time. A failing run is recorded as "FAIL".
measure() {
  local workload=$1 contender=$2
  shift 2
  local tfile="$BENCH_TMP/time.out" t0 t1 status=0
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$tfile" "$@" >/dev/null 2>"$BENCH_TMP/last.err" || status=$?
  t1=$EPOCHREALTIME
  if [ "$status" -ne 0 ]; then
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

# Round trips are counted on the server: with log_statement = all for the benchmark database,
# every simple-query message logs one "statement:" line and every extended-protocol execution one
# "execute" line, whatever the number of SQL statements the message holds.
# count_round_trips WORKLOAD CONTENDER CMD...: runs CMD once with logging on, appends the count.
count_round_trips() {
  local workload=$1 contender=$2
  shift 2
  local before after
  bench_psql -c "ALTER DATABASE $BENCH_DB SET log_statement = 'all'"
  before=$(wc -l <"$BENCH_SERVER_LOG")
  if "$@" >/dev/null 2>"$BENCH_TMP/last.err"; then
    sleep 0.2 # let the server flush its log
    after=$(tail -n +"$((before + 1))" "$BENCH_SERVER_LOG" |
      grep -c -E "db=$BENCH_DB .*LOG:  (statement|execute [^:]*):" || true)
    printf '%s\t%s\t%s\n' "$workload" "$contender" "$after" >>"$BENCH_TRIPS"
  else
    printf '%s\t%s\t%s\n' "$workload" "$contender" "FAIL" >>"$BENCH_TRIPS"
  fi
  bench_psql -c "ALTER DATABASE $BENCH_DB RESET log_statement" 2>/dev/null || true
}

bench_psql() {
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@" >/dev/null
}
