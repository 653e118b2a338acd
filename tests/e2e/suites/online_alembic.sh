# Online commands against a real server: after each command, migrate's database and an Alembic
# 1.8 twin database (same project as Python revisions, same commands) hold the same version
# rows and the same schema, and both ran the same steps in the same order.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"
source "$MIGRATE_SOURCE_DIR/tests/e2e/alembic.sh"

new_project
alembic_project
new_database; OURS=$DB
new_database; THEIRS=$DB

# "Running upgrade a -> b, message" lines without logger prefixes or durations.
steps() { { grep -o 'Running .*' || true; } | sed -E 's/ \([0-9.]+ m?s\)$//'; }

# both ARGS...: the command succeeds for both tools. both_refuse ARGS...: both refuse it.
both() { EXPECT_SUCCESS=1 compare_both "$@"; }
both_refuse() { EXPECT_SUCCESS=0 compare_both "$@"; }

compare_both() {
  case_ "like Alembic: $*"
  DB=$OURS m "$@"
  local our_code=$CODE our_steps
  our_steps=$(printf '%s\n' "$ERR" | steps)
  local their_out their_code=0
  their_out=$(ALEMBIC_TEST_URL="postgresql+psycopg2://${PGUSER:-postgres}@/$THEIRS?host=$PGHOST&port=$PGPORT" \
    run_alembic "$@") || their_code=$?
  if { [ "$EXPECT_SUCCESS" = 1 ] && [ "$our_code" = 0 ] && [ "$their_code" = 0 ]; } \
    || { [ "$EXPECT_SUCCESS" = 0 ] && [ "$our_code" != 0 ] && [ "$their_code" != 0 ]; }; then
    pass
  else
    fail "exit $our_code, Alembic's $their_code: $their_out"
  fi
  [ "$(rows "$OURS")" = "$(rows "$THEIRS")" ] && pass \
    || fail "rows '$(rows "$OURS")' vs Alembic's '$(rows "$THEIRS")'"
  [ "$(schema_of "$OURS")" = "$(schema_of "$THEIRS")" ] && pass \
    || fail "schema differs: $(schema_of "$OURS") vs Alembic's $(schema_of "$THEIRS")"
  # Alembic logs a step before running it; compare the steps of runs that succeeded.
  [ "$our_code" = 0 ] || return 0
  local their_steps
  their_steps=$(printf '%s\n' "$their_out" | steps)
  [ "$our_steps" = "$their_steps" ] && pass || fail "steps differ:
--- migrate
$our_steps
--- alembic
$their_steps"
}

# same_output ARGS...: a read-only command prints what Alembic prints on the twin database.
same_output() {
  case_ "same output as Alembic: $*"
  m "$@"
  expect_code 0
  local theirs
  theirs=$(ALEMBIC_TEST_URL="postgresql+psycopg2://${PGUSER:-postgres}@/$THEIRS?host=$PGHOST&port=$PGPORT" \
    run_alembic "$@" | grep -v '^INFO ')
  local ours=$OUT
  if [ "$1" = current ]; then
    # Alembic prints a set of Revision objects here (ordered by memory address): compare lines.
    ours=$(printf '%s\n' "$ours" | sort)
    theirs=$(printf '%s\n' "$theirs" | sort)
  fi
  [ "$ours" = "$theirs" ] && pass || fail "differs from Alembic:
--- migrate
$ours
--- alembic
$theirs"
}

export DATABASE_URL="postgresql:///$OURS?host=$PGHOST&port=$PGPORT"
both upgrade 1975ea83b712
both upgrade +1
both_refuse upgrade +1
both upgrade 3f1e2d4c5b6a
both upgrade billing@head
# Several heads in the database now.
same_output current
same_output history -r :current
same_output history -r current:
same_output history -i
both upgrade heads
both downgrade -1
both downgrade 53fffde5ad51
both downgrade billing@base
both upgrade head
both downgrade ae1027a6acf0
both upgrade d00dfeed0001
both downgrade base
both upgrade 3f1e2d4c5b6a
both upgrade heads
both downgrade 27c6a30d7c24
both stamp head
# Both refuse this one (Alembic with a KeyError after logging its steps); nothing changes.
both_refuse stamp 3f1e2d4c5b6a b111ab1e0001
both stamp base
both stamp --purge 53fffde5ad51
# Back to the rows that match the schema (downgrade 27c6a30d7c24 kept the billing base).
both stamp --purge 27c6a30d7c24 b111ab1e0001
both downgrade base
both upgrade head

case_ "history --indicate-current and current after upgrade head"
m current
expect_code 0
expect_out "e1f2a3b4c5d6 (head)"
m history -i -r d00dfeed0001:
expect_out "d00dfeed0001 -> e1f2a3b4c5d6 (billing) (head) (current), add note to orders
9c0ffee11223, b111ab1e0002 -> d00dfeed0001 (billing) (mergepoint), merge billing into main"
m current --check-heads
expect_code 0
m show current
expect_out_contains "Rev: e1f2a3b4c5d6 (head)"

case_ "current -v masks the password"
m --url "postgresql://postgres:hunter2@/$OURS?host=$PGHOST&port=$PGPORT" current -v
expect_code 0
expect_out_contains "Current revision(s) for postgresql://postgres:***@/$OURS"
expect_out_lacks "hunter2"

case_ "current --check-heads fails when behind"
m downgrade -1
m current --check-heads
expect_error "Database is not on all head revisions"

case_ "ensure_version on an empty database, and current on it"
new_database
m ensure_version
expect_code 0
[ "$(sql "$DB" "SELECT to_regclass('alembic_version') IS NOT NULL")" = "t" ] && pass || fail "no version table"
m current
expect_code 0
expect_out ""
