# Day-two operations on the example project against a real server: status (and --exit-code).

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

new_project
new_database

case_ "status on an empty database lists every revision, in upgrade order"
m status
expect_code 0
expect_out_contains "Current: (none)"
expect_out_contains "Heads: e1f2a3b4c5d6 (add note to orders)"
expect_out_contains "Pending: 10 revisions, in the order upgrade runs them:
  upgrade  -> 1975ea83b712, create users table
  upgrade 1975ea83b712 -> 27c6a30d7c24, add email to users"
expect_out_contains "  upgrade d00dfeed0001 -> e1f2a3b4c5d6, add note to orders"
expect_out_lacks "Warning"
[ "$(rows "$DB")" = "(no version table)" ] && pass || fail "status created the version table: $(rows "$DB")"
m status --exit-code
expect_error "10 revisions are pending (status --exit-code)"
[[ "$OUT" == *"Pending: 10 revisions"* ]] && pass || fail "no status before the error: $OUT"

case_ "status --exit-code is 1 with one revision pending, 0 at head"
m -q upgrade d00dfeed0001
expect_code 0
m status --exit-code
expect_error "1 revision is pending (status --exit-code)"
expect_out_contains "Current: d00dfeed0001 (merge billing into main)"
expect_out_contains "Pending: 1 revision, in the order upgrade runs them:
  upgrade d00dfeed0001 -> e1f2a3b4c5d6, add note to orders"
m -q upgrade head
m status --exit-code
expect_code 0
expect_out_contains "Current: e1f2a3b4c5d6 (add note to orders)"
expect_out_contains "Pending: none"

case_ "status --exit-code is 1 with two heads, even with nothing pending"
m revision -m "side branch" --head 53fffde5ad51 --splice --rev-id 5ide0000b0b0
expect_code 0
m -q upgrade heads
expect_code 0
m status --exit-code
expect_error "there are 2 heads (status --exit-code)"
expect_out_contains "Pending: none"
expect_out_contains "Warning: 2 heads: 'upgrade head' needs one; merge them ('migrate merge heads') or run 'migrate upgrade heads'"
m -q downgrade 53fffde5ad51
m status --exit-code
expect_error "4 revisions are pending and there are 2 heads (status --exit-code)"

# A schema and version rows to compare before and after a run that must change nothing.
state_of() {
  printf '%s\n--\n%s\n' "$(rows "$DB")" "$(pg_dump --schema-only --no-owner -d "$DB" | grep -v '^--\|^\\')"
}

case_ "downgrade -1 --dry-run prints the step it would undo and changes nothing"
new_project
new_database
m -q upgrade head
before=$(state_of)
m downgrade -1 --dry-run
expect_code 0
expect_out "BEGIN;

-- Running downgrade e1f2a3b4c5d6 -> d00dfeed0001

ALTER TABLE orders DROP COLUMN note;

UPDATE alembic_version SET version_num='d00dfeed0001' WHERE alembic_version.version_num = 'e1f2a3b4c5d6';

COMMIT;"
expect_err_contains "Dry run on "
expect_err_contains " from e1f2a3b4c5d6: nothing is changed"
expect_err_contains "Running downgrade e1f2a3b4c5d6 -> d00dfeed0001, add note to orders"
[ "$(state_of)" = "$before" ] && pass || fail "the dry run changed the database"
dry_out=$OUT

case_ "current is accepted in offline ranges when the database is reachable"
m downgrade current:-1 --sql
expect_code 0
[ "$OUT" = "$dry_out" ] && pass || fail "downgrade current:-1 --sql differs from the dry run: $OUT"
[ "$(state_of)" = "$before" ] && pass || fail "--sql changed the database"
m -q downgrade d00dfeed0001
expect_code 0
m upgrade current:head --sql
expect_code 0
expect_out_contains "-- Running upgrade d00dfeed0001 -> e1f2a3b4c5d6"
expect_out_contains "ALTER TABLE orders ADD COLUMN note text;"
expect_out_lacks "CREATE TABLE alembic_version"

case_ "upgrade --dry-run on an empty database includes the version table, and creates nothing"
new_database
m upgrade head --dry-run
expect_code 0
expect_out_contains "CREATE TABLE alembic_version ("
expect_out_contains "-- Running upgrade  -> 1975ea83b712"
[ "$(rows "$DB")" = "(no version table)" ] && pass || fail "the dry run created the version table"

