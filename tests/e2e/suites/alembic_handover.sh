# Handover between Alembic 1.8 (Debian's python3-alembic) and migrate on ONE database: a database
# migrated part-way by one tool continues with the other, from the same version rows, and
# nothing already applied is run again (a rerun would fail: CREATE TABLE users exists).

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"
source "$MIGRATE_SOURCE_DIR/tests/e2e/alembic.sh"

new_project
alembic_project

# "Running upgrade a -> b, message" lines without logger prefixes or durations.
steps() { { grep -o 'Running .*' || true; } | sed -E 's/ \([0-9.]+ m?s\)$//'; }
# Alembic's output without its log lines (what `current` prints).
no_log() { { grep -v '^INFO ' || true; }; }
# `current` with several rows: Alembic prints a set of Revision objects (ordered by memory
# address), so only the lines, not their order, are comparable.
current_lines() { no_log | sort; }

# alembic_step ARGS...: Alembic on $DB (a fixed hash seed: set order is stable); must succeed.
# Sets ALEMBIC_OUT.
alembic_step() {
  local code=0
  ALEMBIC_OUT=$(PYTHONHASHSEED=0 run_alembic "$@") || code=$?
  [ "$code" = 0 ] && pass || fail "alembic $* exited $code: $ALEMBIC_OUT"
}
# expect_alembic_steps STEPS: Alembic ran exactly STEPS, in any order (it walks Python sets, so
# the order of independent branches depends on the hash seed; which steps ran is what matters).
expect_alembic_steps() {
  local actual expected
  actual=$(printf '%s\n' "$ALEMBIC_OUT" | steps | sort)
  expected=$(printf '%s\n' "$1" | { grep . || true; } | sort)
  [ "$actual" = "$expected" ] && pass || fail "Alembic's steps differ; got:
$actual
expected:
$expected"
}
expect_migrate_steps() {
  local actual
  actual=$(printf '%s\n' "$ERR" | steps)
  [ "$actual" = "$1" ] && pass || fail "migrate's steps differ; got:
$actual
expected:
$1"
}
# schema DB: schema_of's relations sorted, one a line, without the customised version table.
schema() { schema_of "$1" | tr ' ' '\n' | { grep -v '^meta\.migrate_versions' || true; } | sort; }
expect_schema_like() {
  [ "$(schema "$DB")" = "$(schema "$1")" ] && pass \
    || fail "schema differs; got: $(schema "$DB" | tr '\n' ' ')
expected (Alembic alone): $(schema "$1" | tr '\n' ' ')"
}

# Reference databases migrated by Alembic alone: at head, and after downgrade 3f1e2d4c5b6a.
new_database; REF_HEAD=$DB
run_alembic upgrade head >/dev/null
new_database; REF_DOWN=$DB
run_alembic upgrade head >/dev/null
run_alembic downgrade 3f1e2d4c5b6a >/dev/null

# The database both tools share (new_database points DATABASE_URL and ALEMBIC_TEST_URL at it).
new_database

case_ "Alembic upgrades part-way to 53fffde5ad51"
unset OUT ERR CODE
alembic_step upgrade 53fffde5ad51
expect_rows "53fffde5ad51"

case_ "migrate current reads Alembic's version rows"
m current
expect_code 0
expect_out "53fffde5ad51 (mergepoint)"
expect_like_alembic current_lines current

case_ "migrate upgrade head runs only the remaining steps after Alembic"
m upgrade head
expect_code 0
expect_migrate_steps "Running upgrade  -> b111ab1e0001, billing base
Running upgrade b111ab1e0001 -> b111ab1e0002, create invoices
Running upgrade 53fffde5ad51 -> 9c0ffee11223, index orders concurrently
Running upgrade 9c0ffee11223, b111ab1e0002 -> d00dfeed0001, merge billing into main
Running upgrade d00dfeed0001 -> e1f2a3b4c5d6, add note to orders"
expect_rows "e1f2a3b4c5d6"
expect_schema_like "$REF_HEAD"

