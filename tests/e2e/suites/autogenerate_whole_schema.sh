# The whole-schema check of revision --autogenerate and check: a difference in something the
# planner does not model (extended statistics, row level security, privileges, UNLOGGED, storage
# parameters) is refused with the differing pg_dump lines, never passed over as "no changes";
# the same schema spelt differently still needs no revision.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

ROLE="e2e_whole_$$"
READER="e2e_reader_$$"
psql -X -q -d postgres -c "CREATE ROLE $ROLE LOGIN CREATEDB SUPERUSER" >/dev/null
psql -X -q -d postgres -c "CREATE ROLE $READER" >/dev/null
DEV_URL="postgresql:///postgres?host=$PGHOST&port=$PGPORT&user=$ROLE"
cleanup_role() {
  cleanup_databases
  drop_caches_of "$ROLE" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $READER" >/dev/null 2>&1 || true
}
trap cleanup_role EXIT

BASE='create table t (id int primary key, a int, b int);'
# schema_of DB: pg_dump --schema-only, normalised (tests/e2e/schema_text.py: column order aside).
schema_of() {
  pg_dump --schema-only --no-owner -d "$1" | /usr/bin/python3 "$MIGRATE_SOURCE_DIR/tests/e2e/schema_text.py"
}
# census DB: "table count" lines for every plain table (the version table aside; a partitioned
# table's rows are counted in its partitions).
census() {
  sql "$1" "SELECT c.oid::regclass || ' ' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text
            FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE c.relkind = 'r' AND s.nspname NOT IN ('pg_catalog', 'information_schema')
              AND c.relname <> 'alembic_version' ORDER BY 1"
}
# rows_kept BEFORE AFTER WHAT: every table in both censuses has at least as many rows after.
rows_kept() {
  local -A before
  local table count lost=""
  while read -r table count; do [ -n "$table" ] && before[$table]=$count; done <<<"$1"
  while read -r table count; do
    if [ -n "$table" ] && [ -n "${before[$table]:-}" ] && [ "$count" -lt "${before[$table]}" ]; then
      lost+=" $table (${before[$table]} -> $count)"
    fi
  done <<<"$2"
  [ -z "$lost" ] && pass || fail "$3 lost rows:$lost"
}
# generate ARGS...: `m revision --autogenerate ARGS`, remembering the schema and rows it starts
# from.
generate() {
  START_SCHEMA=$(schema_of "$DB")
  START_ROWS=$(census "$DB")
  m revision --autogenerate "$@"
}
# downgrade_one: `m downgrade -1`, which must give back the schema the revision was generated
# from (privileges included, column order aside); no table loses rows in the upgrade or in the
# downgrade.
downgrade_one() {
  local upgraded
  upgraded=$(census "$DB")
  rows_kept "$START_ROWS" "$upgraded" "the upgrade"
  m downgrade -1
  expect_code 0
  rows_kept "$upgraded" "$(census "$DB")" "the downgrade"
  local now
  now=$(schema_of "$DB")
  [[ "$START_SCHEMA" == *"CREATE TABLE"* ]] && pass || fail "no schema was read before the revision"
  [ "$now" = "$START_SCHEMA" ] && pass || fail "the schema after downgrade -1 differs from the start: $(diff <(echo "$START_SCHEMA") <(echo "$now"))"
}

empty_dir
m init migrations >/dev/null
sed -i "s|^\[alembic\]$|[alembic]\ndev_url = ${DEV_URL//&/\\&}|" alembic.ini
new_database
printf '%s\n' "$BASE" >migrations/schema.sql
generate -m "base" --rev-id a1
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
  generate -m "$name" --rev-id b1
  expect_code 1
  expect_err_contains "migrate: error: the schema after the generated revision still differs from"
  expect_err_contains "upgrade: - $line"
  [ -z "$(ls migrations/versions | grep b1)" ] && pass || fail "a revision was written: $(ls migrations/versions)"
  case_ "$name: check refuses too"
  m check
  expect_code 1
  expect_err_contains "upgrade: - $line"
  expect_out_lacks "No new upgrade operations detected."
}

