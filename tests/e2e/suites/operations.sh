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
