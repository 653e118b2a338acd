# Fleets (--targets, --jobs): one command over 200 databases of the throwaway server, a failing
# target with and without --continue-on-error, JSON checked against the schema, [targets] in
# alembic.ini, and databases on two servers at once (a second throwaway cluster).

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

new_project
FLEET="fleet_$$"
url_of() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT"; }

# 200 tenant databases, made in one session; dropped at the end (cleanup_databases).
: >targets.txt
for i in $(seq -w 1 200); do
  echo "CREATE DATABASE ${FLEET}_$i;"
  E2E_DATABASES+=("${FLEET}_$i")
  echo "$(url_of "${FLEET}_$i")" >>targets.txt
done | psql -X -q -d postgres
unset DATABASE_URL

# rows_of_all: the version rows of every tenant, one line per distinct value with its count.
rows_of_all() {
  local i
  for i in $(seq -w 1 200); do rows "${FLEET}_$i"; done | sort | uniq -c | sed 's/^ *//'
}

case_ "upgrade head on 200 databases, 8 at a time"
m --targets @targets.txt --jobs 8 upgrade head
expect_code 0
expect_out_contains "200 targets: 200 ok, 0 failed, 0 not started"
expect_out_contains "${FLEET}_137  ok           10 steps, at e1f2a3b4c5d6"
[ "$(printf '%s\n' "$ERR" | grep -c '^\[[0-9]*/200\] .*  ok  10 steps, at e1f2a3b4c5d6$')" = 200 ] && pass \
  || fail "expected a line per target on stderr"
[ "$(rows_of_all)" = "200 e1f2a3b4c5d6" ] && pass || fail "version rows: $(rows_of_all)"

case_ "current and status on the fleet, JSON valid against the schema"
m --targets @targets.txt --jobs 8 current
expect_code 0
expect_out_contains "${FLEET}_001  ok           at e1f2a3b4c5d6"
m --format json --targets @targets.txt --jobs 8 status
expect_code 0
json_valid
[[ "$OUT" == *'"ok": 200'* && "$OUT" == *'"detail": "at e1f2a3b4c5d6, 0 pending"'* ]] && pass || fail "status json"
m --format json --targets @targets.txt --jobs 4 verify
expect_code 0
json_valid

case_ "a failing target stops new ones unless --continue-on-error; exit 3"
m -q --targets @targets.txt --jobs 8 downgrade base
expect_code 0
psql -X -q -d "${FLEET}_005" -c "CREATE TABLE users (id int)"
m --targets @targets.txt --jobs 2 upgrade head
expect_code 3
expect_out_contains "${FLEET}_005  failed"
expect_out_contains "relation \"users\" already exists"
expect_out_contains "not started"
[ -z "$(rows "${FLEET}_200")" ] && pass || fail "a target after the failure ran: $(rows "${FLEET}_200")"
m --targets @targets.txt --jobs 8 --continue-on-error upgrade head
expect_code 3
expect_out_contains "200 targets: 199 ok, 1 failed, 0 not started"
[ "$(rows_of_all)" = "1 
199 e1f2a3b4c5d6" ] && pass || fail "version rows: $(rows_of_all)"

case_ "[targets] in alembic.ini: names, all, and a name that is not there"
{
  printf '[targets]\nfirst = %s\nsecond = %s\n\n' "$(url_of "${FLEET}_001")" "$(url_of "${FLEET}_002")"
  cat alembic.ini
} >alembic.ini.new
mv alembic.ini.new alembic.ini
m --targets first,second current
expect_code 0
expect_out "TARGET  STATUS       DETAIL
first   ok           at e1f2a3b4c5d6
second  ok           at e1f2a3b4c5d6
2 targets: 2 ok, 0 failed, 0 not started"
m --targets all -q current
expect_code 0
m --targets firs current
expect_error "--targets: no target 'firs' in the [targets] section (did you mean 'first'?)" 2
m --targets first init x
expect_error "--targets works with upgrade, downgrade, stamp, current, status, check, verify and lint, not 'init'" 2
m --jobs 3 current
expect_error "--jobs and --continue-on-error go with --targets" 2

case_ "two servers in one fleet"
FIRST_A=$(url_of "${FLEET}_003")
FIRST_B=$(url_of "${FLEET}_004")
m -q --targets "$FIRST_A,$FIRST_B" downgrade base
expect_code 0
cat >"$PROJECT/two_servers.sh" <<EOF
set -e
createdb second_a
createdb second_b
printf '%s\n' "$FIRST_A" "$FIRST_B" "postgresql:///second_a?host=\$PGHOST&port=\$PGPORT" \
  "postgresql:///second_b?host=\$PGHOST&port=\$PGPORT" >"$PROJECT/two.txt"
"$MIGRATE" --targets @"$PROJECT/two.txt" --jobs 4 upgrade head >"$PROJECT/two.out" 2>&1
psql -X -At -d second_a -c "SELECT version_num FROM alembic_version"
psql -X -At -d second_b -c "SELECT version_num FROM alembic_version"
EOF
second=$("$MIGRATE_SOURCE_DIR/scripts/pg-sandbox" run -- bash "$PROJECT/two_servers.sh" 2>&1) \
  && pass || fail "the second server's run failed: $second $(cat "$PROJECT/two.out")"
[ "$second" = "e1f2a3b4c5d6
e1f2a3b4c5d6" ] && pass || fail "second server rows: $second"
grep -q "^4 targets: 4 ok, 0 failed, 0 not started$" "$PROJECT/two.out" && pass || fail "$(cat "$PROJECT/two.out")"
[ "$(rows "${FLEET}_003")" = e1f2a3b4c5d6 ] && [ "$(rows "${FLEET}_004")" = e1f2a3b4c5d6 ] && pass \
  || fail "first server rows: $(rows "${FLEET}_003") $(rows "${FLEET}_004")"

case_ "SIGTERM to the fleet: the running target rolls back, no other starts, exit 3"
printf -- '-- message: slow\n-- revision: 5100000000aa\n-- down_revision: e1f2a3b4c5d6\n\n-- migrate:upgrade\nSELECT pg_sleep(30);\n\n-- migrate:downgrade\n' \
  >migrations/versions/slow.sql
interrupt_when_running TERM "%pg_sleep(30)%" \
  --targets "$(url_of "${FLEET}_010"),$(url_of "${FLEET}_011"),$(url_of "${FLEET}_012")" --jobs 1 upgrade head
expect_code 3
[ "$ELAPSED_MS" -lt 5000 ] && pass || fail "took $ELAPSED_MS ms to stop"
expect_err_contains "migrate: error: interrupted (Ctrl-C or SIGTERM)"
expect_out_contains "${FLEET}_010  failed       $PROJECT/migrations/versions/slow.sql:6: upgrade e1f2a3b4c5d6 -> 5100000000aa failed: ERROR 57014: canceling statement due to user request"
expect_out_contains "3 targets: 0 ok, 1 failed, 2 not started"
[ "$(rows "${FLEET}_010")" = e1f2a3b4c5d6 ] && [ "$(rows "${FLEET}_011")" = e1f2a3b4c5d6 ] && pass \
  || fail "rows: $(rows "${FLEET}_010") $(rows "${FLEET}_011")"
rm migrations/versions/slow.sql
