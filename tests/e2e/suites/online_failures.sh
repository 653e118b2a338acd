# Failures against a real server: nothing is half-applied, and the error names the revision
# file and the line where the failing statement starts, with SQLSTATE.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

# ten_revisions: r01..r10, each creating table t_NN; r05's second statement fails at line 8.
ten_revisions() {
  empty_dir
  m init migrations >/dev/null
  local i previous=""
  for i in 01 02 03 04 05 06 07 08 09 10; do
    {
      printf -- '-- message: revision %s\n-- revision: r%s\n-- down_revision: %s\n\n' "$i" "$i" "$previous"
      printf -- '-- migrate:upgrade\nCREATE TABLE t_%s (id int PRIMARY KEY);\n' "$i"
      if [ "$i" = 05 ]; then printf -- '-- the next statement fails\nINSERT INTO no_such_table VALUES (1);\n'; fi
      printf -- '\n-- migrate:downgrade\nDROP TABLE t_%s;\n' "$i"
    } >"migrations/versions/r${i}.sql"
    previous="r$i"
  done
}

tables() { sql "$DB" "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables WHERE tablename LIKE 't\_%'"; }

case_ "a failing 5th revision with one transaction per run: nothing applied"
ten_revisions
new_database
m upgrade head
expect_code 3
# The steps before it were logged as they ran; then one error (and its statement).
expect_err_contains "Running upgrade r03 -> r04, revision 04"
expect_err_contains "
migrate: error: $PROJECT/migrations/versions/r05.sql:8: upgrade r04 -> r05 failed: ERROR 42P01: relation \"no_such_table\" does not exist; rolled back: nothing of this run was applied
  statement: INSERT INTO no_such_table VALUES (1);"
[ "$(printf '%s\n' "$ERR" | grep -c '^migrate: error:')" = 1 ] && pass || fail "not exactly one error line"
[ "$(tables)" = "" ] && pass || fail "tables left: $(tables)"
[ "$(sql "$DB" "SELECT to_regclass('alembic_version') IS NULL")" = "t" ] && pass || fail "alembic_version was created"

case_ "the same with an existing version table: its rows are unchanged"
m upgrade r02
expect_code 0
m upgrade head
expect_code 3
expect_rows "r02"
[ "$(tables)" = "t_01,t_02" ] && pass || fail "tables: $(tables)"

case_ "with transaction_per_migration, revisions 1-4 stay applied"
sed -i 's/^\[alembic\]$/[alembic]\ntransaction_per_migration = true/' alembic.ini
new_database
m upgrade head
expect_code 3
expect_err_contains "r05.sql:8: upgrade r04 -> r05 failed: ERROR 42P01: relation \"no_such_table\" does not exist; this revision was rolled back; the revisions before it stay applied"
expect_rows "r04"
[ "$(tables)" = "t_01,t_02,t_03,t_04" ] && pass || fail "tables: $(tables)"

case_ "a syntax error is placed on its line too"
sed -i 's/^INSERT INTO no_such_table VALUES (1);$/SELEC 1;/' migrations/versions/r05.sql
new_database
m upgrade head
expect_code 3
expect_err_contains "r05.sql:8: upgrade r04 -> r05 failed: ERROR 42601: syntax error at or near \"SELEC\""

case_ "detail and hint are shown"
cat >migrations/versions/r05.sql <<'SQL'
-- message: revision 05
-- revision: r05
-- down_revision: r04

-- migrate:upgrade
CREATE TABLE t_05 (id int PRIMARY KEY);
INSERT INTO t_05 VALUES (1);
DO $$ BEGIN
  RAISE EXCEPTION 'custom failure' USING DETAIL = 'some detail', HINT = 'do this instead';
END $$;

-- migrate:downgrade
DROP TABLE t_05;
SQL
new_database
m upgrade head
expect_code 3
expect_err_contains "r05.sql:8: upgrade r04 -> r05 failed: ERROR P0001: custom failure;"
expect_err_contains "  detail: some detail"
expect_err_contains "  hint: do this instead"

case_ "transactional: false with two CREATE INDEX CONCURRENTLY applies"
empty_dir
m init migrations >/dev/null
cat >migrations/versions/a.sql <<'SQL'
-- message: table
-- revision: a
-- down_revision:

-- migrate:upgrade
CREATE TABLE items (id int, name text);