refused "extended statistics" \
  "create statistics t_ab (dependencies) on a, b from t;" \
  "CREATE STATISTICS public.t_ab (dependencies) ON a, b FROM public.t;"
refused "a text search configuration" \
  "create text search configuration english_copy (copy = english);" \
  "CREATE TEXT SEARCH CONFIGURATION public.english_copy ( PARSER = pg_catalog.\"default\" );"

case_ "the same schema spelt differently still needs no revision"
printf 'CREATE TABLE T (\n  ID integer PRIMARY KEY,\n  A int4,\n  B integer\n);\n' >migrations/schema.sql
generate -m "same"
expect_code 0
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."
m check
expect_code 0

# settings DB: a table's persistence, storage parameters, replica identity and row security.
settings() {
  sql "$DB" "SELECT c.relname || ':' || c.relpersistence::text || ':' || coalesce(array_to_string(c.reloptions, ','), '')
                    || ':' || c.relreplident::text || ':' || c.relrowsecurity || ':' || c.relforcerowsecurity
             FROM pg_class c WHERE c.relname IN ('t', 'scratchpad') ORDER BY 1"
}

case_ "table settings round-trip: persistence, storage parameters, replica identity, row security"
sql "$DB" "INSERT INTO t VALUES (1, 2, 3)"
before=$(settings)
printf '%s\n%s\n' "$BASE" "alter table t set (fillfactor = 70, autovacuum_enabled = false);
alter table t replica identity full;
alter table t enable row level security;
alter table t force row level security;
create unlogged table scratchpad (id int) with (fillfactor = 50);" >migrations/schema.sql
generate -m "settings" --rev-id c1
expect_code 0
file=migrations/versions/c1_settings.sql
for line in "CREATE UNLOGGED TABLE public.scratchpad" "WITH (fillfactor='50');" \
  "ALTER TABLE public.t SET (autovacuum_enabled='false', fillfactor='70');" \
  "ALTER TABLE public.t REPLICA IDENTITY FULL;" "ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;" \
  "ALTER TABLE public.t FORCE ROW LEVEL SECURITY;" "ALTER TABLE public.t RESET (autovacuum_enabled, fillfactor);" \
  "ALTER TABLE public.t REPLICA IDENTITY DEFAULT;" "ALTER TABLE public.t NO FORCE ROW LEVEL SECURITY;"; do
  grep -qF "$line" "$file" && pass || fail "no '$line' in $(cat "$file")"
done
m upgrade head
expect_code 0
[ "$(settings)" = "scratchpad:u:fillfactor=50:d:false:false
t:p:autovacuum_enabled=false,fillfactor=70:f:true:true" ] && pass || fail "after upgrade: $(settings)"
m check
expect_code 0
downgrade_one
[ "$(settings)" = "$before" ] && pass || fail "after downgrade: $(settings), before: $before"
[ "$(sql "$DB" "SELECT count(*) FROM t")" = 1 ] && pass || fail "the row of t is gone"
m upgrade head
expect_code 0
BASE=$(cat migrations/schema.sql)

case_ "a table turned LOGGED again keeps its rows"
sql "$DB" "INSERT INTO scratchpad VALUES (7)"
sed -i 's/create unlogged table/create table/' migrations/schema.sql
generate -m "logged" --rev-id c2
expect_code 0
grep -qF "ALTER TABLE public.scratchpad SET LOGGED;" migrations/versions/c2_logged.sql && pass || fail "$(cat migrations/versions/c2_logged.sql)"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT relpersistence::text || ':' || (SELECT count(*) FROM scratchpad) FROM pg_class WHERE relname = 'scratchpad'")" = "p:1" ] \
  && pass || fail "scratchpad is not logged with its row"
m check
expect_code 0


