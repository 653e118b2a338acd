# Configuration keys as a user meets them: a misspelt key in the ini warns once, naming the key and
# the one meant, and the command still runs; Alembic's own generated alembic.ini warns about
# nothing; templates written by `init` warn about nothing.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"
source "$MIGRATE_SOURCE_DIR/tests/e2e/alembic.sh"

new_project
new_database
m upgrade head
expect_code 0

case_ "a misspelt lock_timeout warns once and suggests the key, and current still runs"
cp alembic.ini x.ini
printf 'lock_timout = 5\n' >>x.ini
m -c x.ini current
expect_code 0
expect_err "WARNING [migrate] x.ini:11: unknown key 'lock_timout' in [alembic]; did you mean 'lock_timeout'?"
expect_out_contains "(head)"

case_ "every unknown key gets its line; a far-off name gets no suggestion"
cp alembic.ini y.ini
printf 'transaction_per_migrations = true\nmy_setting = 1\n' >>y.ini
m -c y.ini heads
expect_code 0
expect_err "WARNING [migrate] y.ini:11: unknown key 'transaction_per_migrations' in [alembic]; did you mean 'transaction_per_migration'?
WARNING [migrate] y.ini:12: unknown key 'my_setting' in [alembic]; migrate does not use it"

case_ "the misspelt key changes nothing: the script is the one without it, not the one with it"
m upgrade head --sql
plain=$OUT
cp alembic.ini z.ini
printf 'transaction_per_migrations = true\n' >>z.ini
m -c z.ini upgrade head --sql
expect_code 0
[ "$OUT" = "$plain" ] && pass || fail "a misspelt key changed the script"
printf 'transaction_per_migration = true\n' >>z.ini
m -c z.ini upgrade head --sql
[ "$OUT" != "$plain" ] && pass || fail "transaction_per_migration should change the script"

case_ "the alembic.ini that Alembic's own 'alembic init' writes gives no warning"
empty_dir
$ALEMBIC_PY -m alembic init alembic >/dev/null
m heads
expect_code 0
expect_err ""

case_ "the ini that migrate init writes gives no warning (both templates)"
empty_dir
m init migrations
m heads
expect_code 0
expect_err ""
empty_dir
m init -t pyproject migrations
m heads
expect_code 0
expect_err ""