-- migrate:downgrade
DROP TABLE items;
SQL
cat >migrations/versions/b.sql <<'SQL'
-- message: indexes
-- revision: b
-- down_revision: a
-- transactional: false

-- migrate:upgrade
CREATE INDEX CONCURRENTLY items_id ON items (id);
CREATE INDEX CONCURRENTLY items_name ON items (name);

-- migrate:downgrade
DROP INDEX CONCURRENTLY items_name;
DROP INDEX CONCURRENTLY items_id;
SQL
new_database
m upgrade head
expect_code 0
expect_rows "b"
[ "$(sql "$DB" "SELECT string_agg(indexname, ',' ORDER BY 1) FROM pg_indexes WHERE tablename = 'items'")" = "items_id,items_name" ] \
  && pass || fail "indexes missing"
m downgrade base
expect_code 0
expect_rows ""

case_ "a failing statement in a transactional: false revision: earlier statements stay"
sed -i 's/^CREATE INDEX CONCURRENTLY items_name ON items (name);$/CREATE INDEX CONCURRENTLY items_name ON items (nope);/' migrations/versions/b.sql
m upgrade head
expect_code 3
expect_err_contains "b.sql:8: upgrade a -> b failed: ERROR 42703: column \"nope\" does not exist; this revision is transactional: false, so its statements before this one stay applied and its version row was not changed"
expect_rows "a"

case_ "an unterminated quote in a transactional: false revision stops the run before anything runs"
cat >migrations/versions/b.sql <<'SQL'
-- message: indexes
-- revision: b
-- down_revision: a
-- transactional: false

-- migrate:upgrade
CREATE INDEX CONCURRENTLY items_id ON items (id);
SELECT 'unterminated;

-- migrate:downgrade
SQL
new_database
m upgrade head
expect_error "$PROJECT/migrations/versions/b.sql:8:8: unterminated quoted string"
[ "$(sql "$DB" "SELECT to_regclass('alembic_version') IS NULL")" = "t" ] && pass || fail "something ran"

case_ "a version-row UPDATE that matches no row is refused and rolled back"
ten_revisions
sed -i '/^INSERT INTO no_such_table/d; /^-- the next statement fails/d' migrations/versions/r05.sql
new_database
m upgrade r03
# A trigger that silently skips updates stands in for a table changed behind our back.
sql "$DB" "CREATE FUNCTION skip_row() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NULL; END \$\$;
           CREATE TRIGGER skip BEFORE UPDATE ON alembic_version FOR EACH ROW EXECUTE FUNCTION skip_row()" >/dev/null