case_ "history --applied shows migrate's steps only; verify counts Alembic's apart"
m history --applied
expect_code 0
[ "$(printf '%s\n' "$OUT" | sed -E 's/^[0-9-]+ [0-9:.]+ UTC  ([a-z]+ [^ ]+ -> [^ ]+)  .*$/\1/')" = "upgrade d00dfeed0001 -> e1f2a3b4c5d6
upgrade 9c0ffee11223,b111ab1e0002 -> d00dfeed0001
upgrade 53fffde5ad51 -> 9c0ffee11223
upgrade b111ab1e0001 -> b111ab1e0002
upgrade <base> -> b111ab1e0001" ] && pass || fail "history --applied: $OUT"
m verify
expect_code 0
expect_out "5 applied revisions match their files; 5 applied without a log row (by Alembic, or before the log)"

case_ "Alembic sees migrate's head and has nothing to do"
alembic_step current
[ "$(printf '%s\n' "$ALEMBIC_OUT" | no_log)" = "e1f2a3b4c5d6 (head)" ] && pass \
  || fail "Alembic's current: $ALEMBIC_OUT"
alembic_step upgrade head
expect_alembic_steps ""
expect_rows "e1f2a3b4c5d6"

case_ "migrate downgrades to 3f1e2d4c5b6a"
m downgrade 3f1e2d4c5b6a
expect_code 0
expect_migrate_steps "Running downgrade e1f2a3b4c5d6 -> d00dfeed0001, add note to orders
Running downgrade d00dfeed0001 -> 9c0ffee11223, b111ab1e0002, merge billing into main
Running downgrade 9c0ffee11223 -> 53fffde5ad51, index orders concurrently
Running downgrade 53fffde5ad51 -> ae1027a6acf0, 3f1e2d4c5b6a, merge orders and phone branches"
# Alembic 1.8 keeps no row for ae1027a6acf0 here either (its unmerge to a target): as Alembic alone.
expect_rows "3f1e2d4c5b6a,b111ab1e0002"
[ "$(rows "$REF_DOWN")" = "3f1e2d4c5b6a,b111ab1e0002" ] && pass || fail "Alembic alone: $(rows "$REF_DOWN")"
expect_schema_like "$REF_DOWN"

case_ "Alembic's current after migrate's downgrade equals migrate's"
m current
expect_code 0
expect_like_alembic current_lines current

case_ "Alembic continues from migrate's downgrade to head, rerunning nothing"
unset OUT ERR CODE
alembic_step upgrade head
expect_alembic_steps "Running upgrade ae1027a6acf0, 3f1e2d4c5b6a -> 53fffde5ad51, merge orders and phone branches
Running upgrade 53fffde5ad51 -> 9c0ffee11223, index orders concurrently
Running upgrade 9c0ffee11223, b111ab1e0002 -> d00dfeed0001, merge billing into main
Running upgrade d00dfeed0001 -> e1f2a3b4c5d6, add note to orders"
expect_rows "e1f2a3b4c5d6"
expect_schema_like "$REF_HEAD"

case_ "migrate current after Alembic's upgrade equals Alembic's current"
m current
expect_code 0
expect_out "e1f2a3b4c5d6 (head)"
expect_like_alembic current_lines current
m upgrade head
expect_code 0
expect_migrate_steps ""

case_ "Alembic downgrades to base what migrate and Alembic applied together"
unset OUT ERR CODE
alembic_step downgrade base
expect_rows ""
[ "$(schema "$DB")" = "" ] && pass || fail "left behind: $(schema "$DB" | tr '\n' ' ')"

# --- A customised version table: version_table and version_table_schema -----------------------
# The twin's env.py (generated in this run's temporary project) gets the same two settings.
case_ "customised version table: the twin's env.py takes version_table and version_table_schema"
unset OUT ERR CODE
sed -i 's/context.configure(connection=connection, /context.configure(connection=connection, version_table="migrate_versions", version_table_schema="meta", /' \
  "$ALEMBIC_DIR/env.py"
grep -q 'version_table_schema="meta"' "$ALEMBIC_DIR/env.py" && pass || fail "env.py was not changed"
printf 'version_table = migrate_versions\nversion_table_schema = meta\n' >>alembic.ini
new_database
sql "$DB" "CREATE SCHEMA meta"
meta_rows() {
  sql "$DB" "SELECT string_agg(version_num, ',' ORDER BY version_num) FROM meta.migrate_versions" 2>/dev/null \
    || echo "(no version table)"
}
no_default_table() {
  [ "$(sql "$DB" "SELECT to_regclass('public.alembic_version') IS NULL")" = t ] && pass \
    || fail "public.alembic_version was created"
}

case_ "customised version table: migrate upgrades part-way"
m upgrade 27c6a30d7c24
expect_code 0
[ "$(meta_rows)" = "27c6a30d7c24" ] && pass || fail "meta.migrate_versions: $(meta_rows)"
no_default_table

case_ "customised version table: Alembic continues to head from migrate's rows"
unset OUT ERR CODE
alembic_step upgrade heads
expect_alembic_steps "Running upgrade 27c6a30d7c24 -> 3f1e2d4c5b6a, add phone number to users
Running upgrade 27c6a30d7c24 -> ae1027a6acf0, create orders table
Running upgrade ae1027a6acf0, 3f1e2d4c5b6a -> 53fffde5ad51, merge orders and phone branches
Running upgrade  -> b111ab1e0001, billing base
Running upgrade b111ab1e0001 -> b111ab1e0002, create invoices
Running upgrade 53fffde5ad51 -> 9c0ffee11223, index orders concurrently
Running upgrade 9c0ffee11223, b111ab1e0002 -> d00dfeed0001, merge billing into main
Running upgrade d00dfeed0001 -> e1f2a3b4c5d6, add note to orders"
[ "$(meta_rows)" = "e1f2a3b4c5d6" ] && pass || fail "meta.migrate_versions: $(meta_rows)"
no_default_table
expect_schema_like "$REF_HEAD"

case_ "customised version table: migrate reads Alembic's rows and downgrades"
m current
expect_code 0
expect_out "e1f2a3b4c5d6 (head)"
m downgrade 3f1e2d4c5b6a
expect_code 0
[ "$(meta_rows)" = "3f1e2d4c5b6a,b111ab1e0002" ] && pass || fail "meta.migrate_versions: $(meta_rows)"
m current
expect_like_alembic current_lines current

case_ "customised version table: Alembic upgrades from migrate's downgrade, rerunning nothing"
unset OUT ERR CODE
alembic_step upgrade head
expect_alembic_steps "Running upgrade ae1027a6acf0, 3f1e2d4c5b6a -> 53fffde5ad51, merge orders and phone branches
Running upgrade 53fffde5ad51 -> 9c0ffee11223, index orders concurrently
Running upgrade 9c0ffee11223, b111ab1e0002 -> d00dfeed0001, merge billing into main
Running upgrade d00dfeed0001 -> e1f2a3b4c5d6, add note to orders"
[ "$(meta_rows)" = "e1f2a3b4c5d6" ] && pass || fail "meta.migrate_versions: $(meta_rows)"
no_default_table
