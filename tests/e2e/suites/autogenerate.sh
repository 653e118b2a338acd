# revision --autogenerate and check against a real server: schema.sql is the desired state,
# the revisions replayed into a scratch database the current one; scratch databases never leak.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

# A role of its own for the scratch server, so "no scratch database left" is exact even while
# other suites use the same server.
ROLE="e2e_autogen_$$"
psql -X -q -d postgres -c "CREATE ROLE $ROLE LOGIN CREATEDB SUPERUSER" >/dev/null
DEV_URL="postgresql:///postgres?host=$PGHOST&port=$PGPORT&user=$ROLE"
# Scratch databases left behind; the cache's (migrate_cache_*) are kept on purpose.
scratch_left() {
  sql postgres "SELECT count(*) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '$ROLE' AND d.datname NOT LIKE 'migrate\_cache\_%'"
}
# The cache's databases, one line each: name and whether its comment (the dump) is set.
cache_dbs() {
  sql postgres "SELECT string_agg(d.datname || ':' || (shobj_description(d.oid, 'pg_database') LIKE '%CREATE TABLE%' OR shobj_description(d.oid, 'pg_database') LIKE '%PostgreSQL database dump%'), ' ' ORDER BY d.datname) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '$ROLE' AND d.datname LIKE 'migrate\_cache\_%'"
}
drop_cache() { drop_caches_of "$ROLE"; }
cleanup_role() {
  cleanup_databases
  drop_cache >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1 || true
}
trap cleanup_role EXIT

