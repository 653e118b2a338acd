# Quality gates as a user meets them: `lint` (PostgreSQL's parser, the rule table, lint-ignore,
# --format json, the lint key in revision and upgrade) and `test` (the single-head check and the
# stairway in a scratch database, passing on the example project and naming the revision whose
# downgrade forgets an index).

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

# add_revision ID PARENT BODY [DOWNGRADE]: a revision file in the project (no downgrade section
# when DOWNGRADE is "-").
add_revision() {
  local file="migrations/versions/$1_gate.sql"
  printf -- '-- message: gate %s\n-- revision: %s\n-- down_revision: %s\n\n-- migrate:upgrade\n%s\n' \
    "$1" "$1" "$2" "$3" >"$file"
  if [ "${4:-}" != "-" ]; then printf -- '\n-- migrate:downgrade\n%s\n' "${4:-}" >>"$file"; fi
}

case_ "lint on the example project: warnings only, exit 0"
new_project
unset DATABASE_URL
m lint
expect_code 0
V=$PROJECT/migrations/versions
expect_out "$V/2026-09-08_27c6a30d7c24_add_email_to_users.sql:9: set-not-null: warning: SET NOT NULL on users.email: add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it, then SET NOT NULL and drop the check
$V/2026-09-08_27c6a30d7c24_add_email_to_users.sql:10: unique-constraint-builds-index: warning: ADD UNIQUE on users: CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX"
expect_err "INFO  [migrate] Linted 10 revisions: 0 errors, 2 warnings"
m lint --format json
expect_code 0
json_valid lint
[[ "$OUT" == *'"warnings": 2'* && "$OUT" == *'"errors": 0'* ]] && pass || fail "counts: $OUT"

case_ "an error-level finding: file:line of the statement, after a multi-line comment and a \$\$ body"
add_revision f00d00000001 e1f2a3b4c5d6 "/* the orders
   are big; really */
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
  RETURN NEW;
END
\$\$;
CREATE INDEX orders_note_idx
  ON orders (note);" "DROP INDEX orders_note_idx;
DROP FUNCTION touch();"
m lint f00d00000001
expect_code 1
expect_err_contains "migrate: error: lint found 1 error; the first: $V/f00d00000001_gate.sql:13: create-index-not-concurrently: error: CREATE INDEX on orders: use CREATE INDEX CONCURRENTLY in a revision with transactional: false"
expect_out "$V/f00d00000001_gate.sql:13: create-index-not-concurrently: error: CREATE INDEX on orders: use CREATE INDEX CONCURRENTLY in a revision with transactional: false"
m lint f00d00000001 --format json
expect_code 1
json_valid lint
[[ "$OUT" == *'"rule": "create-index-not-concurrently"'* && "$OUT" == *'"line": 13'* ]] && pass || fail "json: $OUT"

case_ "-- migrate:lint-ignore on the line before silences it"
sed -i 's/^CREATE INDEX orders_note_idx$/-- migrate:lint-ignore create-index-not-concurrently\nCREATE INDEX orders_note_idx/' "$V/f00d00000001_gate.sql"
m lint f00d00000001
expect_code 0
expect_err "INFO  [migrate] Linted 1 revision: no findings"
m heads
expect_out "f00d00000001 (billing) (head)"

case_ "a syntax error is PostgreSQL's message, at its line, in either section"
add_revision f00d00000002 f00d00000001 "ALTER TABLE orders
  ADD COLUMN total numeric;" "ALTER TABLE orders
  DROP COLUMN totl nope;"
m lint f00d00000002
expect_code 1
expect_out_contains "$V/f00d00000002_gate.sql:11: syntax-error: error: syntax error at or near \"nope\" (character 39 of the statement at line 10)"

case_ "a revision without a downgrade section"
rm "$V/f00d00000002_gate.sql"
add_revision f00d00000003 f00d00000001 "SELECT 1;" -
m lint f00d00000003
expect_code 0
expect_out "$V/f00d00000003_gate.sql:5: missing-downgrade: warning: revision f00d00000003 has no downgrade section: add a -- migrate:downgrade section (empty when there is nothing to undo)"

case_ "lint = error: upgrade refuses a revision with an error-level finding, nothing applied"
rm "$V/f00d00000003_gate.sql"
new_database
m -q upgrade e1f2a3b4c5d6
add_revision f00d00000004 f00d00000001 "CREATE INDEX orders_id_idx ON orders (id);" "DROP INDEX orders_id_idx;"
sed -i 's/^\[alembic\]$/[alembic]\nlint = error/' alembic.ini
m upgrade head
expect_error "$V/f00d00000004_gate.sql:6: create-index-not-concurrently: error: CREATE INDEX on orders: use CREATE INDEX CONCURRENTLY in a revision with transactional: false; nothing was applied (lint = error; 'migrate lint' lists every finding)"
expect_rows e1f2a3b4c5d6
m lint
expect_code 1
expect_err_contains "Linted 2 revisions: 1 error, 0 warnings"