case_ "column settings round-trip: statistics, storage, compression"
BASE=$(cat migrations/schema.sql)
m upgrade head
columns() {
  sql "$DB" "SELECT string_agg(attname || ':' || attstattarget || ':' || attstorage::text || ':' || attcompression::text, ' ' ORDER BY attname)
             FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 AND NOT attisdropped"
}
before=$(columns)
printf '%s\n%s\n' "$BASE" "alter table t add column doc text;
alter table t alter column a set statistics 500;
alter table t alter column doc set storage external;
alter table t alter column doc set compression pglz;" >migrations/schema.sql
generate -m "columns" --rev-id c3
expect_code 0
file=migrations/versions/c3_columns.sql
for line in "ALTER TABLE public.t ALTER COLUMN a SET STATISTICS 500;" \
  "ALTER TABLE public.t ALTER COLUMN doc SET STORAGE EXTERNAL;" \
  "ALTER TABLE public.t ALTER COLUMN doc SET COMPRESSION pglz;" \
  "ALTER TABLE public.t ALTER COLUMN a SET STATISTICS -1;"; do
  grep -qF "$line" "$file" && pass || fail "no '$line' in $(cat "$file")"
done
m upgrade head
expect_code 0
[ "$(columns)" = "a:500:p: b:-1:p: doc:-1:e:p id:-1:p:" ] && pass || fail "after upgrade: $(columns)"
m check
expect_code 0
downgrade_one
[ "$(columns)" = "$before" ] && pass || fail "after downgrade: $(columns), before: $before"

case_ "row level security policies round-trip, and follow a retyped column"
m upgrade head
BASE=$(cat migrations/schema.sql)
policies() {
  sql "$DB" "SELECT string_agg(policyname || ':' || permissive || ':' || cmd || ':' || array_to_string(roles, ',')
                              || ':' || coalesce(qual, '') || ':' || coalesce(with_check, ''), ' ' ORDER BY policyname)
             FROM pg_policies WHERE tablename = 't'"
}
before=$(policies)
printf '%s\n%s\n' "$BASE" "create policy positive on t using (a > 0);
create policy own_rows on t as restrictive for update to $ROLE using (b = 1) with check (b = 1);" \
  >migrations/schema.sql
generate -m "policies" --rev-id c4
expect_code 0
file=migrations/versions/c4_policies.sql
for line in "CREATE POLICY positive ON public.t USING ((a > 0));" \
  "CREATE POLICY own_rows ON public.t AS RESTRICTIVE FOR UPDATE TO $ROLE USING ((b = 1)) WITH CHECK ((b = 1));" \
  "DROP POLICY positive ON public.t;" "DROP POLICY own_rows ON public.t;"; do
  grep -qF "$line" "$file" && pass || fail "no '$line' in $(cat "$file")"
done
m upgrade head
expect_code 0
m check
expect_code 0
downgrade_one
[ "$(policies)" = "$before" ] && pass || fail "after downgrade: $(policies)"
m upgrade head
sed -i 's/create table t (id int primary key, a int, b int);/create table t (id int primary key, a bigint, b int);/' \
  migrations/schema.sql
generate -m "retype a" --rev-id c5
grep -qF "ALTER TABLE public.t ALTER COLUMN a TYPE bigint" migrations/versions/c5_retype_a.sql && pass || fail "$(cat migrations/versions/c5_retype_a.sql)"
expect_code 0
m upgrade head
expect_code 0
m check
expect_code 0
[ "$(sql "$DB" "SELECT count(*) FROM pg_policies WHERE tablename = 't'")" = 2 ] && pass || fail "policies lost: $(policies)"