# project: a fresh project on a fresh database, scratch databases on the suite's role.
project() {
  empty_dir
  m init migrations >/dev/null
  sed -i "s|^\[alembic\]$|[alembic]\ndev_url = ${DEV_URL//&/\\&}|" alembic.ini
  new_database
}
only_revision() { ls migrations/versions/*.sql; }

case_ "init writes an empty schema.sql, and an empty schema needs no revision"
project
expect_file migrations/schema.sql
m revision --autogenerate -m "nothing"
expect_code 0
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."
[ -z "$(ls migrations/versions)" ] && pass || fail "a revision was written"
m check
expect_code 0
expect_out "No new upgrade operations detected."
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "the first revision creates the schema; upgrade head then check is clean"
cat >migrations/schema.sql <<'SQL'
create type status as enum ('new', 'done');
create table account (
  id bigint generated always as identity primary key,
  email text not null unique,
  state status not null default 'new'
);
create table note (id serial primary key, account_id bigint references account, body text);
create view open_accounts as select id, email from account where state = 'new';
SQL
m revision --autogenerate -m "create schema" --rev-id a1
expect_code 0
expect_out "Generating $PROJECT/migrations/versions/a1_create_schema.sql ...  done"
expect_err ""
file=migrations/versions/a1_create_schema.sql
grep -q '^CREATE TYPE public.status AS ENUM (.new., .done.);$' "$file" && pass || fail "no CREATE TYPE in $(cat "$file")"
grep -q '^ALTER TABLE public.note ADD CONSTRAINT note_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.account(id);$' "$file" \
  && pass || fail "no foreign key in $(cat "$file")"
grep -q '^DROP TYPE public.status;$' "$file" && pass || fail "no downgrade in $(cat "$file")"
m upgrade head
expect_code 0
m check
expect_code 0
expect_out "No new upgrade operations detected."
m revision --autogenerate -m "again"
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."
m revision --autogenerate -m "empty anyway" --allow-empty --rev-id a2
expect_code 0
grep -q '^-- migrate:upgrade$' migrations/versions/a2_empty_anyway.sql && pass || fail "no empty revision"
rm migrations/versions/a2_empty_anyway.sql

case_ "check lists what schema.sql adds and exits 1"
sed -i 's/^  email text not null unique,$/  email text not null unique,\n  name varchar(80),/' migrations/schema.sql
m check
expect_error "New upgrade operations detected: [ALTER TABLE public.account ADD COLUMN name character varying(80)]"

case_ "destructive statements are marked and warned about; the revision runs both ways"
sed -i '/^  body text/d; s/, body text);/);/' migrations/schema.sql
m revision --autogenerate -m "name, no body" --rev-id a3
expect_code 0
# Then lint's warning about the new file (docs/lint.md): the key is unset, so new revisions.
expect_err "migrate: warning: destructive: drops column public.note.body and its data
migrate: warning: $PROJECT/migrations/versions/a3_name_no_body.sql:10: drop-column: warning: DROP COLUMN body on public.note: stop reading the column in a release first, then drop it in a later revision"
grep -q -- '^-- destructive: drops column public.note.body and its data$' migrations/versions/a3_name_no_body.sql \
  && pass || fail "no destructive comment in $(cat migrations/versions/a3_name_no_body.sql)"
m upgrade head
expect_code 0
m downgrade a1
expect_code 0
m upgrade head
expect_code 0
m check
expect_out "No new upgrade operations detected."

case_ "a rename hint renames instead of dropping"
sed -i 's/^  name varchar(80),$/  full_name varchar(80),/' migrations/schema.sql
m revision --autogenerate -m "rename" --rev-id a4 --rename account.name=full_name
expect_code 0
expect_err "migrate: warning: $PROJECT/migrations/versions/a4_rename.sql:9: rename-column: warning: RENAME COLUMN name on public.account: add the new column, write both, backfill, switch reads, then drop the old one"
grep -q '^ALTER TABLE public.account RENAME COLUMN name TO full_name;$' migrations/versions/a4_rename.sql \
  && pass || fail "no rename in $(cat migrations/versions/a4_rename.sql)"
grep -q '^ALTER TABLE public.account RENAME COLUMN full_name TO name;$' migrations/versions/a4_rename.sql \
  && pass || fail "no reverse rename"
m revision --autogenerate -m "bad hint" --rename account.nope=x
expect_error "--rename account.nope=x: no table or column 'account.nope' goes away while 'x' appears next to it"
m revision -m "no autogenerate" --rename a=b
expect_error "--dev-url, --rename, --from-db and --allow-empty only apply with --autogenerate" 2
m revision --autogenerate -m "bad hint" --rename nope
expect_error "invalid --rename 'nope': expected OLD=NEW, e.g. users.username=login or orders=purchases" 2
m upgrade head
expect_code 0

case_ "an enum label added and used at once: the revision runs outside a transaction"
sed -i "s/^create type status as enum ('new', 'done');$/create type status as enum ('new', 'open', 'done');/; s/default 'new'/default 'open'/" migrations/schema.sql
m revision --autogenerate -m "open state" --rev-id a5
expect_code 0
head -8 migrations/versions/a5_open_state.sql | grep -q '^-- transactional: false$' && pass || fail "not marked: $(cat migrations/versions/a5_open_state.sql)"
m upgrade head
expect_code 0
m check
expect_out "No new upgrade operations detected."

case_ "a template's own transactional line is replaced, not duplicated"
sed -i 's/^-- depends_on: \${depends_on}$/&\n-- transactional: true/' migrations/script.sql.tmpl
grep -q '^-- transactional: true$' migrations/script.sql.tmpl && pass || fail "template not edited"
sed -i "s/('new', 'open', 'done')/('new', 'open', 'done', 'late')/; s/default 'open'/default 'late'/" migrations/schema.sql
m revision --autogenerate -m "late state" --rev-id a6
expect_code 0
[ "$(grep -c '^-- transactional:' migrations/versions/a6_late_state.sql)" = 1 ] && pass || fail "$(cat migrations/versions/a6_late_state.sql)"
grep -q '^-- transactional: false$' migrations/versions/a6_late_state.sql && pass || fail "not false"
m upgrade head
expect_code 0

case_ "check and --from-db want the database at head"
m downgrade a5
m check
expect_error "Target database is not up to date."
m revision --autogenerate --from-db -m "x"
expect_error "Target database is not up to date."
m upgrade head
m revision --autogenerate --from-db -m "x"
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."

case_ "drift in the live database does not leak into a revision"
sql "$DB" "CREATE TABLE drift (id int)"
m revision --autogenerate -m "x"
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."
m check
expect_out "No new upgrade operations detected."

case_ "--from-db sees the drift, and validates on one scratch copy both ways"
m check --from-db
expect_error "New upgrade operations detected: [DROP TABLE public.drift]"
m revision --autogenerate --from-db -m "drop drift" --rev-id d1
expect_code 0
expect_err "migrate: warning: destructive: drops table public.drift and its data
migrate: warning: $PROJECT/migrations/versions/d1_drop_drift.sql:11: drop-table: warning: DROP TABLE: stop using the table in a release first, then drop it in a later revision"
grep -q '^CREATE TABLE public.drift ($' migrations/versions/d1_drop_drift.sql && pass || fail "no way back"
rm migrations/versions/d1_drop_drift.sql
sql "$DB" "DROP TABLE drift"

case_ "a failing schema.sql names its line, writes nothing and leaves no scratch database"
printf 'create table ok (id int);\n\ncreate table bad (id nosuchtype);\n' >migrations/schema.sql
before=$(only_revision)
m revision --autogenerate -m "x"
expect_error "$PROJECT/migrations/schema.sql:3: ERROR 42704: type \"nosuchtype\" does not exist"
[ "$(only_revision)" = "$before" ] && pass || fail "a revision was written"
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

# schema.sql loads in batches of statements, one transaction each; a failing batch runs again
# statement by statement, which must give the same message and line as ever.
case_ "a failure past schema.sql's first batches, and a syntax error inside a statement, name their lines"
for i in $(seq 1 250); do
  if [ "$i" = 230 ]; then echo "create table bad (id nosuchtype);"; else echo "create table t$i (id int);"; fi
done >migrations/schema.sql
m revision --autogenerate -m "x"
expect_error "$PROJECT/migrations/schema.sql:230: ERROR 42704: type \"nosuchtype\" does not exist"
[ "$(only_revision)" = "$before" ] && pass || fail "a revision was written"
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"
printf 'create table ok (id int);\ncreate table two (\n  id int,\n  name text nto null\n);\ncreate table three (id int);\n' >migrations/schema.sql
m check
expect_error "$PROJECT/migrations/schema.sql:4: ERROR 42601: syntax error at or near \"nto\""
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "a change the planner cannot express fails validation and writes nothing"
project
printf 'create table t (id int, k text) partition by list (k);\ncreate table t_a partition of t for values in (1);\n' >migrations/schema.sql
m revision --autogenerate -m "t" --rev-id b1
expect_code 0
printf 'create table t (id int, k text) partition by range (id);\ncreate table t_a partition of t for values from (0) to (10);\n' >migrations/schema.sql
m revision --autogenerate -m "partition t"
expect_error "the generated revision does not reproduce $PROJECT/migrations/schema.sql; nothing was written. Objects that differ: upgrade: table public.t: partitioning or inheritance differs; upgrade: table public.t_a: partitioning or inheritance differs; downgrade: table public.t: partitioning or inheritance differs; downgrade: table public.t_a: partitioning or inheritance differs"
[ "$(only_revision)" = "migrations/versions/b1_t.sql" ] && pass || fail "a revision was written"
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "Ctrl-C while schema.sql loads: exit 3, interrupted, no scratch database left"
printf 'create table t (id int, at date);\nselect pg_sleep(30);\n' >migrations/schema.sql
# The pattern finds it inside a batch of schema.sql: the message holds more than the pg_sleep.
interrupt_when_running INT "%select pg_sleep(30)%" revision --autogenerate -m "slow"
expect_error "interrupted (Ctrl-C or SIGTERM); the running transaction was rolled back" 3
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "Ctrl-C while the revisions replay (schema.sql loading at the same time): both cancelled"
project
m revision -m "slow" --rev-id s1
sed -i 's/^-- migrate:upgrade$/&\ncreate table t (id int);\nselect pg_sleep(30);/' migrations/versions/s1_slow.sql
printf 'create table t (id int);\ncreate table u (id int);\n' >migrations/schema.sql
started=$SECONDS
interrupt_when_running INT "%select pg_sleep(30)%" revision --autogenerate -m "slow"
expect_error "interrupted (Ctrl-C or SIGTERM); the running transaction was rolled back" 3
[ $((SECONDS - started)) -lt 20 ] && pass || fail "the replay was not cancelled"
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "statements that cannot run in a transaction block load one by one (CREATE INDEX CONCURRENTLY)"
project
printf 'create table t (id int);\ncreate index concurrently t_id_idx on t (id);\ncreate table u (id int);\n' >migrations/schema.sql
m revision --autogenerate -m "t" --rev-id c1
expect_code 0
grep -q '^CREATE INDEX t_id_idx ON public.t USING btree (id);$' migrations/versions/c1_t.sql \
  && pass || fail "no index in $(cat migrations/versions/c1_t.sql)"
grep -q '^CREATE TABLE public.u ($' migrations/versions/c1_t.sql && pass || fail "no table u"
m upgrade head
expect_code 0
m check
expect_code 0
expect_out "No new upgrade operations detected."
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "a schema.sql with its own BEGIN/COMMIT loads statement by statement, as ever"
printf 'begin;\ncreate table t (id int);\ncreate index t_id_idx on t (id);\ncreate table u (id int);\ncommit;\n' >migrations/schema.sql
m check
expect_code 0
expect_out "No new upgrade operations detected."
printf 'begin;\ncreate table t (id int);\ncreate table t (id int);\ncommit;\n' >migrations/schema.sql
m check
expect_error "$PROJECT/migrations/schema.sql:3: ERROR 42P07: relation \"t\" already exists"
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "a version table in its own schema: replayed there, and the schema is no difference"
project
sed -i 's/^\[alembic\]$/[alembic]\nversion_table_schema = audit/' alembic.ini
printf 'create table t (id int);\n' >migrations/schema.sql
m revision --autogenerate -m "t" --rev-id v1
expect_code 0
grep -q -i 'schema' migrations/versions/v1_t.sql && fail "the version schema leaked: $(cat migrations/versions/v1_t.sql)" || pass
m revision --autogenerate -m "again"
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."

case_ "a role that may not create databases is told to set dev_url"
psql -X -q -d postgres -c "CREATE ROLE ${ROLE}_nc LOGIN" >/dev/null
m revision --autogenerate -m "x" --dev-url "postgresql:///postgres?host=$PGHOST&port=$PGPORT&user=${ROLE}_nc"
expect_error "autogenerate needs scratch databases, but this role may not create databases on postgresql:///postgres?host=$PGHOST&port=$PGPORT&user=${ROLE}_nc (permission denied to create database); set dev_url in the configuration (or --dev-url) to a server of the same major version where it may"
psql -X -q -d postgres -c "DROP ROLE ${ROLE}_nc" >/dev/null

case_ "the example project's schema.sql describes its head: check is clean after upgrade head"
new_project
sed -i "s|^\[alembic\]$|[alembic]\ndev_url = ${DEV_URL//&/\\&}|" alembic.ini
new_database
m check
expect_error "Target database is not up to date."
m -q upgrade head
expect_code 0
m check
expect_code 0
expect_out "No new upgrade operations detected."
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

# The cache (docs/autogenerate.md, "The cache"): schema.sql loaded and the revisions replayed are
# kept as databases named after their inputs; an unchanged side is read, a changed one built.
cache_oids() {
  sql postgres "SELECT string_agg(d.oid::text, ' ' ORDER BY d.oid) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '$ROLE' AND d.datname LIKE 'migrate\\_cache\\_%'"
}
case_ "the cache: unchanged sides are read again, changed ones built, old ones dropped"
drop_cache
project
echo "CREATE TABLE account (id int PRIMARY KEY);" >migrations/schema.sql
m revision --autogenerate -m "account" --rev-id c1
expect_code 0
[ "$(cache_dbs | wc -w)" = 2 ] && pass || fail "expected 2 kept databases: $(cache_dbs)"
[[ "$(cache_dbs)" != *":f"* ]] && pass || fail "a kept database has no dump: $(cache_dbs)"
first=$(cache_dbs)
m -q upgrade head
m check
expect_code 0
expect_out "No new upgrade operations detected."
# The revisions changed (c1 is new), schema.sql did not: one side built again, the old one gone.
[ "$(cache_dbs | wc -w)" = 2 ] && pass || fail "expected 2 kept databases: $(cache_dbs)"
[ "$(comm -12 <(tr ' ' '\n' <<<"$first" | sort) <(cache_dbs | tr ' ' '\n' | sort) | wc -l)" = 1 ] \
  && pass || fail "expected one side kept from the first run: $first -> $(cache_dbs)"
oids=$(cache_oids)
m check
expect_code 0
[ "$(cache_oids)" = "$oids" ] && pass || fail "an unchanged side was built again: $oids -> $(cache_oids)"
m revision --autogenerate -m "nothing"
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."
[ "$(cache_oids)" = "$oids" ] && pass || fail "revision (to head) did not read what check (to heads) kept: $oids -> $(cache_oids)"
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"
# schema.sql changes: the change is found with the replay read from the cache.
echo "CREATE TABLE account (id int PRIMARY KEY, name text);" >migrations/schema.sql
m check
expect_error "New upgrade operations detected: [ALTER TABLE public.account ADD COLUMN name text]"
# An applied revision edited in place is a new replay, not the kept one.
sed -i 's/^    id integer NOT NULL,$/    id integer NOT NULL,\n    name text,/' migrations/versions/c1_account.sql
grep -q "name text" migrations/versions/c1_account.sql && pass || fail "the test did not edit the revision: $(cat migrations/versions/c1_account.sql)"
m check
expect_code 0
expect_out "No new upgrade operations detected."
# A kept dump made by another pg_dump version is made again, not compared.
for db in $(cache_dbs | tr ' ' '\n' | cut -d: -f1 | grep _d_); do
  psql -X -q -d postgres -c "COMMENT ON DATABASE $db IS '-- Dumped by pg_dump version 0.1
CREATE TABLE public.ghost (id integer);'"
done
m check
expect_code 0
expect_out "No new upgrade operations detected."
[[ "$(sql postgres "SELECT string_agg(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname LIKE 'migrate\\_cache\\_%'")" != *ghost* ]] \
  && pass || fail "a kept dump of another pg_dump version was not made again"

case_ "autogenerate_cache = false keeps nothing"
drop_cache
project
sed -i "s|^\[alembic\]$|[alembic]\nautogenerate_cache = false|" alembic.ini
echo "CREATE TABLE account (id int PRIMARY KEY);" >migrations/schema.sql
m revision --autogenerate -m "account" --rev-id c1
expect_code 0
m check
expect_code 1
[ -z "$(cache_dbs)" ] && pass || fail "kept databases with the cache off: $(cache_dbs)"
[ "$(scratch_left)" = 0 ] && pass || fail "scratch databases left: $(scratch_left)"

case_ "pg_dump --schema-only of the example database is a schema.sql check accepts; so is dump-schema's"
new_project
sed -i "s|^\[alembic\]$|[alembic]\ndev_url = ${DEV_URL//&/\\&}|" alembic.ini
new_database
m -q upgrade head
expect_code 0
pg_dump --schema-only -d "$DB" >migrations/schema.sql
# pg_dump 15.14 and later open and close the script with psql's \restrict; older ones do not.
grep -q '^\\restrict ' migrations/schema.sql || sed -i '1i \\restrict K3y' migrations/schema.sql
grep -q '^\\unrestrict ' migrations/schema.sql || echo '\unrestrict K3y' >>migrations/schema.sql
grep -q '^\\restrict ' migrations/schema.sql && pass || fail "no \\restrict line"
m check
expect_code 0
expect_out "No new upgrade operations detected."
m dump-schema -o migrations/schema.sql
expect_code 0
expect_err_contains "Wrote the schema of"
grep -q "CREATE TABLE public.orders" migrations/schema.sql && pass || fail "no orders table: $(head -c 400 migrations/schema.sql)"
grep -q 'alembic_version\|^\\restrict\|Dumped by pg_dump' migrations/schema.sql \
  && fail "dump-schema kept the version table, a meta-command or pg_dump's version: $(grep -n 'alembic_version\|^\\restrict\|Dumped' migrations/schema.sql)" || pass
m check
expect_code 0
expect_out "No new upgrade operations detected."
m dump-schema
expect_code 0
[ "$OUT" = "$(cat migrations/schema.sql)" ] && pass || fail "stdout differs from -o's file"
m revision --autogenerate -m "nothing"
expect_out "No changes in schema detected; no revision written (--allow-empty writes one anyway)."

case_ "check --format json: one document with the operations, exit 1 when there are some"
valid() {
  printf '%s' "$OUT" | /usr/bin/python3 "$MIGRATE_SOURCE_DIR/tests/e2e/json_valid.py" \
    "$MIGRATE_SOURCE_DIR/docs/json-output.schema.json" check && pass || fail "invalid: $OUT"
}
m check --format json
expect_code 0
valid
# (dump-schema left search_path empty: names are qualified)
echo "CREATE TABLE public.json_probe (id int);" >>migrations/schema.sql
m check --format json
expect_code 1
valid
[[ "$OUT" == *'"CREATE TABLE public.json_probe'* ]] && pass || fail "$OUT"
expect_err_contains "New upgrade operations detected"
