# Connecting: bad URLs and unreachable servers given by --url, $DATABASE_URL or sqlalchemy.url
# fail with one error line and never print the password; the accepted URL forms and libpq's
# environment connect; Ctrl-C and SIGTERM cancel a running revision and roll it back.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

PORT=$MIGRATE_TEST_TCP_PORT
new_project
new_database
unset DATABASE_URL

# with_url SOURCE URL ARGS...: runs `m ARGS...` with URL given by SOURCE (flag, env or ini).
with_url() {
  local source=$1 url=$2
  shift 2
  sed -i '/^sqlalchemy.url/d' alembic.ini
  case $source in
    flag) m --url "$url" "$@" ;;
    env) DATABASE_URL=$url m "$@" ;;
    ini)
      printf 'sqlalchemy.url = %s\n' "$url" >>alembic.ini
      m "$@"
      ;;
  esac
  sed -i '/^sqlalchemy.url/d' alembic.ini
}

# expect_secret_hidden SECRET: SECRET is in neither stdout nor stderr.
expect_secret_hidden() {
  [[ "$OUT" != *"$1"* && "$ERR" != *"$1"* ]] && pass || fail "the password '$1' was printed"
}
# expect_one_error_line: stderr is exactly one line, starting "migrate: error: ".
expect_one_error_line() {
  [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] && [[ "$ERR" == "migrate: error: "* ]] && pass \
    || fail "expected exactly one 'migrate: error: ' line on stderr"
}

E2E_SECRETS+=(wrong-pw)

# A password holding every character a URL must encode connects when encoded, from each source,
# and a raw '@' in it is refused before libpq could misread it (and print the rest as a host).
SPECIAL_ENCODED='p%40ss%3Aw%2Frd%25%3F%26%3D%23x'
for source in flag env ini; do
  case_ "an encoded password with @ : / % ? & = # connects ($source)"
  if [ "$source" = ini ]; then
    url="postgresql://migrate_pw2:${SPECIAL_ENCODED//%/%%}@127.0.0.1:$PORT/postgres"
  else
    url="postgresql://migrate_pw2:$SPECIAL_ENCODED@127.0.0.1:$PORT/postgres"
  fi
  with_url $source "$url" current
  expect_code 0
  if [ "$source" != ini ]; then
    with_url $source "postgresql+asyncpg://migrate_pw2:$SPECIAL_ENCODED@127.0.0.1:$PORT/postgres?ssl=disable" current
    expect_code 0
  fi
done
case_ "a raw '@' in the password is refused, naming the fix, and nothing of it is printed"
m --url "postgresql://migrate_pw2:p@ssXSECRET@127.0.0.1:$PORT/postgres" current
expect_error "database URL 'postgresql://migrate_pw2:***@127.0.0.1:$PORT/postgres': a raw '@' in the user name or password; encode '@' in the password as %40"
expect_err_lacks "XSECRET"

for source in flag env ini; do
  case_ "wrong password ($source): exit 3, one error line, password hidden"
  with_url $source "postgresql://migrate_pw:wrong-pw@127.0.0.1:$PORT/postgres" current
  expect_error "could not connect to postgresql://migrate_pw:***@127.0.0.1:$PORT/postgres: connection to \
server at \"127.0.0.1\", port $PORT failed: FATAL:  password authentication failed for user \"migrate_pw\"" 3
  expect_secret_hidden wrong-pw

  case_ "unreachable host ($source): exit 3, one error line, password hidden"
  with_url $source "postgresql://migrate_pw:secret-pw@127.0.0.1:1/postgres" current
  expect_code 3
  expect_one_error_line
  expect_err_contains "migrate: error: could not connect to postgresql://migrate_pw:***@127.0.0.1:1/postgres: "
  expect_err_contains "Connection refused"
  expect_secret_hidden secret-pw

  case_ "missing database ($source): exit 3, one error line, password hidden"
  with_url $source "postgresql://migrate_pw:secret-pw@127.0.0.1:$PORT/no_such_db" current
  expect_error "could not connect to postgresql://migrate_pw:***@127.0.0.1:$PORT/no_such_db: connection to \
server at \"127.0.0.1\", port $PORT failed: FATAL:  database \"no_such_db\" does not exist" 3
  expect_secret_hidden secret-pw

  case_ "a mysql:// URL ($source): exit 1, one error line, password hidden"
  with_url $source "mysql://u:p@h/db" current
  expect_error "unsupported database URL 'mysql://u:***@h/db': migrate only speaks PostgreSQL (postgresql://...)"
  with_url $source "mysql://u:my-sql-pw@h/db" upgrade head
  expect_code 1
  expect_one_error_line
  expect_secret_hidden my-sql-pw
done

case_ "the right password over TCP connects"
m --url "postgresql://migrate_pw:secret-pw@127.0.0.1:$PORT/$DB" current
expect_code 0
expect_out ""
expect_err_lacks "secret-pw"
m --url "postgresql://migrate_pw:secret-pw@127.0.0.1:$PORT/$DB" current -v
expect_code 0
expect_out_contains "postgresql://migrate_pw:***@127.0.0.1:$PORT/$DB"
expect_secret_hidden secret-pw

case_ "postgresql+asyncpg:// with ?ssl=disable connects"
with_url env "postgresql+asyncpg://migrate_pw:secret-pw@127.0.0.1:$PORT/$DB?ssl=disable" current
expect_code 0
expect_secret_hidden secret-pw

