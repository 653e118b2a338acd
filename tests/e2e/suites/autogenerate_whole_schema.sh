# The whole-schema check of revision --autogenerate and check: a difference in something the
# planner does not model (extended statistics, row level security, privileges, UNLOGGED, storage
# parameters) is refused with the differing pg_dump lines, never passed over as "no changes";
# the same schema spelt differently still needs no revision.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

ROLE="e2e_whole_$$"
psql -X -q -d postgres -c "CREATE ROLE $ROLE LOGIN CREATEDB SUPERUSER" >/dev/null
DEV_URL="postgresql:///postgres?host=$PGHOST&port=$PGPORT&user=$ROLE"
cleanup_role() {
  cleanup_databases
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1 || true
}
trap cleanup_role EXIT

BASE='create table t (id int primary key, a int, b int);'

empty_dir
m init migrations >/dev/null
sed -i "s|^\[alembic\]$|[alembic]\ndev_url = ${DEV_URL//&/\\&}|" alembic.ini
new_database
printf '%s\n' "$BASE" >migrations/schema.sql
m revision --autogenerate -m "base" --rev-id a1
m upgrade head

case_ "the base schema is generated, applied and clean"
m check
expect_code 0
expect_out "No new upgrade operations detected."

# refused NAME SQL LINE: schema.sql gains SQL, which autogenerate does not model; revision
# --autogenerate and check both exit 1 naming LINE (a line of pg_dump's output), and nothing is
# written.
refused() {
  local name=$1 extra=$2 line=$3
  printf '%s\n%s\n' "$BASE" "$extra" >migrations/schema.sql
  case_ "$name: revision --autogenerate refuses, naming the difference"
  m revision --autogenerate -m "$name" --rev-id b1
  expect_code 1
  expect_err_contains "migrate: error: the schema after the generated revision still differs from"
  expect_err_contains "upgrade: - $line"
  [ "$(ls migrations/versions)" = "a1_base.sql" ] && pass || fail "a revision was written: $(ls migrations/versions)"
  case_ "$name: check refuses too"
  m check
  expect_code 1
  expect_err_contains "upgrade: - $line"
  expect_out_lacks "No new upgrade operations detected."
}

refused "extended statistics" \
  "create statistics t_ab (dependencies) on a, b from t;" \
  "CREATE STATISTICS public.t_ab (dependencies) ON a, b FROM public.t;"
refused "row level security" \
  "alter table t enable row level security; create policy positive on t using (a > 0);" \
  "ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;"
refused "a privilege" \
  "grant select on t to public;" \
  "GRANT SELECT ON TABLE public.t TO PUBLIC;"
refused "storage parameters" \
  "alter table t set (fillfactor = 70);" \
  "CREATE TABLE public.t ( a integer b integer id integer NOT NULL ) WITH (fillfactor='70');"
refused "an unlogged table" \
  "create unlogged table scratchpad (id int);" \
  "CREATE UNLOGGED TABLE public.scratchpad ( id integer );"

case_ "the same schema spelt differently still needs no revision"
printf 'CREATE TABLE T (\n  ID integer PRIMARY KEY,\n  A int4,\n  B integer\n);\n' >migrations/schema.sql
m revision --autogenerate -m "same"
expect_code 0
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."
m check
expect_code 0

finish