case_ "--dry-run takes a target, not --sql or a range"
m upgrade head --dry-run --sql
expect_error "--dry-run starts from the database's revisions: give a target, without --sql or FROM:" 2
m downgrade head:base --dry-run
expect_error "--dry-run starts from the database's revisions: give a target, without --sql or FROM:" 2

case_ "every step leaves a row in the applied-steps log; history --applied shows them"
new_project
new_database
m history --applied
expect_code 0
expect_out "No steps in the applied-steps log alembic_version_log (migrate writes it; steps Alembic ran have no row)"
m -q upgrade 27c6a30d7c24
m -q downgrade -1
m -q stamp 27c6a30d7c24
[ "$(sql "$DB" "SELECT string_agg(coalesce(revision, '-') || ' ' || direction || ' ' || from_rows || '>' || to_rows
                  || ' ' || (checksum ~ '^[0-9a-f]{64}\$' OR direction = 'stamp') || ' ' || (duration_ms >= 0)
                  || ' ' || (applied_by = current_user) || ' ' || (migrate_version <> ''), ', ' ORDER BY id)
                FROM alembic_version_log")" = "1975ea83b712 upgrade >1975ea83b712 true true true true, 27c6a30d7c24 upgrade 1975ea83b712>27c6a30d7c24 true true true true, 27c6a30d7c24 downgrade 27c6a30d7c24>1975ea83b712 true true true true, - stamp 1975ea83b712>27c6a30d7c24 true true true true" ] \
  && pass || fail "log rows: $(sql "$DB" "SELECT * FROM alembic_version_log ORDER BY id")"