m upgrade r04
expect_code 3
expect_err_contains "Online migration expected to match one row when updating 'r03' to 'r04' in 'alembic_version'; 0 found"
expect_rows "r03"
[ "$(tables)" = "t_01,t_02,t_03" ] && pass || fail "tables: $(tables)"
# Several revisions in one transaction: each writes its own row change, so the first one fails.
m upgrade r06
expect_code 3
expect_err "INFO  [migrate] Running upgrade r03 -> r04, revision 04
migrate: error: $PROJECT/migrations/versions/r04.sql:6: upgrade r03 -> r04 failed: ERROR P0001: Online \
migration expected to match one row when updating 'r03' to 'r04' in 'alembic_version'; 0 found; \
rolled back: nothing of this run was applied (the failing statement could not be placed; the line is \
the section's first)"
expect_rows "r03"
[ "$(tables)" = "t_01,t_02,t_03" ] && pass || fail "tables: $(tables)"
sql "$DB" "DROP TRIGGER skip ON alembic_version" >/dev/null
m upgrade r06
expect_code 0
expect_rows "r06"
[ "$(tables)" = "t_01,t_02,t_03,t_04,t_05,t_06" ] && pass || fail "tables: $(tables)"
m downgrade base
expect_code 0
expect_rows ""

# Each message commits in this mode, so the count is checked on the server before the COMMIT.
case_ "transaction_per_migration: a version-row UPDATE or DELETE that matches no row is refused"
sed -i 's/^\[alembic\]$/[alembic]\ntransaction_per_migration = true/' alembic.ini
new_database
m upgrade r03
sql "$DB" "CREATE FUNCTION skip_row() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NULL; END \$\$;
           CREATE TRIGGER skip BEFORE UPDATE OR DELETE ON alembic_version FOR EACH ROW EXECUTE FUNCTION skip_row()" >/dev/null
m upgrade r05
expect_code 3
expect_err "INFO  [migrate] Running upgrade r03 -> r04, revision 04
migrate: error: $PROJECT/migrations/versions/r04.sql:6: upgrade r03 -> r04 failed: ERROR \
P0001: Online migration expected to match one row when updating 'r03' to 'r04' in 'alembic_version'; \
0 found; this revision was rolled back; the revisions before it stay applied (the failing statement \
could not be placed; the line is the section's first)"
expect_rows "r03"
[ "$(tables)" = "t_01,t_02,t_03" ] && pass || fail "tables: $(tables)"
sql "$DB" "DROP TRIGGER skip ON alembic_version" >/dev/null
m downgrade r01
expect_code 0
sql "$DB" "CREATE TRIGGER skip BEFORE UPDATE OR DELETE ON alembic_version FOR EACH ROW EXECUTE FUNCTION skip_row()" >/dev/null
m downgrade base
expect_code 3
expect_err "INFO  [migrate] Running downgrade r01 -> , revision 01
migrate: error: $PROJECT/migrations/versions/r01.sql:9: downgrade r01 ->  failed: ERROR \
P0001: Online migration expected to match one row when deleting 'r01' in 'alembic_version'; 0 found; \
this revision was rolled back; the revisions before it stay applied (the failing statement could not \
be placed; the line is the section's first)"
expect_rows "r01"
[ "$(tables)" = "t_01" ] && pass || fail "tables: $(tables)"
sql "$DB" "DROP TRIGGER skip ON alembic_version" >/dev/null
sed -i '/^transaction_per_migration = true$/d' alembic.ini

case_ "transaction_per_migration: a revision running DEALLOCATE ALL leaves the checks working"
ten_revisions
sed -i '/^INSERT INTO no_such_table/d; /^-- the next statement fails/d' migrations/versions/r05.sql
sed -i 's/^CREATE TABLE t_03 (id int PRIMARY KEY);$/&\nDEALLOCATE ALL;/' migrations/versions/r03.sql
sed -i 's/^\[alembic\]$/[alembic]\ntransaction_per_migration = true/' alembic.ini
new_database
m upgrade r04
expect_code 0
expect_rows "r04"
sql "$DB" "CREATE FUNCTION skip_row() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NULL; END \$\$;
           CREATE TRIGGER skip BEFORE UPDATE ON alembic_version FOR EACH ROW EXECUTE FUNCTION skip_row()" >/dev/null
m downgrade r02
expect_code 3
expect_err_contains "r04.sql:9: downgrade r04 -> r03 failed: ERROR P0001: Online migration expected to \
match one row when updating 'r04' to 'r03' in 'alembic_version'; 0 found"
expect_rows "r04"
sql "$DB" "DROP TRIGGER skip ON alembic_version" >/dev/null
m downgrade base
expect_code 0
m upgrade head
expect_code 0
expect_rows "r10"
sed -i '/^transaction_per_migration = true$/d' alembic.ini

case_ "transactional: false: a version-row UPDATE that matches no row is refused"
sed -i 's/^-- down_revision: r03$/-- down_revision: r03\n-- transactional: false/' migrations/versions/r04.sql
new_database
m upgrade r03
sql "$DB" "CREATE FUNCTION skip_row() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NULL; END \$\$;
           CREATE TRIGGER skip BEFORE UPDATE ON alembic_version FOR EACH ROW EXECUTE FUNCTION skip_row()" >/dev/null
m upgrade r04
expect_code 3
expect_err "INFO  [migrate] Running upgrade r03 -> r04, revision 04
migrate: error: $PROJECT/migrations/versions/r04.sql:7: upgrade r03 -> r04 failed: ERROR P0001: Online \
migration expected to match one row when updating 'r03' to 'r04' in 'alembic_version'; 0 found; this \
revision is transactional: false: its statements ran and stay applied, but its version row was not \
changed (the failing statement could not be placed; the line is the section's first)"
expect_rows "r03"
sql "$DB" "DROP TRIGGER skip ON alembic_version" >/dev/null
sed -i '/^-- transactional: false$/d' migrations/versions/r04.sql

case_ "downgrading through an irreversible revision is refused before anything runs"
new_database
m upgrade head
sed -i '/^-- migrate:downgrade$/,$d' migrations/versions/r08.sql
m downgrade base
expect_error "$PROJECT/migrations/versions/r08.sql: revision r08 has no '-- migrate:downgrade' section, so it cannot be downgraded; add one (it may be empty) to make it reversible"
expect_rows "r10"

case_ "statement_timeout applies to the run's statements"
empty_dir
m init migrations >/dev/null
sed -i 's/^\[alembic\]$/[alembic]\nstatement_timeout = 300ms/' alembic.ini
cat >migrations/versions/slow.sql <<'SQL'
-- message: slow
-- revision: slow
-- down_revision:

-- migrate:upgrade
CREATE TABLE slow_t (id int);
SELECT pg_sleep(5);

-- migrate:downgrade
DROP TABLE slow_t;
SQL
new_database
m upgrade head
expect_code 3
expect_err_contains "slow.sql:7: upgrade  -> slow failed: ERROR 57014: canceling statement due to statement timeout"
[ "$(sql "$DB" "SELECT to_regclass('slow_t') IS NULL")" = "t" ] && pass || fail "slow_t was left behind"

case_ "an unterminated quote in a revision: PostgreSQL's error, the file and its line from the top"
ten_revisions
printf -- "-- migrate:upgrade\nCREATE TABLE t_x (id int);\nSELECT 'never closed;\n" \
  | sed -i '/^-- migrate:upgrade$/{
r /dev/stdin
d
}' migrations/versions/r02.sql
new_database
m -q upgrade r02
expect_code 3
expect_err_contains "migrate: error: $PROJECT/migrations/versions/r02.sql:7: upgrade r01 -> r02 failed: ERROR 42601: unterminated quoted string at or near"
expect_err_lacks "Unterminated"
[ "$(tables)" = "" ] && pass || fail "tables left: $(tables)"

case_ "set-up failures name the set-up step, not a revision"
ten_revisions
sed -i 's/^\[alembic\]$/[alembic]\nversion_table_schema = no_such_schema/' alembic.ini
new_database
m -q upgrade r01
expect_error "set-up step 'creating the version table no_such_schema.alembic_version' failed: ERROR 3F000: schema \"no_such_schema\" does not exist; no revision ran" 3
expect_rows "(no version table)"
sed -i '/^version_table_schema = no_such_schema$/d' alembic.ini
sql "$DB" "ALTER DATABASE $DB SET default_transaction_read_only = on" >/dev/null
m -q upgrade r01
expect_error "set-up step 'creating the version table alembic_version' failed: ERROR 25006: cannot execute CREATE TABLE in a read-only transaction; no revision ran" 3
m -q ensure_version
expect_error "set-up step 'creating the version table alembic_version' failed: ERROR 25006: cannot execute CREATE TABLE in a read-only transaction; no revision ran" 3

case_ "a version row holding a terminal escape or a newline is printed escaped"
new_database
m upgrade r01
sql "$DB" "INSERT INTO alembic_version VALUES (E'evil\\x1b[31m'), (E'two\\nlines')" >/dev/null
m current
expect_code 1
[[ "$ERR" != *$'\x1b'* ]] && pass || fail "a raw escape byte reached the terminal"
expect_err_contains "'evil\\x1b[31m'"
[ "$(printf '%s\n' "$ERR" | grep -c .)" = 1 ] && pass || fail "expected one error line: $ERR"

case_ "the backend killed mid-revision: the revision is named, nothing is applied, a re-run works"
ten_revisions
sed -i 's/^CREATE TABLE t_03 (id int PRIMARY KEY);$/&\nSELECT pg_sleep(30);/' migrations/versions/r03.sql
new_database
start_migrate killed upgrade r04
wait_for 10 "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%'
             AND state = 'active' AND pid <> pg_backend_pid())" && pass || fail "r03 did not start"
sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%'
           AND pid <> pg_backend_pid()" >/dev/null
CODE=0
wait "$BG_PID" || CODE=$?
ERR=$(cat "$E2E_ROOT/killed.err")
expect_code 3
expect_err_contains "migrate: error: $PROJECT/migrations/versions/r03.sql:7: upgrade r02 -> r03 failed: ERROR 57P01: terminating connection due to administrator command; rolled back: nothing of this run was applied"
expect_rows "(no version table)"
sed -i '/^SELECT pg_sleep(30);$/d' migrations/versions/r03.sql
m upgrade r04
expect_code 0
expect_rows "r04"
