#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The benchmark proper, run by bench/run inside scripts/pg-sandbox (PGHOST/PGPORT point at the server).
# Environment from bench/run: BENCH_DIR, BENCH_TMP, MIGRATE_BIN, DBMATE_BIN (empty: skipped),
# ALEMBIC_OK (1 or 0), BENCH_SIZES, BENCH_RO_SIZES, BENCH_REPS, BENCH_SLOW_REPS, BENCH_REPORT.
set -euo pipefail

export BENCH_DB=b
export BENCH_RESULTS="$BENCH_TMP/results.tsv"
export BENCH_TRIPS="$BENCH_TMP/trips.tsv"
export BENCH_SERVER_LOG="$PGHOST/server.log"
: >"$BENCH_RESULTS"
: >"$BENCH_TRIPS"
# shellcheck source=bench/lib/measure.sh
source "$BENCH_DIR/lib/measure.sh"

PY=/usr/bin/python3
ALEMBIC_PROJECT="$BENCH_DIR/../tests/e2e/alembic_project.py"
URL_PG="postgresql:///$BENCH_DB?host=$PGHOST&port=$PGPORT"
# dbmate reaches the socket through its "socket" parameter.
URL_DBMATE="postgres://postgres@:$PGPORT/$BENCH_DB?socket=$PGHOST&sslmode=disable"
export DATABASE_URL="$URL_PG" ALEMBIC_TEST_URL="$URL_PG"

# Round trips are told apart per database in the server log.
bench_psql -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] db=%d '" -c "SELECT pg_reload_conf()"

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

# Contenders: each is "NAME|TEMPLATE|CMD" where TEMPLATE is the database each run starts from
# ("-": the benchmark database is left as it is, for read-only commands).
# run_workload WORKLOAD REPS CONTENDER...: A B C A B C ... with a fresh database before each run,
# then one more run per contender with statement logging to count round trips.
run_workload() {
  local workload=$1 reps=$2
  shift 2
  echo "== $workload ($reps runs each)" >&2
  local rep spec name template cmd
  for rep in $(seq 1 "$reps"); do
    for spec in "$@"; do
      IFS='|' read -r name template cmd <<<"$spec"
      [ "$template" = - ] || fresh_db "$template"
      eval "measure \"\$workload\" \"\$name\" $cmd"
    done
  done
  for spec in "$@"; do
    IFS='|' read -r name template cmd <<<"$spec"
    [ "$template" = - ] || fresh_db "$template"
    eval "count_round_trips \"\$workload\" \"\$name\" $cmd"
  done
}

# Commands, as strings evaluated in run_workload ($W is the workload directory).
migrate_cmd() { echo "$MIGRATE_BIN -c \$W/migrate/$1 $2"; }
alembic_cmd() { echo "env ALEMBIC_PER_MIGRATION=$1 $PY $ALEMBIC_PROJECT --run -c \$W/alembic/alembic.ini $2"; }
dbmate_cmd() { echo "$DBMATE_BIN --url \$URL_DBMATE --migrations-dir \$W/dbmate --no-dump-schema $1"; }

for n in $BENCH_SIZES; do
  W="$BENCH_TMP/linear_$n"
  echo "-- generating $n linear revisions" >&2
  $PY "$BENCH_DIR/gen.py" linear "$n" "$W"
  printf '[alembic]\nscript_location = %%(here)s\ntransaction_per_migration = true\n' \
    >"$W/migrate/tpm.ini"
  $PY "$ALEMBIC_PROJECT" "$W/migrate/versions" "$W/alembic"
  reps=$BENCH_REPS
  [ "$n" -ge 5000 ] && reps=$BENCH_SLOW_REPS

  set -- "floor: psql -1 -f|template0|psql -X -q -v ON_ERROR_STOP=1 -1 -d $BENCH_DB -f \$W/floor_single.sql" \
    "migrate|template0|$(migrate_cmd alembic.ini 'upgrade head')"
  [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|template0|$(alembic_cmd 0 'upgrade head')"
  [ -n "$DBMATE_BIN" ] && set -- "$@" "dbmate (per-rev tx)|template0|$(dbmate_cmd up)"
  run_workload "upgrade head, $n revs, one transaction" "$reps" "$@"

  set -- "floor: psql, 1 msg per rev|template0|psql -X -q -v ON_ERROR_STOP=1 -d $BENCH_DB -f \$W/floor_per_rev.sql" \
    "migrate|template0|$(migrate_cmd tpm.ini 'upgrade head')"
  [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|template0|$(alembic_cmd 1 'upgrade head')"
  [ -n "$DBMATE_BIN" ] && set -- "$@" "dbmate|template0|$(dbmate_cmd up)"
  run_workload "upgrade head, $n revs, transaction_per_migration" "$reps" "$@"

  # Downgrade starts from a database at head, made once by migrate (Alembic shares its table).
  make_template "at_head_$n" "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" upgrade head
  set -- "floor: psql -1 -f|at_head_$n|psql -X -q -v ON_ERROR_STOP=1 -1 -d $BENCH_DB -f \$W/floor_down.sql" \
    "migrate|at_head_$n|$(migrate_cmd alembic.ini 'downgrade base')"
  [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|at_head_$n|$(alembic_cmd 0 'downgrade base')"
  run_workload "downgrade base, $n revs" "$reps" "$@"
done

for n in $BENCH_RO_SIZES; do
  W="$BENCH_TMP/graph_$n"
  echo "-- generating $n revisions with branches and merges" >&2
  $PY "$BENCH_DIR/gen.py" graph "$n" "$W"
  $PY "$ALEMBIC_PROJECT" "$W/migrate/versions" "$W/alembic"
  # `current` reads a database stamped at head.
  make_template "stamped_$n" "$MIGRATE_BIN" -c "$W/migrate/alembic.ini" stamp head
  fresh_db "stamped_$n"
  reps=$BENCH_REPS
  for command in heads history current "upgrade head --sql"; do
    # The floor of a read-only command: reading the revision files (or the version row).
    label="floor: read the files" floor="cat \$W/migrate/versions/*"
    if [ "$command" = current ]; then
      label="floor: psql SELECT"
      floor="psql -X -q -d $BENCH_DB -c 'SELECT version_num FROM alembic_version'"
    fi
    set -- "$label|-|$floor" \
      "migrate|-|$(migrate_cmd alembic.ini "$command")"
    [ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|-|$(alembic_cmd 0 "$command")"
    run_workload "$command, $n revs (graph)" "$reps" "$@"
  done
done

# Start-up cost alone.
W=$BENCH_TMP
set -- "floor: /bin/true|-|/bin/true" "migrate|-|$MIGRATE_BIN --version"
[ "$ALEMBIC_OK" = 1 ] && set -- "$@" "alembic 1.8|-|$PY $ALEMBIC_PROJECT --run --version"
[ -n "$DBMATE_BIN" ] && set -- "$@" "dbmate|-|$DBMATE_BIN --version"
run_workload "--version" "$((BENCH_REPS * 4))" "$@"

$PY "$BENCH_DIR/lib/report.py" "$BENCH_RESULTS" "$BENCH_TRIPS" >"$BENCH_REPORT"
cat "$BENCH_REPORT"
