# Bad input never crashes: one line "migrate: error: ...", file:line where a file is at fault,
# exit code 1 (2 for bad flags). The texts are pinned here.

empty_dir
case_ "no configuration file"
m heads
expect_error "No config file 'alembic.ini' found, or file has no '[alembic]' section"
m -c nope.ini heads
expect_error "No config file 'nope.ini' found, or file has no '[alembic]' section"
ALEMBIC_CONFIG=elsewhere.ini m heads
expect_error "No config file 'elsewhere.ini' found, or file has no '[alembic]' section"

case_ "a malformed configuration"
printf '[alembic\nx = 1\n' >alembic.ini
m heads
expect_error "alembic.ini:1: line outside any section: '[alembic' (a '[section]' header must come first)"
printf '[alembic]\nscript_location = m\nsqlalchemy.url = postgresql://u:p%%40ss@h/db\n' >alembic.ini
m heads
expect_error "alembic.ini:3: invalid interpolation syntax in 'sqlalchemy.url' value: 'postgresql://u:p%40ss@h/db' ('%' must be written '%%')"
m -n other heads
expect_error "No config file 'alembic.ini' found, or file has no '[other]' section"

case_ "no script_location, or one that does not exist"
printf '[alembic]\nfoo = 1\n' >alembic.ini
m heads
expect_error "No 'script_location' key found in configuration."
printf '[alembic]\nscript_location = nowhere\n' >alembic.ini
m heads
expect_error "Path doesn't exist: $PROJECT/nowhere.  Please use the 'init' command to create a new scripts folder."

printf '[alembic]\nscript_location = m\n' >alembic.ini
mkdir -p m/versions
V=$PROJECT/m/versions
revision_file() { local name=$1; shift; printf '%b' "$*" >"$V/$name"; }
revision_file a.sql '-- revision: a\n-- down_revision:\n\n-- migrate:upgrade\n'

# bad_file CONTENT EXPECTED: b.sql with CONTENT makes every command fail with EXPECTED.
bad_file() {
  revision_file b.sql "$1"
  m heads
  expect_error "$2"
  rm -f "$V/b.sql"
}

case_ "malformed revision headers and sections"
bad_file '-- revision: b\n-- down_revison: a\n\n-- migrate:upgrade\n' \
  "$V/b.sql:2: unknown header key 'down_revison'; did you mean 'down_revision'?"
bad_file '-- message: x\n-- down_revision: a\n\n-- migrate:upgrade\n' \
  "$V/b.sql:1: missing required header 'revision' (add a line '-- revision: <id>')"
bad_file '-- revision: b\n-- message: x\n\n-- migrate:upgrade\n' \
  "$V/b.sql:1: missing required header 'down_revision' (add a line '-- down_revision: <parent id>', empty for a base revision)"
bad_file '-- revision: b@x\n-- down_revision: a\n\n-- migrate:upgrade\n' \
  "$V/b.sql:1: Character(s) '@' not allowed in revision identifier 'b@x'"
bad_file '-- revision: b\n-- revision: c\n-- down_revision: a\n\n-- migrate:upgrade\n' \
  "$V/b.sql:2: duplicate header key 'revision'"
bad_file '-- revision: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n-- down_revision: a\n-- migrate:upgrade\n' \
  "$V/b.sql:1: revision id 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is longer than 32 characters (the version table's varchar(32))"
bad_file '-- revision: b\n-- down_revision: a\n-- transactional: maybe\n-- migrate:upgrade\n' \
  "$V/b.sql:3: invalid value for 'transactional': 'maybe' (expected true or false)"
bad_file '-- revision: b\n-- down_revision: a\n\nSELECT 1;\n-- migrate:upgrade\n' \
  "$V/b.sql:4: SQL text before the '-- migrate:upgrade' line (only blank lines and '--' comments may come between the header and it)"
bad_file '-- revision: b\n-- down_revision: a\n\n-- migrate:downgrade\n-- migrate:upgrade\n' \
  "$V/b.sql:4: '-- migrate:downgrade' appears before '-- migrate:upgrade'"
bad_file '-- revision: b\n-- down_revision: a\n' \
  "$V/b.sql:2: missing '-- migrate:upgrade' line (add it after the header, followed by the upgrade SQL)"
bad_file '-- revision: b\n-- down_revision: a\n-- migrate:upgrade\n-- migrate:upgrade\n' \
  "$V/b.sql:4: duplicate '-- migrate:upgrade' line (the first is at line 3)"

