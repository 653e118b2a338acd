#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The floor of the autogenerate workloads: the physical work any tool must do to compare the
# revisions with a declared schema without touching the target database.
# usage: floor_autogen.sh W   (W from `bench/gen.py schema N W`; PGHOST/PGPORT set by pg-sandbox)
#
# Two scratch databases; the revisions' SQL replayed into one, schema.sql loaded into the other,
# each in one transaction; the schema of both read back by pg_dump --schema-only (the catalog
# reading); both dropped. What it leaves out is the diff itself and migrate's check that its
# upgrade and downgrade reproduce both states.
set -euo pipefail
W=$1
a=bench_floor_current b=bench_floor_desired
sql() { psql -X -q -v ON_ERROR_STOP=1 "$@" >/dev/null; }
export PGOPTIONS='-c client_min_messages=warning'
sql -d postgres -c "CREATE DATABASE $a TEMPLATE template0" -c "CREATE DATABASE $b TEMPLATE template0"
sql -1 -d "$a" -f "$W/floor_revisions.sql"
sql -1 -d "$b" -f "$W/migrate/schema.sql"
pg_dump --schema-only -d "$a" >/dev/null
pg_dump --schema-only -d "$b" >/dev/null
sql -d postgres -c "DROP DATABASE $a" -c "DROP DATABASE $b"
