# TLS on a cluster of the suite's own: a test CA made here with openssl signs the server's
# certificate; sslmode=verify-full with that CA connects, and a wrong CA or a host name the
# certificate does not name fails with one clear line (exit 3), never a password.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

[ -n "${PG_SANDBOX_DATA:-}" ] || { echo "tls: needs its own scripts/pg-sandbox cluster"; exit 1; }
PORT=$MIGRATE_TEST_TCP_PORT
CERTS=$(mktemp -d "$E2E_ROOT/certs.XXXXXX")

# make_ca NAME: a self-signed CA in $CERTS/NAME.{key,crt}.
make_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=migrate test $1" \
    -keyout "$CERTS/$1.key" -out "$CERTS/$1.crt" >/dev/null 2>&1
}
make_ca ca
make_ca other_ca
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$CERTS/server.key" -out "$CERTS/server.csr" >/dev/null 2>&1
printf 'subjectAltName = DNS:localhost\n' >"$CERTS/san.ext"
openssl x509 -req -in "$CERTS/server.csr" -CA "$CERTS/ca.crt" -CAkey "$CERTS/ca.key" \
  -CAcreateserial -days 2 -extfile "$CERTS/san.ext" -out "$CERTS/server.crt" >/dev/null 2>&1

case_ "the server's certificate is made and TLS is switched on"
install -m 600 "$CERTS/server.key" "$PG_SANDBOX_DATA/server.key"
install -m 644 "$CERTS/server.crt" "$PG_SANDBOX_DATA/server.crt"
[ -n "$PG_SANDBOX_AS" ] && chown "$PG_SANDBOX_AS" "$PG_SANDBOX_DATA/server.key" "$PG_SANDBOX_DATA/server.crt"
chmod 644 "$CERTS"/*.crt
chmod 755 "$CERTS"
sql postgres "ALTER SYSTEM SET ssl = on" >/dev/null
sql postgres "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
[ "$(sql postgres "SHOW ssl")" = on ] && pass || fail "ssl is not on: $(sql postgres "SHOW ssl")"

new_project
new_database
unset DATABASE_URL

case_ "sslmode=verify-full with the test CA connects"
m --url "postgresql://postgres@localhost:$PORT/$DB?sslmode=verify-full&sslrootcert=$CERTS/ca.crt" upgrade head
expect_code 0
expect_rows "e1f2a3b4c5d6"
m --url "postgresql+asyncpg://postgres@localhost:$PORT/$DB?sslmode=verify-full&sslrootcert=$CERTS/ca.crt" current
expect_code 0
expect_out_contains "e1f2a3b4c5d6 (head)"

# one_line_error TEXT: exit 3, stderr one "migrate: error: could not connect to" line with TEXT.
one_line_error() {
  expect_code 3
  [ "$(printf '%s\n' "$ERR" | grep -c .)" = 1 ] && pass || fail "expected one line: $ERR"
  expect_err_contains "migrate: error: could not connect to "
  expect_err_contains "$1"
}

case_ "a CA that did not sign the server's certificate: one clear line"
m --url "postgresql://migrate_pw:secret-pw@localhost:$PORT/$DB?sslmode=verify-full&sslrootcert=$CERTS/other_ca.crt" current
one_line_error "certificate verify failed"
expect_err_contains "postgresql://migrate_pw:***@localhost"

case_ "a host name the certificate does not name: one clear line"
m --url "postgresql://postgres@127.0.0.1:$PORT/$DB?sslmode=verify-full&sslrootcert=$CERTS/ca.crt" current
one_line_error "does not match host name \"127.0.0.1\""
