# convert-alembic against a real Alembic 1.8 project (Debian's python3-alembic), built by Alembic's
# own `init`, `revision` and `merge` commands: 15 revisions with two branches, a merge, a branch
# label, depends_on, op.execute with a $$ body, bulk_insert, an enum, an autocommit block. The
# converted project must hold the SQL Alembic's offline mode writes for each step, and give the
# same heads, history and branches, and the same schema after `upgrade head` and `downgrade base`.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

PY=/usr/bin/python3
empty_dir
ROOT=$PROJECT
$PY "$MIGRATE_SOURCE_DIR/tests/e2e/alembic_source_project.py" "$ROOT/old" full
$PY "$MIGRATE_SOURCE_DIR/tests/e2e/alembic_source_project.py" "$ROOT/hard" hard

# old_alembic ARGS...: Alembic's own CLI in the original project (stdout; its log lines dropped).
old_alembic() { (cd "$ROOT/old" && $PY -m alembic "$@" 2>/dev/null); }

# The schema as pg_dump writes it, normalised (tests/e2e/schema_text.py), migrate's log aside.
dump_of() {
  pg_dump --schema-only --no-owner -d "$1" --exclude-table=alembic_version_log \
    | $PY "$MIGRATE_SOURCE_DIR/tests/e2e/schema_text.py"
}

