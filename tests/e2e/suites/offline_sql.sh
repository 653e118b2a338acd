# Offline scripts (--sql): the example project's scripts match Alembic 1.8's, step for step.

source "$MIGRATE_SOURCE_DIR/tests/e2e/alembic.sh"

# The lines both tools must agree on: step comments and version-table statements (Alembic's
# INSERT carries SQLAlchemy 1.4's RETURNING, and 1.8 drops the table at base, which >= 1.19 and
# migrate do not).
version_lines() {
  grep -E '^-- Running|alembic_version' | grep -v '^DROP TABLE alembic_version' \
    | grep -v -e '^CREATE TABLE' -e 'CONSTRAINT alembic_version_pkc' | sed 's/ RETURNING alembic_version.version_num;$/;/'
}

compare_with_alembic() {
  case_ "same steps and version rows as Alembic: $*"
  m "$@"
  expect_code 0
  ALEMBIC_PER_MIGRATION="${PER_MIGRATION:-0}" expect_like_alembic version_lines "$@"
}

new_project
alembic_project

compare_with_alembic upgrade heads --sql
compare_with_alembic upgrade head --sql
compare_with_alembic upgrade 27c6a30d7c24:head --sql
compare_with_alembic upgrade ae1027a6acf0:53fffde5ad51 --sql
compare_with_alembic upgrade billing@head --sql
compare_with_alembic upgrade 3f1e2d4c5b6a --sql
compare_with_alembic downgrade head:base --sql
compare_with_alembic downgrade d00dfeed0001:53fffde5ad51 --sql
compare_with_alembic downgrade d00dfeed0001:billing@base --sql
compare_with_alembic stamp head --sql
compare_with_alembic stamp 53fffde5ad51:b111ab1e0001 --sql
PER_MIGRATION=1
sed -i 's/^\[alembic\]$/[alembic]\ntransaction_per_migration = true/' alembic.ini
compare_with_alembic upgrade head --sql
PER_MIGRATION=0
sed -i '/^transaction_per_migration = true$/d' alembic.ini

case_ "the script's exact layout"
m upgrade 1975ea83b712 --sql
expect_code 0
expect_out "BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 1975ea83b712

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO alembic_version (version_num) VALUES ('1975ea83b712');

COMMIT;"
expect_err "INFO  [migrate] Running upgrade  -> 1975ea83b712, create users table"

case_ "a non-transactional revision is written outside the run's transaction"
m upgrade 53fffde5ad51:9c0ffee11223 --sql
expect_code 0
# Alembic writes an empty "BEGIN; COMMIT;" before and after such a revision; migrate writes a
# transaction only around something.
expect_out "-- Running upgrade 53fffde5ad51 -> 9c0ffee11223

-- CONCURRENTLY cannot run inside a transaction: this revision runs statement by statement.
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);

UPDATE alembic_version SET version_num='9c0ffee11223' WHERE alembic_version.version_num = '53fffde5ad51';"

case_ "version_table and version_table_schema are honoured"
sed -i 's/^\[alembic\]$/[alembic]\nversion_table = my_versions\nversion_table_schema = Audit/' alembic.ini
m upgrade 1975ea83b712 --sql
expect_out_contains 'CREATE TABLE "Audit".my_versions ('
expect_out_contains 'CONSTRAINT my_versions_pkc PRIMARY KEY (version_num)'
expect_out_contains "INSERT INTO \"Audit\".my_versions (version_num) VALUES ('1975ea83b712');"
sed -i '/^version_table/d' alembic.ini

case_ "-q silences the log but not the script"
m -q upgrade 1975ea83b712 --sql
expect_code 0
expect_err ""
expect_out_contains "INSERT INTO alembic_version"

case_ "ensure_version --sql"
m ensure_version --sql
expect_code 0
expect_out "BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

COMMIT;"

case_ "offline usage errors"
m downgrade base --sql
expect_error "downgrade with --sql requires <fromrev>:<torev>"
m stamp --purge head --sql
expect_error "Can't use --purge with --sql mode"
m stamp a:1975ea83b712 b:27c6a30d7c24 --sql
expect_error "Stamp operation with --sql only supports a single starting revision at a time"
m upgrade 1975ea83b712:head
expect_error "Range revision not allowed"

case_ "downgrading through a revision without a downgrade section is refused before any output"
sed -i '/^-- migrate:downgrade$/,$d' migrations/versions/2026-09-08_27c6a30d7c24_add_email_to_users.sql
m downgrade head:base --sql
expect_error "$PROJECT/migrations/versions/2026-09-08_27c6a30d7c24_add_email_to_users.sql: revision 27c6a30d7c24 has no '-- migrate:downgrade' section, so it cannot be downgraded; add one (it may be empty) to make it reversible"
expect_out ""