case_ "privileges round-trip: tables, columns, views, sequences, schemas, functions, types"
BASE=$(cat migrations/schema.sql)
acls() {
  sql "$DB" "SELECT string_agg(x, ' ' ORDER BY x) FROM (
    SELECT relname || '=' || (SELECT string_agg(e::text, ',' ORDER BY e::text) FROM unnest(coalesce(relacl, acldefault(CASE WHEN relkind = 'S' THEN 's' ELSE 'r' END::\"char\", relowner))) e) AS x FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'S')
    UNION ALL SELECT 't.' || attname || '=' || attacl::text FROM pg_attribute
      WHERE attrelid = 't'::regclass AND attacl IS NOT NULL AND attacl <> '{}'
    UNION ALL SELECT proname || '=' || (SELECT string_agg(e::text, ',' ORDER BY e::text) FROM unnest(coalesce(proacl, acldefault('f', proowner))) e) FROM pg_proc
      WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT typname || '=' || (SELECT string_agg(e::text, ',' ORDER BY e::text) FROM unnest(coalesce(typacl, acldefault('T', typowner))) e) FROM pg_type
      WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'
    UNION ALL SELECT 'public=' || nspacl::text FROM pg_namespace WHERE nspname = 'public') a" \
    | sed "s/$ROLE/OWNER/g; s/postgres/OWNER/g"
}
printf '%s\n%s\n' "$BASE" "create sequence counter;
create view t_view as select id, b from t;
create function answer() returns int language sql as 'select 42';
create type mood as enum ('ok');" >migrations/schema.sql
generate -m "objects" --rev-id d1
expect_code 0
m upgrade head
expect_code 0
BASE=$(cat migrations/schema.sql)
before=$(acls)
printf '%s\n%s\n' "$BASE" "grant select on t to $READER;
grant insert (a) on t to $READER;
grant select on t_view to $READER with grant option;
grant usage on sequence counter to $READER;
grant usage on schema public to $READER;
revoke execute on function answer() from public;
grant execute on function answer() to $READER;
revoke usage on type mood from public;" >migrations/schema.sql
generate -m "grants" --rev-id d2
expect_code 0
file=migrations/versions/d2_grants.sql
for line in "GRANT SELECT ON TABLE public.t TO $READER;" "GRANT INSERT (a) ON TABLE public.t TO $READER;" \
  "GRANT SELECT ON TABLE public.t_view TO $READER WITH GRANT OPTION;" \
  "GRANT USAGE ON SEQUENCE public.counter TO $READER;" "GRANT USAGE ON SCHEMA public TO $READER;" \
  "REVOKE EXECUTE ON FUNCTION public.answer() FROM PUBLIC;" "GRANT EXECUTE ON FUNCTION public.answer() TO $READER;" \
  "REVOKE USAGE ON TYPE public.mood FROM PUBLIC;" "GRANT EXECUTE ON FUNCTION public.answer() TO PUBLIC;" \
  "REVOKE SELECT ON TABLE public.t FROM $READER;"; do
  grep -qF "$line" "$file" && pass || fail "no '$line' in $(cat "$file")"
done
m upgrade head
expect_code 0
m check
expect_code 0
granted=$(acls)
[ "$granted" != "$before" ] && pass || fail "nothing was granted"
downgrade_one
[ "$(acls)" = "$before" ] && pass || fail "after downgrade: $(acls), before: $before"
m upgrade head
expect_code 0

case_ "a view rebuilt for its table's retyped column keeps its grants"
sed -i 's/create table t (id int primary key, a bigint, b int);/create table t (id int primary key, a bigint, b bigint);/' \
  migrations/schema.sql
generate -m "retype b" --rev-id d3
expect_code 0
grep -qF "GRANT SELECT ON TABLE public.t_view TO $READER WITH GRANT OPTION;" migrations/versions/d3_retype_b.sql \
  && pass || fail "the view's grant is not restored: $(cat migrations/versions/d3_retype_b.sql)"
m upgrade head
expect_code 0
m check
expect_code 0
[ "$(acls)" = "$granted" ] && pass || fail "after the rebuild: $(acls), expected: $granted"

case_ "view options round-trip: security_barrier, security_invoker, check_option"
BASE=$(cat migrations/schema.sql)
view_options() { sql "$DB" "SELECT coalesce(array_to_string(reloptions, ','), '-') FROM pg_class WHERE relname = 't_view'"; }
before=$(view_options)
printf '%s\n' "$BASE" | sed 's/create view t_view as select id, b from t;/create view t_view with (security_barrier, security_invoker = true, check_option = local) as select id, b from t;/' \
  >schema.next && mv schema.next migrations/schema.sql
generate -m "view options" --rev-id d4
expect_code 0
grep -qF "CREATE VIEW public.t_view WITH (check_option='local', security_barrier='true', security_invoker='true') AS" \
  migrations/versions/d4_view_options.sql && pass || fail "$(cat migrations/versions/d4_view_options.sql)"
grep -qF "GRANT SELECT ON TABLE public.t_view TO $READER WITH GRANT OPTION;" migrations/versions/d4_view_options.sql \
  && pass || fail "the recreated view's grant is not restored"
m upgrade head
expect_code 0
[ "$(view_options)" = "check_option=local,security_barrier=true,security_invoker=true" ] && pass || fail "after upgrade: $(view_options)"
m check
expect_code 0
downgrade_one
[ "$(view_options)" = "$before" ] && pass || fail "after downgrade: $(view_options)"

case_ "SET NOT NULL on a populated column that gains a default backfills the NULLs first"
m upgrade head
sql "$DB" "INSERT INTO t (id, a, b) VALUES (2, 5, NULL)"
sed -i 's/create table t (id int primary key, a bigint, b bigint);/create table t (id int primary key, a bigint, b bigint not null default 0);/' \
  migrations/schema.sql
generate -m "b not null" --rev-id d5
expect_code 0
grep -qF "UPDATE public.t SET b = DEFAULT WHERE b IS NULL;" migrations/versions/d5_b_not_null.sql \
  && pass || fail "no backfill in $(cat migrations/versions/d5_b_not_null.sql)"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT b FROM t WHERE id = 2")" = 0 ] && pass || fail "row 2 was not backfilled"
m check
expect_code 0
downgrade_one

case_ "--rename of a table renames its sequences, constraints and indexes, and numbering goes on"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create table orders (id serial primary key, code int generated always as identity, x int unique,
                     y int check (y > 0));
create index on orders (y);
create table order_lines (id int primary key, order_id int references orders);
SQL
generate -m "orders" --rev-id e1
expect_code 0
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO orders (x, y) VALUES (1, 1), (2, 2)" >/dev/null
sed -i 's/create table orders /create table purchases /; s/create index on orders /create index on purchases /; s/references orders)/references purchases)/' \
  migrations/schema.sql
generate -m "rename orders" --rev-id e2 --rename orders=purchases
expect_code 0
file=migrations/versions/e2_rename_orders.sql
for line in "ALTER TABLE public.orders RENAME TO purchases;" \
  "ALTER SEQUENCE public.orders_id_seq RENAME TO purchases_id_seq;" \
  "ALTER SEQUENCE public.orders_code_seq RENAME TO purchases_code_seq;" \
  "ALTER TABLE public.purchases RENAME CONSTRAINT orders_pkey TO purchases_pkey;" \
  "ALTER TABLE public.purchases RENAME CONSTRAINT orders_x_key TO purchases_x_key;" \
  "ALTER INDEX public.orders_y_idx RENAME TO purchases_y_idx;"; do
  grep -qF "$line" "$file" && pass || fail "no '$line' in $(cat "$file")"
done
for word in "DROP" "CREATE" "-- destructive"; do
  grep -q "^$word" "$file" && fail "'$word' in $(cat "$file")" || pass
done
m upgrade head
expect_code 0
[ "$(sql "$DB" "INSERT INTO purchases (x, y) VALUES (3, 3) RETURNING id || ':' || code")" = "3:3" ] \
  && pass || fail "numbering restarted"
m check
expect_code 0
downgrade_one
[ "$(sql "$DB" "INSERT INTO orders (x, y) VALUES (4, 4) RETURNING id || ':' || code")" = "4:4" ] \
  && pass || fail "numbering restarted after the downgrade"

case_ "an enum label replaced in place is renamed, and the rows holding it keep it"
m upgrade head
printf 'create type stage as enum (%s);\ncreate table jobs (id int, stage stage);\n' "'queued', 'running', 'done'" \
  >>migrations/schema.sql
generate -m "jobs" --rev-id f1
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO jobs VALUES (1, 'running')" >/dev/null
sed -i "s/'queued', 'running', 'done'/'queued', 'active', 'done'/" migrations/schema.sql
generate -m "rename running" --rev-id f2
expect_code 0
grep -qF "ALTER TYPE public.stage RENAME VALUE 'running' TO 'active';" migrations/versions/f2_rename_running.sql \
  && pass || fail "$(cat migrations/versions/f2_rename_running.sql)"
grep -qF "ALTER TYPE public.stage RENAME VALUE 'active' TO 'running';" migrations/versions/f2_rename_running.sql \
  && pass || fail "no way back: $(cat migrations/versions/f2_rename_running.sql)"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT stage FROM jobs")" = active ] && pass || fail "the row holds $(sql "$DB" "SELECT stage FROM jobs")"
m check
expect_code 0
downgrade_one
[ "$(sql "$DB" "SELECT stage FROM jobs")" = running ] && pass || fail "after downgrade the row holds $(sql "$DB" "SELECT stage FROM jobs")"

case_ "a composite type used by a column changes its attributes, and the column keeps its values"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create type address as (street text, city text);
create table sites (id int, location address);
create view site_streets as select id, (location).street from sites;
SQL
generate -m "sites" --rev-id g1
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO sites VALUES (1, ROW('Main St', 'Springfield'))" >/dev/null
sed -i 's/create type address as (street text, city text);/create type address as (street varchar(40), city text, zip int);/' \
  migrations/schema.sql
generate -m "address" --rev-id g2
expect_code 0
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT (location).street || '|' || (location).city || '|' || coalesce((location).zip::text, '-') FROM sites")" = "Main St|Springfield|-" ] \
  && pass || fail "the row holds $(sql "$DB" "SELECT location FROM sites")"
