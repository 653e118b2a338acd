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
