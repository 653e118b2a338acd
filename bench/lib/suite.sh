#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The benchmark proper, run by bench/run inside scripts/pg-sandbox (PGHOST/PGPORT point at the server).
# Environment from bench/run: BENCH_DIR, BENCH_TMP, MIGRATE_BIN, DBMATE_BIN (empty: skipped),
# ALEMBIC_OK (1 or 0), PEER_CAP (1: the per-workload caps below), BENCH_WORKLOADS (groups to
# run), BENCH_SIZES, BENCH_RO_SIZES, BENCH_AG_SIZES, BENCH_AG_NOOP_SIZES, BENCH_MEM_SIZES, BENCH_BODY_KB, BENCH_REPS,
# BENCH_SLOW_REPS, BENCH_REPORT.
set -euo pipefail
: "${BENCH_DIR:?}" "${BENCH_TMP:?}" "${MIGRATE_BIN:?}" "${ALEMBIC_OK:?}" "${PEER_CAP:?}"
: "${BENCH_REPS:?}" "${BENCH_SLOW_REPS:?}" "${BENCH_REPORT:?}" "${BENCH_WORKLOADS:?}"

export BENCH_DB=b
export BENCH_RESULTS="$BENCH_TMP/results.tsv"
export BENCH_TRIPS="$BENCH_TMP/trips.tsv"
export BENCH_NOTES="$BENCH_TMP/notes.tsv"
export BENCH_SERVER_LOG="$PGHOST/server.log"
: >"$BENCH_RESULTS"
: >"$BENCH_TRIPS"
: >"$BENCH_NOTES"
# shellcheck source=bench/lib/measure.sh
source "$BENCH_DIR/lib/measure.sh"

PY=/usr/bin/python3
ALEMBIC_PROJECT="$BENCH_DIR/../tests/e2e/alembic_project.py"
URL_PG="postgresql:///$BENCH_DB?host=$PGHOST&port=$PGPORT"
# dbmate reaches the socket through its "socket" parameter (used in the eval'd commands).
# shellcheck disable=SC2034
URL_DBMATE="postgres://postgres@:$PGPORT/$BENCH_DB?socket=$PGHOST&sslmode=disable"
export DATABASE_URL="$URL_PG" ALEMBIC_TEST_URL="$URL_PG"

# The round-trip counter (bench/lib/measure.sh, count_round_trips): the latency proxy, no delay.
export BENCH_PROXY_STATS="$BENCH_TMP/proxy.stats"
$PY "$BENCH_DIR/latency_proxy.py" 0 "$PGHOST/.s.PGSQL.$PGPORT" 0 --stats "$BENCH_PROXY_STATS" \
  >"$BENCH_TMP/proxy.port" &
BENCH_PROXY_PID=$!
trap 'kill "$BENCH_PROXY_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$BENCH_TMP/proxy.port" ] && break; sleep 0.1; done
BENCH_PROXY_PORT=$(head -1 "$BENCH_TMP/proxy.port")
export BENCH_PROXY_PORT
export URL_PROXY="postgresql://127.0.0.1:$BENCH_PROXY_PORT/$BENCH_DB?sslmode=disable"
# shellcheck disable=SC2034
URL_DBMATE_PROXY="postgres://postgres@127.0.0.1:$BENCH_PROXY_PORT/$BENCH_DB?sslmode=disable"

# Log entries start with a timestamp (bench/lib/trips.py splits entries on it) and name the database.
bench_psql -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] db=%d '" -c "SELECT pg_reload_conf()"

# note WORKLOAD TEXT: printed now and kept under the workload's table in the report ("" for a
# note on the whole run).
note() {
  echo "bench: note: ${1:+$1: }$2" >&2
  printf '%s\t%s\n' "$1" "$2" >>"$BENCH_NOTES"
}

# wants GROUP: whether BENCH_WORKLOADS names the group.
wants() { [[ " $BENCH_WORKLOADS " == *" $1 "* ]]; }