[ "$(sql "$DB" "SELECT street FROM site_streets")" = "Main St" ] && pass || fail "the view is gone"
m check
expect_code 0
downgrade_one
[ "$(sql "$DB" "SELECT location FROM sites")" = "(\"Main St\",Springfield)" ] && pass || fail "after downgrade: $(sql "$DB" "SELECT location FROM sites")"

case_ "an existing table attached as a partition keeps its rows, and detaches on the way down"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create table events (at date not null, what text) partition by range (at);
create table events_2025 (at date not null, what text);
create index on events (at);
SQL
generate -m "events" --rev-id h1
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO events_2025 VALUES ('2025-03-01', 'kept')" >/dev/null
sed -i "s/create table events_2025 (at date not null, what text);/create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01');/" \
  migrations/schema.sql
generate -m "attach" --rev-id h2
expect_code 0
grep -qF "ALTER TABLE public.events ATTACH PARTITION public.events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');" \
  migrations/versions/h2_attach.sql && pass || fail "$(cat migrations/versions/h2_attach.sql)"
grep -qF "ALTER TABLE public.events DETACH PARTITION public.events_2025;" migrations/versions/h2_attach.sql \
  && pass || fail "no detach in $(cat migrations/versions/h2_attach.sql)"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT what FROM events")" = kept ] && pass || fail "the row is not in events"