m history --applied
expect_code 0
[ "$(printf '%s\n' "$OUT" | wc -l)" = 4 ] && pass || fail "expected 4 lines: $OUT"
[[ "$(printf '%s\n' "$OUT" | head -1)" == *"  stamp 1975ea83b712 -> 27c6a30d7c24  "*" ms  by "*"migrate "* ]] && pass || fail "newest first: $OUT"
[[ "$(printf '%s\n' "$OUT" | tail -1)" == *"  upgrade <base> -> 1975ea83b712  "*"sha256 "* ]] && pass || fail "oldest last: $OUT"
sha=$(sql "$DB" "SELECT checksum FROM alembic_version_log WHERE revision = '1975ea83b712'")
expected=$(awk '/^-- migrate:upgrade/{on=1; next} /^-- migrate:downgrade/{on=0} on' migrations/versions/*_1975ea83b712_*.sql \
  | sed 's/[ \t\r]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' | sed '/./,$!d' | sha256sum | cut -d' ' -f1)
# sha256sum hashes the trailing newline that normalised SQL does not have.
expected_nonl=$(awk '/^-- migrate:upgrade/{on=1; next} /^-- migrate:downgrade/{on=0} on' migrations/versions/*_1975ea83b712_*.sql \
  | sed 's/[ \t\r]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' | sed '/./,$!d' | head -c -1 | sha256sum | cut -d' ' -f1)
[ "$sha" = "$expected_nonl" ] && pass || fail "checksum $sha, sha256sum of the normalised upgrade section $expected_nonl ($expected with its newline)"

case_ "a stamped revision has no logged SQL: verify counts it apart"
m verify
expect_code 0
expect_out "1 applied revision matches its file; 1 applied without a log row (by Alembic, or before the log)"

case_ "an applied revision edited afterwards: verify exits 1 naming it, upgrade warns, --strict-checksums refuses"
new_database
m -q upgrade 3f1e2d4c5b6a
m verify
expect_code 0
expect_out "3 applied revisions match their files"
file=$(ls "$PWD"/migrations/versions/*_27c6a30d7c24_*.sql)
sed -i 's/^ALTER TABLE users ADD COLUMN email/ALTER TABLE users ADD COLUMN  email/' "$file"
grep -q "COLUMN  email" "$file" && pass || fail "the test did not edit $file"
m verify
expect_out_contains "$file: revision 27c6a30d7c24 was applied with other SQL (checksum "
expect_error "1 applied revision differs from its file, first $file: revision 27c6a30d7c24 was applied with other SQL (checksum $(sql "$DB" "SELECT substr(checksum, 1, 12) FROM alembic_version_log WHERE revision = '27c6a30d7c24' AND direction = 'upgrade' ORDER BY id DESC LIMIT 1") in the log, $(printf '%s' "$OUT" | sed -E 's/.*, ([0-9a-f]{12}) in the file\)$/\1/') in the file)"
before=$(rows "$DB")
m upgrade head --strict-checksums
expect_code 1
expect_err_contains "$file: revision 27c6a30d7c24 was applied with other SQL"
expect_err_contains "; nothing was run (--strict-checksums; 'migrate verify' lists them)"
[ "$(rows "$DB")" = "$before" ] && pass || fail "--strict-checksums ran something"
m upgrade head
expect_code 0
expect_err_contains "migrate: warning: $file: revision 27c6a30d7c24 was applied with other SQL"
expect_err_contains "; run 'migrate verify'"
expect_rows "e1f2a3b4c5d6"
# Trailing spaces are no change.
sed -i 's/^ALTER TABLE users ADD COLUMN  email\(.*\)$/ALTER TABLE users ADD COLUMN email\1   /' "$file"
m verify
expect_code 0
expect_out_contains "applied revisions match their files"

case_ "--format json: every command that has it prints one document valid against the schema"
m status --format json
expect_code 0
json_valid status
[ "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["pending"]), d["multiple_heads"], d["heads"][0]["revision"])')" = "0 False e1f2a3b4c5d6" ] \
  && pass || fail "status fields: $OUT"
for args in "current" "heads" "heads --resolve-dependencies" "branches" "history" "history -r 53fffde5ad51:current -i" \
  "history --applied" "show head" "show current" "show 27c6"; do
  command=${args%% *}
  # shellcheck disable=SC2086
  m --format json $args
  expect_code 0
  json_valid "$command"
done
m --format=json history --applied
[ "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["applied"]) > 0)')" = True ] \
  && pass || fail "no applied steps: $OUT"

case_ "--format json: errors are JSON documents with the same exit code"
m show nope --format json
expect_code 1
json_valid error
[[ "$OUT" == *'"message": "Can'"'"'t locate revision identified by '"'"'nope'"'"'"'* ]] && pass || fail "$OUT"
expect_err "migrate: error: Can't locate revision identified by 'nope'"
m status --exit-code --format json
expect_code 0
m --format json upgrade head --sql
expect_code 2
json_valid error
expect_out_contains "--format json does not apply to --sql or --dry-run: they print SQL"
m --format json ensure_version
expect_code 2
json_valid error
expect_out_contains "--format json is not available for 'ensure_version' yet"
m --format json frobnicate
expect_code 2
json_valid error
PGHOST=/nonexistent m --url "postgresql:///x?host=/nonexistent" --format json current
expect_code 3
json_valid error
m --format yaml heads
expect_code 2
expect_err_contains "--format: yaml not in {text,json}"

case_ "the schema check itself refuses a document that breaks the shape"
OUT='{"format": 1, "command": "heads", "heads": [{"revision": "x"}]}'
if printf '%s' "$OUT" | /usr/bin/python3 "$MIGRATE_SOURCE_DIR/tests/e2e/json_valid.py" \
  "$MIGRATE_SOURCE_DIR/docs/json-output.schema.json" heads >/dev/null; then
  fail "a revision without its fields passed"
else
  pass
fi

case_ "--format json: upgrade, downgrade and stamp report their steps, and the rows before and after"
new_database
m --format json upgrade 27c6a30d7c24
expect_code 0
json_valid upgrade
[ "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["from"], d["to"], [s["log"] for s in d["steps"]], all(s["duration_ms"] >= 0 for s in d["steps"]))')" \
  = "[] ['27c6a30d7c24'] ['upgrade  -> 1975ea83b712, create users table', 'upgrade 1975ea83b712 -> 27c6a30d7c24, add email to users'] True" ] \
  && pass || fail "upgrade document: $OUT"
m --format json downgrade -1
expect_code 0
json_valid downgrade
m --format json stamp 27c6a30d7c24
expect_code 0
json_valid stamp
m --format json upgrade nope
expect_code 1
json_valid error
[ "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; json.load(sys.stdin); print("one")')" = one ] && pass || fail "not one document: $OUT"
