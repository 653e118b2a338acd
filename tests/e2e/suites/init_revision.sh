# init, list_templates, revision and merge: the files a user gets, and the errors.

case_ "list_templates"
empty_dir
m list_templates
expect_code 0
expect_out "Available templates:

generic - Generic single-database configuration.
pyproject - pyproject configuration, based on the generic configuration.

Templates are used via the 'init' command, e.g.:

  migrate init --template generic ./migrations"

case_ "init creates the project"
empty_dir
m init migrations
expect_code 0
expect_out "Creating directory $PROJECT/migrations ...  done
Creating directory $PROJECT/migrations/versions ...  done
Generating $PROJECT/migrations/script.sql.tmpl ...  done
Generating $PROJECT/migrations/schema.sql ...  done
Generating $PROJECT/migrations/README ...  done
Generating $PROJECT/alembic.ini ...  done
Please set the database URL (sqlalchemy.url in '$PROJECT/alembic.ini', or \$DATABASE_URL) and put the schema you want in '$PROJECT/migrations/schema.sql' before proceeding."
expect_file alembic.ini
grep -qF "migrations/ holds script.sql.tmpl, schema.sql and versions/." migrations/README && pass || fail "README: $(cat migrations/README)"
grep -q '^script_location = %(here)s/migrations$' alembic.ini && pass || fail "script_location not written"

case_ "init refuses a non-empty directory and an unknown template"
m init migrations
expect_error "Directory migrations already exists and is not empty"
m init other -t nope
expect_error "No such template 'nope' (see 'migrate list_templates')"

case_ "revision writes a file that heads and history see"
m revision -m "Create account table" --rev-id 1975ea83b712
expect_code 0
expect_out "Generating $PROJECT/migrations/versions/1975ea83b712_create_account_table.sql ...  done"
m heads
expect_out "1975ea83b712 (head)"
m revision -m "Add a very long message, with punctuation! and MixedCase words that exceed forty" --rev-id r3
expect_out "Generating $PROJECT/migrations/versions/r3_add_a_very_long_message_with_.sql ...  done"
m history
expect_out "1975ea83b712 -> r3 (head), Add a very long message, with punctuation! and MixedCase words that exceed forty
<base> -> 1975ea83b712, Create account table"
m revision --rev-id r4
expect_out "Generating $PROJECT/migrations/versions/r4_.sql ...  done"
m show r4
expect_out_contains "    empty message"

case_ "a new revision's file parses back with every field"
m revision -m "labelled" --rev-id lab1 --head base --branch-label lib --depends-on 1975
expect_code 0
f=migrations/versions/lab1_labelled.sql
grep -q '^-- down_revision: *$' "$f" && grep -q '^-- branch_labels: lib$' "$f" \
  && grep -q '^-- depends_on: 1975ea83b712$' "$f" && pass || fail "$(cat "$f")"
m heads
expect_out "lab1 (lib) (head)
r4 (head)"

case_ "revision with several heads, then merge"
m revision -m "x"
expect_error "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge."
m merge heads -m "merge lib" --rev-id mrg1
expect_code 0
m heads
expect_out "mrg1 (lib) (head)"
m show mrg1
expect_out_contains "Merges: lab1, r4"

case_ "revision errors"
m revision -m "bad" --rev-id 'ab-c:d'
expect_error "Character(s) '-, :' not allowed in revision identifier 'ab-c:d'"
m revision -m "splice" --head r3
expect_error "Revision r3 is not a head revision; please specify --splice to create a new branch from this revision"
m revision -m "splice" --head r3 --splice --rev-id spl1
expect_code 0
m revision -m "dup" --rev-id spl1 --head spl1
expect_error "Revision spl1 is already present in $PROJECT/migrations/versions/spl1_splice.sql"
m revision -m "where" --head mrg1 --version-path /nowhere
expect_error "Path /nowhere is not represented in current version locations"
m revision --autogenerate -m "x"
expect_error "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge."
m revision --sql -m "x" --head mrg1
expect_error "Using --sql with the revision command when revision_environment is not configured does not make any sense"

case_ "file_template, timezone and a post-write hook (run without a shell)"
empty_dir
m init migrations
sed -i 's/^file_template = .*/file_template = %%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s\ntimezone = UTC/' alembic.ini
cat >> alembic.ini <<'INI'
hooks = stamp
stamp.type = exec
stamp.executable = cp
stamp.options = REVISION_SCRIPT_FILENAME hooked.sql
INI
m revision -m "seed style" --rev-id aaa111
expect_code 0
today=$(date -u +%Y-%m-%d)
expect_out_contains "Generating $PROJECT/migrations/versions/${today}_aaa111_seed_style.sql ...  done"
expect_out_contains "Running post write hook 'stamp' ..."
expect_file hooked.sql
grep -q '^-- create_date: .*+00:00$' hooked.sql && pass || fail "create_date lacks the UTC offset"

case_ "init with the pyproject template"
empty_dir
m init -t pyproject migrations
expect_code 0
expect_file pyproject.toml
m revision -m "first" --rev-id p1
expect_out "Generating $PROJECT/migrations/versions/p1_first.sql ...  done"

case_ "edit opens the revision file in \$EDITOR, without a shell"
EDITOR=cat m edit p1
expect_code 0
expect_out_contains "-- revision: p1"
EDITOR=false m edit p1
expect_error "Error executing editor (false exited with status 1)"
EDITOR=cat m edit nope
expect_error "Can't locate revision identified by 'nope'"

case_ "init's README names the folder it was given"
empty_dir
m init db/schema_changes
expect_code 0
grep -qF "db/schema_changes/ holds script.sql.tmpl, schema.sql and versions/." db/schema_changes/README \
  && pass || fail "README: $(cat db/schema_changes/README)"
grep -q "migrations/" db/schema_changes/README && fail "README names migrations/: $(cat db/schema_changes/README)" || pass