m check
expect_code 0
downgrade_one
[ "$(sql "$DB" "SELECT count(*) FROM events")" = 0 ] && [ "$(sql "$DB" "SELECT what FROM events_2025")" = kept ] \
  && pass || fail "after downgrade: events $(sql "$DB" "SELECT count(*) FROM events"), events_2025 $(sql "$DB" "SELECT count(*) FROM events_2025")"

case_ "--rename of a schema renames it, and everything in it stays"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create schema billing;
create type billing.plan as enum ('free', 'paid');
create table billing.invoices (id serial primary key, plan billing.plan not null default 'free',
                               amount numeric check (amount >= 0));
create index on billing.invoices (plan);
create view billing.paid as select id, amount from billing.invoices where plan = 'paid';
create function billing.total() returns numeric language sql
  as 'select coalesce(sum(amount), 0) from billing.invoices';
grant usage on schema billing to public;
SQL
generate -m "billing" --rev-id i1
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO billing.invoices (plan, amount) VALUES ('paid', 10)" >/dev/null
sed -i 's/billing\./accounting./g; s/create schema billing;/create schema accounting;/; s/on schema billing/on schema accounting/' \
  migrations/schema.sql
generate -m "accounting" --rev-id i2 --rename billing=accounting
expect_code 0
file=migrations/versions/i2_accounting.sql
grep -qF "ALTER SCHEMA billing RENAME TO accounting;" "$file" && pass || fail "$(cat "$file")"
# The function's body is text the rename does not touch: it is replaced; nothing is dropped.
grep -q "^DROP\|^CREATE TABLE\|-- destructive" "$file" && fail "not only renames: $(cat "$file")" || pass
grep -qF "from accounting.invoices" "$file" && pass || fail "the function body still names billing"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT accounting.total()")" = 10 ] && pass || fail "the rows did not follow"
[ "$(sql "$DB" "INSERT INTO accounting.invoices (amount) VALUES (1) RETURNING id")" = 2 ] && pass || fail "numbering restarted"
m check
expect_code 0
downgrade_one
[ "$(sql "$DB" "SELECT billing.total()")" = 11 ] && pass || fail "after downgrade"

