#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The floor of the no-op autogenerate workloads: loading schema.sql once into a fresh database
# with psql, the least work that reads the declared schema into a server at all.
# usage: floor_load.sh SCHEMA_SQL   (PGHOST/PGPORT set by pg-sandbox; the suite drops the
# database bench_floor_load afterwards, untimed)
set -euo pipefail
export PGOPTIONS='-c client_min_messages=warning'
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE bench_floor_load TEMPLATE template0" >/dev/null
psql -X -q -1 -v ON_ERROR_STOP=1 -d bench_floor_load -f "$1" >/dev/null