case_ "invalid graphs"
bad_file '-- revision: a\n-- down_revision:\n-- migrate:upgrade\n' \
  "$V/b.sql:1: duplicate revision id 'a' (also in $V/a.sql)"
bad_file '-- revision: b\n-- down_revision: zz\n-- migrate:upgrade\n' \
  "$V/b.sql: down_revision 'zz' of revision 'b' is not present"
bad_file '-- revision: b\n-- down_revision: a\n-- depends_on: qq\n-- migrate:upgrade\n' \
  "$V/b.sql: depends_on 'qq' of revision 'b' is not present"
bad_file '-- revision: b\n-- down_revision: b\n-- migrate:upgrade\n' \
  "Self-loop is detected in revisions (b)"
revision_file c.sql '-- revision: c\n-- down_revision: b\n-- migrate:upgrade\n'
bad_file '-- revision: b\n-- down_revision: c\n-- migrate:upgrade\n' \
  "Cycle is detected in revisions (b, c)"
revision_file c.sql '-- revision: c\n-- down_revision: a\n-- branch_labels: x\n-- migrate:upgrade\n'
bad_file '-- revision: b\n-- down_revision: a\n-- branch_labels: x\n-- migrate:upgrade\n' \
  "Branch name 'x' in revision c already used by revision b"
rm -f "$V/c.sql"

case_ "a Python revision file"
printf 'revision = "x"\n' >"$V/b.py"
m heads
expect_error "$V/b.py: Python revision files are not run by migrate; convert them with migrate convert-alembic (docs/moving-from-alembic.md)"
rm -f "$V/b.py"

case_ "resolution errors"
revision_file b.sql '-- revision: bbbb1\n-- down_revision: a\n-- migrate:upgrade\n'
revision_file c.sql '-- revision: bbbb2\n-- down_revision: a\n-- migrate:upgrade\n'
m show bbbb
expect_error "Can't locate revision identified by 'bbbb'"
m show zzz
expect_error "Can't locate revision identified by 'zzz'"
m upgrade nope --sql
expect_error "Can't locate revision identified by 'nope'"
heads_error="Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads"
m upgrade head --sql
expect_error "$heads_error"
m show head
expect_error "$heads_error"
m stamp head --sql
expect_error "Multiple heads are present; please specify a single target revision"
m upgrade a:+1 --sql
expect_error "Ambiguous walk"
m upgrade bbbb1:+2 --sql
expect_error "Relative revision +2 didn't produce 2 migrations"

case_ "usage errors exit 2"
m --bogus heads
expect_error "The following argument was not expected: --bogus (run 'migrate --help' for usage)" 2
m
expect_error "A subcommand is required (run 'migrate --help' for usage)" 2
m upgrade
expect_error "revision is required (run 'migrate upgrade --help' for usage)" 2
m current --bogus
expect_error "The following argument was not expected: --bogus (run 'migrate current --help' for usage)" 2
m upgrde head
expect_error "invalid choice: 'upgrde' (did you mean 'upgrade'?); run 'migrate --help' for the commands" 2
m -c alembic.ini --url postgresql://x/y frobnicate
expect_error "invalid choice: 'frobnicate'; run 'migrate --help' for the commands" 2

case_ "-c is the configuration file everywhere, also after current"
m current -c nope.ini
expect_code 1
expect_err_contains "nope.ini"

case_ "help and version"
m --version
expect_code 0
expect_out_contains "migrate "
for command in init list_templates revision merge upgrade downgrade stamp current history heads branches show edit ensure_version check dump-schema status verify; do
  m "$command" --help
  [ "$CODE" = 0 ] && [[ "$OUT" == *"Example"* ]] && pass || fail "$command --help has no examples"
done

case_ "no database URL at all: the connection error says how to set one"
empty_dir
m init migrations >/dev/null
saved_url=${DATABASE_URL-}
unset DATABASE_URL
PGHOST=/nonexistent PGCONNECT_TIMEOUT=2 m current
expect_code 3
[ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] && pass || fail "expected one line: $ERR"
expect_err_contains "; no database URL is set, so libpq's defaults were used: set DATABASE_URL, pass --url, or set sqlalchemy.url in $PWD/alembic.ini"
PGHOST=/nonexistent PGCONNECT_TIMEOUT=2 m --url "postgresql:///x?host=/nonexistent" current
expect_code 3
expect_err_lacks "no database URL is set"
if [ -n "$saved_url" ]; then export DATABASE_URL=$saved_url; fi