case_ "--rename naming no schema or table is an error"
generate -m "x" --rename nothing=here
expect_code 1
expect_err_contains "--rename nothing=here: no schema or table 'nothing' goes away while 'here' appears next to it"

case_ "a domain CHECK calling a new function, and a new child CHECK on a column its parent gains"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create table animals (id int);
SQL
generate -m "animals" --rev-id j1
m upgrade head
expect_code 0
sed -i 's/^create table animals (id int);$/create table animals (id int, legs int);/' migrations/schema.sql
cat >>migrations/schema.sql <<'SQL'
create function is_even(n int) returns boolean language sql immutable as 'select n % 2 = 0';
create domain even_int as int check (is_even(value));
create table dogs (nick even_int, check (legs = 4)) inherits (animals);
SQL
generate -m "dogs" --rev-id j2
expect_code 0
file=migrations/versions/j2_dogs.sql
grep -qF "ALTER DOMAIN public.even_int ADD CONSTRAINT even_int_check CHECK (public.is_even(VALUE));" "$file" \
  && pass || fail "$(cat "$file")"
# The parent's new column comes before the child that reads it (docs/autogenerate.md,
# "Dependency ordering").
add_line=$(grep -nF "ALTER TABLE public.animals ADD COLUMN legs integer;" "$file" | head -1 | cut -d: -f1)
create_line=$(grep -n "^CREATE TABLE public.dogs" "$file" | head -1 | cut -d: -f1)
[ -n "$add_line" ] && [ -n "$create_line" ] && [ "$add_line" -lt "$create_line" ] \
  && pass || fail "ADD COLUMN legs not before CREATE TABLE dogs: $(cat "$file")"
m upgrade head
expect_code 0
m check
expect_code 0
downgrade_one

case_ "a function whose arguments change while a table CHECK and a domain CHECK call it"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create function positive(n int) returns boolean language sql immutable as 'select n > 0';
create domain positive_int as int check (positive(value));
create table scores (points int check (positive(points)));
SQL
generate -m "scores" --rev-id k1
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO scores VALUES (5)" >/dev/null
sed -i 's/^create function positive(n int) returns boolean language sql immutable as .select n > 0.;$/create function positive(n bigint) returns boolean language sql immutable as '"'"'select n > 0'"'"';/' \
  migrations/schema.sql
generate -m "bigint positive" --rev-id k2
expect_code 0
file=migrations/versions/k2_bigint_positive.sql
grep -qF "DROP FUNCTION public.positive(n integer);" "$file" && pass || fail "$(cat "$file")"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT points FROM scores")" = 5 ] && pass || fail "the row is gone"
m check
expect_code 0
downgrade_one


case_ "a plain table turned partitioned keeps its rows, its identity sequence's name and its numbering"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create table logs (id int generated always as identity, at date not null, line text);
SQL
generate -m "logs" --rev-id l1
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO logs (at, line) VALUES ('2025-03-01', 'one'), ('2025-04-01', 'two')" >/dev/null
dump_before=$(schema_of "$DB")
sed -i "s/^create table logs (id int generated always as identity, at date not null, line text);$/create table logs (id int generated always as identity, at date not null, line text) partition by range (at);\ncreate table logs_2025 partition of logs for values from ('2025-01-01') to ('2026-01-01');/" \
  migrations/schema.sql