case_ "postgresql+asyncpg:// ?ssl=require becomes sslmode=require (the sandbox has no SSL)"
with_url flag "postgresql+asyncpg://migrate_pw:secret-pw@127.0.0.1:$PORT/$DB?ssl=require" current
expect_code 3
expect_one_error_line
expect_err_contains "server does not support SSL, but SSL was required"
expect_secret_hidden secret-pw

case_ "a libpq key=value string connects"
for source in flag env ini; do
  with_url $source "host=127.0.0.1 port=$PORT dbname=$DB user=migrate_pw password=secret-pw" current
  expect_code 0
  expect_secret_hidden secret-pw
done

case_ "with no URL at all, libpq's environment (PGHOST, PGDATABASE...) is used"
sed -i '/^sqlalchemy.url/d' alembic.ini
PGDATABASE=$DB m upgrade 1975ea83b712
expect_code 0
expect_rows "1975ea83b712"
PGDATABASE=$DB m current
expect_out "1975ea83b712"
# The driver:// placeholder of a fresh alembic.ini counts as unset too.
printf 'sqlalchemy.url = driver://user:pass@localhost/dbname\n' >>alembic.ini
PGDATABASE=$DB m current
expect_code 0
expect_out "1975ea83b712"
sed -i '/^sqlalchemy.url/d' alembic.ini

# libpq is loaded on first connection (src/db/libpq_on_demand.cpp): an unloadable one must not
# stop the commands that never connect, and must fail a connecting one with a clear line.
case_ "an unloadable libpq: offline commands run, connecting ones fail with one line, exit 3"
mkdir -p broken-libpq && : >broken-libpq/libpq.so.5
LD_LIBRARY_PATH=$PWD/broken-libpq m heads
expect_code 0
expect_out_contains "e1f2a3b4c5d6 (billing) (head)"
LD_LIBRARY_PATH=$PWD/broken-libpq m --url "postgresql://migrate_pw:secret-pw@127.0.0.1:$PORT/$DB" current
expect_code 3
expect_one_error_line
expect_err_contains "migrate: error: cannot load PostgreSQL's client library ($PWD/broken-libpq/libpq.so.5: "
expect_err_contains "): install libpq5, or the PostgreSQL client libraries of your system"
expect_secret_hidden secret-pw

# --- Ctrl-C and SIGTERM during a long revision --------------------------------------------------
# A project of two revisions: the first creates table a, the second table b and then sleeps 30 s.
slow_project() {
  PROJECT=$(mktemp -d "$E2E_ROOT/slow.XXXXXX")
  mkdir -p "$PROJECT/migrations/versions"
  printf '[alembic]\nscript_location = %%(here)s/migrations\n' >"$PROJECT/alembic.ini"
  printf -- '-- message: a\n-- revision: 5105a0000001\n-- down_revision:\n
-- migrate:upgrade\nCREATE TABLE a (id int);\n\n-- migrate:downgrade\nDROP TABLE a;\n' \
    >"$PROJECT/migrations/versions/1_a.sql"
  printf -- '-- message: b\n-- revision: 5105a0000002\n-- down_revision: 5105a0000001\n
-- migrate:upgrade\nCREATE TABLE b (id int);\nSELECT pg_sleep(30);\n
-- migrate:downgrade\nDROP TABLE b;\n' >"$PROJECT/migrations/versions/2_b.sql"
  cd "$PROJECT" || exit 1
}

for signal in INT TERM; do
  slow_project
  new_database
  case_ "SIG$signal during a revision: exit 3 within a few seconds, cancelled"
  interrupt_when_running "$signal" "%pg_sleep(30)%" upgrade head
  expect_code 3
  [ "$ELAPSED_MS" -lt 5000 ] && pass || fail "took ${ELAPSED_MS} ms to exit after SIG$signal"
  error_line=$(printf '%s\n' "$ERR" | grep '^migrate: error: ' || true)
  [ "$(printf '%s\n' "$error_line" | grep -c .)" = 1 ] && pass || fail "expected one error line"
  [[ "${error_line,,}" =~ cancel|interrupt ]] && pass \
    || fail "the error mentions neither cancel nor interrupt: $error_line"
  expect_secret_hidden secret-pw

  case_ "SIG$signal during a revision: rolled back, statement cancelled on the server"
  actual=$(rows "$DB")
  { [ "$actual" = "" ] || [ "$actual" = "(no version table)" ]; } && pass || fail "version rows: $actual"
  [ "$(sql "$DB" "SELECT count(*) FROM pg_class WHERE relname IN ('a', 'b') AND relkind = 'r'")" = 0 ] \
    && pass || fail "tables left: $(sql "$DB" "SELECT string_agg(relname, ',') FROM pg_class
                                              WHERE relname IN ('a', 'b') AND relkind = 'r'")"
  sleep 0.5
  [ "$(sql "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%'
                  AND pid <> pg_backend_pid()")" = 0 ] && pass || fail "pg_sleep still runs on the server"
done

# A second Ctrl-C while the first one's error is on its way (it used to kill migrate silently in
# about one run of five): each of several tries still ends with the one error line and exit 3.
case_ "a second Ctrl-C during a revision still ends with the error line and exit 3"
for delay in 0 20 50 100 200; do
  slow_project
  new_database
  SECOND_SIGNAL_MS=$delay interrupt_when_running INT "%pg_sleep(30)%" upgrade head
  expect_code 3
  [ "$(printf '%s\n' "$ERR" | grep -c '^migrate: error: ')" = 1 ] && pass \
    || fail "second Ctrl-C after $delay ms: no single error line: $ERR"
done