case_ "lint = warn: upgrade warns and applies"
sed -i 's/^lint = error$/lint = warn/' alembic.ini
m upgrade head
expect_code 0
expect_err_contains "migrate: warning: $V/f00d00000004_gate.sql:6: create-index-not-concurrently: error: CREATE INDEX on orders"
expect_rows f00d00000004
m lint
expect_code 0
expect_err "INFO  [migrate] Linted 0 revisions: no findings"

case_ "revision lints the file it writes (the lint key unset: new revisions only)"
sed -i '/^lint = warn$/d' alembic.ini
m revision -m "empty one" --rev-id f00d00000005
expect_code 0
expect_err_lacks "warning"
sed -i 's/^\${upgrades}$/LOCK TABLE orders IN SHARE MODE;/' migrations/script.sql.tmpl
m revision -m "with a lock" --rev-id f00d00000006
expect_code 0
F=$(ls "$V"/*f00d00000006*)
expect_err "migrate: warning: $F:9: lock-table: warning: LOCK TABLE: take no explicit lock; let each statement take the lock it needs, under lock_timeout"
m upgrade head
expect_code 0
expect_err_lacks "warning"
sed -i 's/^lint = off$//; s/^\[alembic\]$/[alembic]\nlint = off/' alembic.ini
m revision -m "with a lock too" --rev-id f00d00000007
expect_code 0
expect_err_lacks "warning"

case_ "test passes on the example project"
new_project
V=$PROJECT/migrations/versions
new_database
# The scratch databases go on the server as a role of this suite's own, so what it leaves
# behind can be told from other suites' scratch databases on the shared server.
GATE_ROLE="gate_$$"
sql postgres "CREATE ROLE $GATE_ROLE LOGIN CREATEDB"
m test --dev-url "postgresql:///postgres?host=$PGHOST&port=$PGPORT&user=$GATE_ROLE"
expect_code 0
expect_out "Stairway passed: 10 revisions upgraded, downgraded and upgraded again; head matches schema.sql"
expect_err_contains "Upgraded, downgraded and upgraded again: upgrade 9c0ffee11223, b111ab1e0002 -> d00dfeed0001, merge billing into main"
[ "$(rows "$DB")" = "(no version table)" ] && pass || fail "test touched the target database: $(rows "$DB")"
left=$(sql postgres "SELECT string_agg(d.datname, ' ') FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '$GATE_ROLE'")
[ -z "$left" ] && pass || fail "scratch databases left behind: $left"

case_ "test names the revision whose downgrade forgets to drop its index"
add_revision f00d00000007 e1f2a3b4c5d6 "CREATE INDEX orders_note_idx ON orders (note);
ALTER TABLE orders ADD COLUMN shipped boolean;" "ALTER TABLE orders DROP COLUMN shipped;"
add_revision f00d00000008 f00d00000007 "SELECT 1;" ""
m test
expect_code 1
expect_err_contains "migrate: error: $V/f00d00000007_gate.sql: revision f00d00000007: its downgrade does not restore the schema its upgrade started from (- before the upgrade, + after the downgrade):
  + CREATE INDEX orders_note_idx ON public.orders USING btree (note);"
[ "$(printf '%s\n' "$ERR" | tail -1)" = "  + CREATE INDEX orders_note_idx ON public.orders USING btree (note);" ] && pass \
  || fail "more than the index differs"
expect_err_contains "Upgraded, downgraded and upgraded again: upgrade d00dfeed0001 -> e1f2a3b4c5d6, add note to orders"
expect_err_lacks "f00d00000008"

case_ "test: the head against schema.sql"
sed -i 's/^ALTER TABLE orders DROP COLUMN shipped;$/ALTER TABLE orders DROP COLUMN shipped;\nDROP INDEX orders_note_idx;/' "$V/f00d00000007_gate.sql"
m test
expect_code 1
expect_err_contains "migrate: error: $PROJECT/migrations/schema.sql: the revisions up to head do not build this schema (- in schema.sql, + built by the revisions):"
expect_err_contains "+ CREATE INDEX orders_note_idx ON public.orders USING btree (note);"

case_ "test: two heads fail before any database work"
add_revision f00d00000009 e1f2a3b4c5d6 "SELECT 1;" ""
m test
expect_error "there are 2 heads (f00d00000008, f00d00000009); merge them ('migrate merge heads -m \"merge\"') so upgrade head has one target"
sql postgres "DROP ROLE IF EXISTS $GATE_ROLE" >/dev/null 2>&1 || true