# fresh_db [TEMPLATE]: the benchmark database, empty or copied from TEMPLATE.
fresh_db() {
  bench_psql -c "DROP DATABASE IF EXISTS $BENCH_DB" \
    -c "CREATE DATABASE $BENCH_DB TEMPLATE ${1:-template0}"
}

# make_template NAME CMD...: a database NAME left as CMD leaves the benchmark database.
make_template() {
  local name=$1
  shift
  fresh_db
  "$@" >/dev/null 2>"$BENCH_TMP/last.err" || {
    cat "$BENCH_TMP/last.err" >&2
    return 1
  }
  bench_psql -c "DROP DATABASE IF EXISTS $name" -c "ALTER DATABASE $BENCH_DB RENAME TO $name"
}

# Contenders: each is "NAME|TEMPLATE|CMD[|AFTER|EXPECT|RUNS|TRIPS]":
#   TEMPLATE  the database each run starts from ("-": the benchmark database is left as it is,
#             for commands that do not change it)
#   AFTER     a command run after each run, untimed (e.g. removing the revision file it wrote)
#   EXPECT    the exit status of a successful run (default 0)
#   RUNS      at most this many timed runs (a cap for a slow peer; default: all)
#   TRIPS     "no": no extra run to count round trips (for offline commands: there are none)
# run_workload WORKLOAD REPS CONTENDER...: A B C A B C ... with a fresh database before each run,
# then one more run per contender through the round-trip counter.
run_workload() {
  local workload=$1 reps=$2
  shift 2
  echo "== $workload ($reps runs each, fewer where capped)" >&2
  local rep spec name template cmd after expect runs trips
  for rep in $(seq 1 "$reps"); do
    for spec in "$@"; do
      IFS='|' read -r name template cmd after expect runs trips <<<"$spec"
      [ -n "$runs" ] && [ "$rep" -gt "$runs" ] && continue
      [ "$template" = - ] || fresh_db "$template"
      BENCH_EXPECT=${expect:-0}
      eval "measure \"\$workload\" \"\$name\" $cmd"
      [ -z "$after" ] || eval "$after"
    done
  done
  for spec in "$@"; do
    IFS='|' read -r name template cmd after expect runs trips <<<"$spec"
    [ "$trips" = no ] && continue
    [ "$template" = - ] || fresh_db "$template"
    BENCH_EXPECT=${expect:-0}
    # dbmate's URL is a command-line argument: through the proxy for this run.
    local url_dbmate=$URL_DBMATE
    URL_DBMATE=$URL_DBMATE_PROXY
    eval "count_round_trips \"\$workload\" \"\$name\" $cmd"
    URL_DBMATE=$url_dbmate
    [ -z "$after" ] || eval "$after"
  done
}

# Commands, as strings evaluated in run_workload ($W is the workload directory).
migrate_cmd() { echo "$MIGRATE_BIN -c \$W/migrate/$1 $2"; }
alembic_cmd() { echo "env ALEMBIC_PER_MIGRATION=$1 $PY $ALEMBIC_PROJECT --run -c \$W/alembic/alembic.ini $2"; }
dbmate_cmd() { echo "$DBMATE_BIN --url \$URL_DBMATE --migrations-dir \$W/dbmate --no-dump-schema $1"; }