mkdir "$ROOT/new"
cd "$ROOT/new"
m init migrations
rm migrations/versions/* 2>/dev/null || true

case_ "convert-alembic writes one SQL revision per Python revision, nothing else"
m convert-alembic --python $PY ../old/alembic.ini migrations/versions
expect_code 0
expect_err_contains "Converted 15 revisions with Alembic 1.8"
expect_err_contains "c3_index_posts_concurrently.sql (transactional: false: it uses an autocommit block)"
expect_err_lacks "Remove the .py revision files"
expect_err_lacks "script.sql.tmpl"
[ ! -e ../old/alembic/script.sql.tmpl ] && pass || fail "a conversion into DEST wrote into the source project"
[ "$(ls migrations/versions | grep -c '\.sql$')" = 15 ] && [ "$(ls migrations/versions | grep -vc '\.sql$')" = 0 ] \
  && pass || fail "versions/ holds: $(ls migrations/versions)"
grep -qx -- "-- branch_labels: billing" migrations/versions/b1_create_invoices.sql && pass || fail "b1 lost its label"
grep -qx -- "-- depends_on: a5" migrations/versions/b3_invoice_contact_phone.sql && pass || fail "b3 lost depends_on"
grep -qx -- "-- down_revision: a7, b3" migrations/versions/m1_merge_billing.sql && pass || fail "m1 lost a parent"
grep -qx -- "-- message: create invoices" migrations/versions/b1_create_invoices.sql && pass || fail "b1 lost its message"
created=$(sed -n 's/^Create Date: //p' ../old/alembic/versions/a1_create_users.py)
grep -qx -- "-- create_date: $created" migrations/versions/a1_create_users.sql && pass || fail "a1 lost its date"

case_ "each step's SQL is what Alembic's offline mode writes for it, both directions"
old_alembic upgrade base:head --sql >"$ROOT/up.sql"
old_alembic downgrade head:base --sql >"$ROOT/down.sql"
for direction in upgrade downgrade; do
  short=${direction%grade}
  result=$($PY "$MIGRATE_SOURCE_DIR/tests/e2e/offline_steps.py" $direction "$ROOT/$short.sql" migrations/versions) \
    && pass || fail "$result"
done

# expect_alembic_text ARGS...: `migrate ARGS` prints what `alembic ARGS` prints. Alembic walks
# Python sets (the children of a branch point), so its order depends on the hash seed: ours must
# be one of its outputs.
expect_alembic_text() {
  local seed theirs
  m "$@"
  for seed in 0 1 2 3 4 5 6 7; do
    theirs=$(PYTHONHASHSEED=$seed old_alembic "$@")
    [ "$OUT" = "$theirs" ] && break
  done
  [ "$OUT" = "$theirs" ] && pass || fail "'$*' differs from Alembic's:
$theirs"
}
case_ "heads, history and branches are Alembic's"
expect_alembic_text heads
expect_alembic_text history
expect_alembic_text branches
expect_alembic_text history -r a3:m1

case_ "upgrade head gives the schema, rows and version row Alembic gives"
new_database
ALEMBIC_DB=$DB
ALEMBIC_URL=$ALEMBIC_TEST_URL
ALEMBIC_TEST_URL=$ALEMBIC_URL old_alembic upgrade head >/dev/null && pass || fail "alembic upgrade head failed"
new_database
m -q upgrade head
expect_code 0
[ "$(rows "$DB")" = "$(rows "$ALEMBIC_DB")" ] && [ "$(rows "$DB")" = c4 ] && pass \
  || fail "version rows: migrate $(rows "$DB"), alembic $(rows "$ALEMBIC_DB")"
ours=$(dump_of "$DB")
theirs=$(dump_of "$ALEMBIC_DB")
[ "$ours" = "$theirs" ] && pass || fail "schemas differ: $(diff <(echo "$theirs") <(echo "$ours"))"
[[ "$ours" == *"CREATE INDEX ix_posts_created"* && "$ours" == *"CREATE VIEW public.active_users"* ]] \
  && pass || fail "the schema lacks the last revisions' objects"
[ "$(sql "$DB" "SELECT string_agg(name, '|' ORDER BY id) FROM tags")" = "news|it's released" ] \
  && pass || fail "bulk_insert rows: $(sql "$DB" "SELECT string_agg(name, '|') FROM tags")"

case_ "downgrade base leaves what Alembic's downgrade base leaves"
ALEMBIC_TEST_URL=$ALEMBIC_URL old_alembic downgrade base >/dev/null && pass || fail "alembic downgrade base failed"
m -q downgrade base
expect_code 0
ours=$(dump_of "$DB")
theirs=$(dump_of "$ALEMBIC_DB")
[ "$ours" = "$theirs" ] && pass || fail "schemas differ after downgrade base: $(diff <(echo "$theirs") <(echo "$ours"))"
[[ "$ours" != *"CREATE TABLE public.users"* && "$ours" != *"invoice_status"* ]] && pass \
  || fail "downgrade base left objects behind: $ours"

case_ "a second run leaves converted files as they are"
before=$(cat migrations/versions/*.sql | md5sum)
m convert-alembic --python $PY ../old/alembic.ini migrations/versions
expect_code 0
expect_err_contains "Converted 0 revisions with Alembic 1.8.1; 15 already had their SQL file and were left as they are"
[ "$(cat migrations/versions/*.sql | md5sum)" = "$before" ] && pass || fail "a second run changed files"

case_ "a file of another revision at a target's name is never overwritten"
sed -i 's/^-- revision: a2$/-- revision: zz/' migrations/versions/a2_index_users_email.sql
m convert-alembic --python $PY ../old/alembic.ini migrations/versions
expect_error "migrations/versions/a2_index_users_email.sql exists and is revision zz, not a2; choose another DEST"

case_ "a step Alembic cannot render offline is named with its line and what to do; nothing is written"
cd "$ROOT/hard"
m convert-alembic --python $PY alembic.ini
expect_error "$ROOT/hard/alembic/versions/h2_backfill_from_live_rows.py:20: upgrade() cannot be rendered by Alembic's offline mode (AttributeError: 'NoneType' object has no attribute 'scalar'), usually because it reads the database; write $ROOT/hard/alembic/versions/h2_backfill_from_live_rows.sql by hand (revision h2, down_revision 'h1') and run convert-alembic again; nothing was written"
[ -z "$(ls alembic/versions | grep '\.sql$')" ] && pass || fail "files were written: $(ls alembic/versions)"

case_ "once that revision is written by hand, the rest convert in place beside the .py files"
cat >alembic/versions/h2_backfill_from_live_rows.sql <<'EOF'
-- message: backfill from live rows
-- revision: h2
-- down_revision: h1

-- migrate:upgrade
UPDATE counters SET n = (SELECT count(*) FROM counters);

-- migrate:downgrade
EOF
m convert-alembic --python $PY alembic.ini
expect_code 0
expect_err_contains "Converted 2 revisions with Alembic 1.8.1; 1 already had their SQL file"
expect_err_contains "h3_drop_the_old_column.sql (no downgrade section: its downgrade() raises NotImplementedError)"
expect_err_contains "Remove the .py revision files (migrate does not start while versions/ holds them)"
expect_err_contains "Wrote $ROOT/hard/alembic/script.sql.tmpl, the template of new revisions"
expect_file alembic/script.sql.tmpl
grep -qx -- "-- down_revision:" alembic/versions/h1_create_counters.sql && pass || fail "a base's down_revision line"

case_ "the Alembic project's own alembic.ini runs migrate once the .py files are gone"
m heads
expect_code 1
expect_err_contains "Python revision files are not run by migrate; convert them with migrate convert-alembic"
rm -rf alembic/versions/*.py alembic/versions/__pycache__
new_database
m heads
expect_out "h3 (head)"
m revision -m "after the move" --rev-id h4
expect_code 0
m -q upgrade head
expect_code 0
expect_rows h4
m downgrade base
expect_code 1
expect_err_contains "h3_drop_the_old_column.sql"

case_ "a revision that does not import is named with its line"
mkdir -p "$ROOT/broken"
cp -r "$ROOT/old/alembic" "$ROOT/old/alembic.ini" "$ROOT/broken/"
printf '"""broken"""\nimport app.nothing\nrevision = "zz"\ndown_revision = "c4"\n' >"$ROOT/broken/alembic/versions/zz_broken.py"
m convert-alembic --python $PY "$ROOT/broken/alembic.ini" "$ROOT/broken/out"
expect_error "$ROOT/broken/alembic/versions/zz_broken.py:2: Alembic could not load the project: ModuleNotFoundError: No module named 'app'; run it where the project's modules import (the folder of alembic.ini, PYTHONPATH, or --python with the project's virtualenv)"
[ ! -e "$ROOT/broken/out" ] && pass || fail "files were written"

case_ "a Python that cannot be started, or lacks Alembic, is named with what to do"
m convert-alembic --python /nonexistent/python3 alembic.ini
expect_error "convert-alembic runs Alembic in Python, and '/nonexistent/python3' could not be started (No such file or directory); install python3-alembic (Debian), or pass --python with the Python your Alembic project uses"
m convert-alembic --python /bin/false alembic.ini
expect_error "'/bin/false' stopped with exit code 1 while reading the Alembic project alembic.ini (its output is above)"
# A Python without site-packages: Alembic is not importable.
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >"$ROOT/bare-python"
chmod +x "$ROOT/bare-python"
m convert-alembic --python "$ROOT/bare-python" alembic.ini
expect_error "alembic.ini: this Python cannot import Alembic (No module named 'alembic'); pass --python with the Python your Alembic project uses"