generate -m "partition logs" --rev-id l2
expect_code 0
file=migrations/versions/l2_partition_logs.sql
grep -qF "ALTER SEQUENCE public.logs_id_seq RENAME TO" "$file" && pass || fail "$(cat "$file")"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT pg_get_serial_sequence('logs', 'id')")" = public.logs_id_seq ] \
  && pass || fail "identity sequence: $(sql "$DB" "SELECT pg_get_serial_sequence('logs', 'id')")"
[ "$(sql "$DB" "SELECT string_agg(line, ',' ORDER BY id) FROM logs")" = one,two ] && pass || fail "rows: $(sql "$DB" "SELECT * FROM logs")"
[ "$(sql "$DB" "INSERT INTO logs (at, line) VALUES ('2025-05-01', 'three') RETURNING id")" = 3 ] \
  && pass || fail "numbering restarted"
m check
expect_code 0
expect_out "No new upgrade operations detected."
downgrade_one
[ "$(sql "$DB" "SELECT string_agg(line, ',' ORDER BY id) FROM logs")" = one,two,three ] && pass || fail "rows after downgrade: $(sql "$DB" "SELECT * FROM logs")"
[ "$(sql "$DB" "INSERT INTO logs (at, line) VALUES ('2025-06-01', 'four') RETURNING id")" = 4 ] \
  && pass || fail "numbering restarted after downgrade"
dump_after=$(schema_of "$DB")
[ "$dump_before" = "$dump_after" ] && pass || fail "schema after downgrade differs: $(diff <(echo "$dump_before") <(echo "$dump_after"))"


case_ "an enum label removed while a partial index and a CHECK cast to the type"
m upgrade head
cat >>migrations/schema.sql <<'SQL'
create type ticket_state as enum ('new', 'active', 'closed');
create table ticket (id int primary key, s ticket_state not null check (s <> 'active' or id > 0));
create index ticket_open on ticket (id) where s <> 'active';
SQL
generate -m "tickets" --rev-id n1
m upgrade head
expect_code 0
sql "$DB" "INSERT INTO ticket VALUES (1, 'new'), (2, 'active')" >/dev/null
dump_before=$(schema_of "$DB")
sed -i "s/^create type ticket_state as enum ('new', 'active', 'closed');$/create type ticket_state as enum ('new', 'active');/" migrations/schema.sql
generate -m "no closed" --rev-id n2
expect_code 0
file=migrations/versions/n2_no_closed.sql
grep -qF "DROP INDEX public.ticket_open;" "$file" && grep -qF "ALTER TABLE public.ticket DROP CONSTRAINT ticket_check;" "$file" \
  && pass || fail "$(cat "$file")"
m upgrade head
expect_code 0
[ "$(sql "$DB" "SELECT string_agg(id || ':' || s, ',' ORDER BY id) FROM ticket")" = "1:new,2:active" ] \
  && pass || fail "rows: $(sql "$DB" "SELECT * FROM ticket")"
m check
expect_code 0
downgrade_one
[ "$(schema_of "$DB")" = "$dump_before" ] && pass || fail "schema after downgrade differs: $(diff <(echo "$dump_before") <(schema_of "$DB"))"


case_ "a GRANT to a role that does not exist is refused with what to do"
cp migrations/schema.sql "$E2E_ROOT/schema.saved"
echo "grant select on t to e2e_nobody_$$;" >>migrations/schema.sql
line=$(wc -l <migrations/schema.sql)
m revision --autogenerate -m "nobody" --rev-id z9
expect_error "$PWD/migrations/schema.sql:$line: ERROR 42704: role \"e2e_nobody_$$\" does not exist; roles are not part of schema.sql: create the role on the scratch server (dev_url) and on every server the revisions run on"
m check
expect_code 1
cp "$E2E_ROOT/schema.saved" migrations/schema.sql

finish