peer_note="peers capped to 1 run, round trips not counted (bench/run --no-cap lifts it)"
wants upgrade && for n in $BENCH_SIZES; do
  W="$BENCH_TMP/linear_$n"
  echo "-- generating $n linear revisions" >&2
  $PY "$BENCH_DIR/gen.py" linear "$n" "$W"
  printf '[alembic]\nscript_location = %%(here)s\ntransaction_per_migration = true\n' \
    >"$W/migrate/tpm.ini"
  $PY "$ALEMBIC_PROJECT" "$W/migrate/versions" "$W/alembic"
  reps=$BENCH_REPS
  [ "$n" -ge 5000 ] && reps=$BENCH_SLOW_REPS
  # The peers' ratios and round trips per revision are plain at 1,000 already; at 5,000 they cost
  # 10-20 s a run, so the cap times them once and does not count their round trips again.
  peer=""
  if [ "$PEER_CAP" = 1 ] && [ "$n" -ge 5000 ]; then
    peer="|||1|no"
  fi

  workload="upgrade head, $n revs, one transaction"
  set -- "floor: psql -1 -f|template0|psql -X -q -v ON_ERROR_STOP=1 -1 -d $BENCH_DB -f \$W/floor_single.sql" \
    "migrate|template0|$(migrate_cmd alembic.ini 'upgrade head')"
  [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|template0|$(alembic_cmd 0 'upgrade head')$peer"
  [ -n "$DBMATE_BIN" ] && set -- "$@" "dbmate (per-rev tx)|template0|$(dbmate_cmd up)$peer"
  [ -n "$peer" ] && [ $# -gt 2 ] && note "$workload" "$peer_note"
  run_workload "$workload" "$reps" "$@"

  workload="upgrade head, $n revs, transaction_per_migration"
  set -- "floor: psql, 1 msg per rev|template0|psql -X -q -v ON_ERROR_STOP=1 -d $BENCH_DB -f \$W/floor_per_rev.sql" \
    "migrate|template0|$(migrate_cmd tpm.ini 'upgrade head')"
  [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|template0|$(alembic_cmd 1 'upgrade head')$peer"
  [ -n "$DBMATE_BIN" ] && set -- "$@" "dbmate|template0|$(dbmate_cmd up)$peer"
  [ -n "$peer" ] && [ $# -gt 2 ] && note "$workload" "$peer_note"
  run_workload "$workload" "$reps" "$@"

  # Downgrade starts from a database at head, made once by migrate (Alembic shares its table).
  workload="downgrade base, $n revs"
  make_template "at_head_$n" "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" upgrade head
  set -- "floor: psql -1 -f|at_head_$n|psql -X -q -v ON_ERROR_STOP=1 -1 -d $BENCH_DB -f \$W/floor_down.sql" \
    "migrate|at_head_$n|$(migrate_cmd alembic.ini 'downgrade base')"
  [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|at_head_$n|$(alembic_cmd 0 'downgrade base')$peer"
  [ -n "$peer" ] && [ $# -gt 2 ] && note "$workload" "$peer_note"
  run_workload "$workload" "$reps" "$@"
done

# Alembic's history and current are super-linear in the number of revisions (on 10,000: 20-42 s
# and 55-85 s a run, upgrade head --sql 21 s, heads 2 s), so above this size the cap runs it once
# for heads and upgrade head --sql only.
ALEMBIC_RO_FULL=1000

wants readonly && for n in $BENCH_RO_SIZES; do
  W="$BENCH_TMP/graph_$n"
  echo "-- generating $n revisions with branches and merges" >&2
  $PY "$BENCH_DIR/gen.py" graph "$n" "$W"
  $PY "$ALEMBIC_PROJECT" "$W/migrate/versions" "$W/alembic"
  # `current` reads a database stamped at head.
  make_template "stamped_$n" "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" stamp head
  fresh_db "stamped_$n"
  reps=$BENCH_REPS
  for command in heads history current "upgrade head --sql"; do
    workload="$command, $n revs (graph)"
    # The floor of a read-only command: reading the revision files (or the version row).
    # Offline commands make no round trips, so those are counted for migrate only (a check).
    label="floor: read the files" floor="cat \$W/migrate/versions/*" trips=no
    if [ "$command" = current ]; then
      label="floor: psql SELECT" trips=""
      floor="psql -X -q -d $BENCH_DB -c 'SELECT version_num FROM alembic_version'"
    fi
    set -- "$label|-|$floor||||$trips" \
      "migrate|-|$(migrate_cmd alembic.ini "$command")"
    if [ "$ALEMBIC_OK" = 1 ]; then
      if [ "$PEER_CAP" = 0 ] || [ "$n" -le "$ALEMBIC_RO_FULL" ]; then
        set -- "$@" "alembic 1.8|-|$(alembic_cmd 0 "$command")||||$trips"
      elif [ "$command" = heads ] || [ "$command" = "upgrade head --sql" ]; then
        set -- "$@" "alembic 1.8|-|$(alembic_cmd 0 "$command")|||1|$trips"
        note "$workload" "Alembic capped to 1 run, above $ALEMBIC_RO_FULL revisions (bench/run --no-cap lifts it)"
      else
        note "$workload" "Alembic skipped: its $command is super-linear, 20-85 s a run on 10,000 revisions (bench/run --no-cap runs it)"
      fi
    fi
    run_workload "$workload" "$reps" "$@"
  done
done

# Autogenerate: a database at head of revisions that create N tables, and a schema.sql with 20
# changes. Both commands compare the replayed revisions with schema.sql in scratch databases.
wants autogenerate && for n in $BENCH_AG_SIZES; do
  W="$BENCH_TMP/schema_$n"
  echo "-- generating $n tables and a schema.sql with 20 changes" >&2
  $PY "$BENCH_DIR/gen.py" schema "$n" "$W"
  $PY "$ALEMBIC_PROJECT" "$W/migrate/versions" "$W/alembic"
  cp "$W/alembic_models.py" "$W/alembic/models.py"
  cp "$W/alembic_script.py.mako" "$W/alembic/script.py.mako"
  make_template "schema_$n" "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" upgrade head
  fresh_db "schema_$n"
  # `check` exits 1 both for "changes found" (what is measured) and for "not at head": make
  # sure it is the first before timing it.
  if "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" check >"$BENCH_TMP/check.out" 2>&1 ||
    ! grep -q "New upgrade operations detected" "$BENCH_TMP/check.out"; then
    note "" "autogenerate on $n tables skipped: migrate check did not report the changes: $(head -c 300 "$BENCH_TMP/check.out")"
    continue
  fi
  reps=$BENCH_REPS
  [ "$n" -ge 1000 ] && reps=$BENCH_SLOW_REPS
  floor="floor: 2 scratch DBs + pg_dump -s|-|bash $BENCH_DIR/lib/floor_autogen.sh \$W"
  # The generated revision is removed after each run (untimed), so every run sees the same project.
  rm_rev="rm -f \$W/migrate/versions/ffffffffffff_* \$W/alembic/versions/ffffffffffff_*"
  # Round trips are counted on every database (scratch ones included), with how many read the catalogs.
  export BENCH_CATALOG=1

  workload="revision --autogenerate, $n tables, 20 changes"
  set -- "$floor" \
    "migrate|-|$(migrate_cmd alembic.ini 'revision --autogenerate -m bench --rev-id ffffffffffff')|$rm_rev"
  if [ "$ALEMBIC_OK" = 1 ]; then
    # Alembic compares the live database with models.py (no scratch databases); it takes ~9 s
    # a run on 1,000 tables.
    runs=""
    if [ "$PEER_CAP" = 1 ] && [ "$n" -ge 1000 ]; then
      runs=1
      note "$workload" "Alembic capped to 1 run (bench/run --no-cap lifts it)"
    fi
    set -- "$@" "alembic 1.8|-|$(alembic_cmd 0 'revision --autogenerate -m bench --rev-id ffffffffffff')|$rm_rev||$runs"
  fi
  run_workload "$workload" "$reps" "$@"

  workload="check, $n tables, 20 changes"
  set -- "$floor" "migrate|-|$(migrate_cmd alembic.ini check)||1"
  [ "$ALEMBIC_OK" = 1 ] && note "$workload" "no Alembic row: Alembic 1.8 has no check command (it came in 1.9)"
  run_workload "$workload" "$reps" "$@"
  unset BENCH_CATALOG
done

# No-op autogenerate: schema.sql equals what the revisions make. The floor is loading schema.sql
# once into a fresh database with psql (the database is dropped afterwards, untimed).
wants autogenerate && for n in $BENCH_AG_NOOP_SIZES; do
  W="$BENCH_TMP/noop_$n"
  echo "-- generating $n tables and a schema.sql equal to them" >&2
  $PY "$BENCH_DIR/gen.py" schema-noop "$n" "$W"
  # The same project with the cache off: what a first run (or one after a change) costs.
  sed 's/^\[alembic\]$/[alembic]\nautogenerate_cache = false/' "$W/migrate/alembic.ini" >"$W/migrate/nocache.ini"
  make_template "noop_$n" "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" upgrade head
  fresh_db "noop_$n"
  if ! "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" check >"$BENCH_TMP/check.out" 2>&1; then
    note "" "no-op autogenerate on $n tables skipped: migrate check found changes: $(head -c 300 "$BENCH_TMP/check.out")"
    continue
  fi
  reps=$BENCH_REPS
  floor="floor: load schema.sql once (psql -1 -f)|-|bash $BENCH_DIR/lib/floor_load.sh \$W/migrate/schema.sql|bench_psql -c 'DROP DATABASE bench_floor_load'"
  export BENCH_CATALOG=1
  workload="revision --autogenerate, $n tables, no changes"
  run_workload "$workload" "$reps" "$floor" \
    "migrate|-|$(migrate_cmd alembic.ini 'revision --autogenerate -m bench --rev-id ffffffffffff')" \
    "migrate, autogenerate_cache = false|-|$(migrate_cmd nocache.ini 'revision --autogenerate -m bench --rev-id ffffffffffff')"
  workload="check, $n tables, no changes"
  run_workload "$workload" "$reps" "$floor" "migrate|-|$(migrate_cmd alembic.ini check)" \
    "migrate, autogenerate_cache = false|-|$(migrate_cmd nocache.ini check)"
  unset BENCH_CATALOG
done

# Memory: the same revision count with tiny and with padded upgrade bodies. A tool that loads
# bodies lazily has the same peak RSS for both; one that keeps them grows by the bodies' size.
# Alembic's peak RSS is a reference here, and one run shows it (0.3-3 s a run on 1,000 revisions).
mem_peer_runs=""
[ "$PEER_CAP" = 1 ] && mem_peer_runs=1
wants memory && for n in $BENCH_MEM_SIZES; do
  for kb in $BENCH_BODY_KB; do
    W="$BENCH_TMP/memory_${n}_$kb"
    size="$kb KiB bodies"
    [ "$kb" = 0 ] && size="tiny bodies"
    echo "-- generating $n linear revisions with $size" >&2
    $PY "$BENCH_DIR/gen.py" linear "$n" "$W" --body-kb "$kb"
    $PY "$ALEMBIC_PROJECT" "$W/migrate/versions" "$W/alembic"
    for command in heads "upgrade head --sql"; do
      set -- "floor: read the files|-|cat \$W/migrate/versions/*||||no" \
        "migrate|-|$(migrate_cmd alembic.ini "$command")||||no"
      [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|-|$(alembic_cmd 0 "$command")|||$mem_peer_runs|no"
      run_workload "$command, $n revs, $size (memory)" "$BENCH_REPS" "$@"
    done
  done
done
[ "$ALEMBIC_OK" = 1 ] && [ -n "$mem_peer_runs" ] && wants memory &&
  note "" "memory workloads: Alembic runs once each, a reference for peak RSS (bench/run --no-cap lifts it)"

# Start-up cost alone.
if wants version; then
  W=$BENCH_TMP
  set -- "floor: /bin/true|-|/bin/true||||no" "migrate|-|$MIGRATE_BIN --version||||no"
  [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|-|$PY $ALEMBIC_PROJECT --run --version||||no"
  [ -n "$DBMATE_BIN" ] && set -- "$@" "dbmate|-|$DBMATE_BIN --version||||no"
  run_workload "--version" "$((BENCH_REPS * 4))" "$@"
fi

$PY "$BENCH_DIR/lib/report.py" "$BENCH_RESULTS" "$BENCH_TRIPS" "$BENCH_NOTES" >"$BENCH_REPORT"
cat "$BENCH_REPORT"
