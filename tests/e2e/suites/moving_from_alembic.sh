# docs/moving-from-alembic.md, run as written. The fixture is the guide's starting point: an async
# Alembic project made by Alembic 1.8's own CLI (`init -t async`, `revision --autogenerate`, a
# hand-written revision that reads the database), whose revisions Alembic applied over asyncpg to
# a throwaway database ("production"). Then the guide's fenced blocks are taken in order:
#
#   before the first ```sh block (the starting point, checked against the fixture):
#     ```ini     each setting line is a line of the project's alembic.ini
#     ```python  each code line is a line of alembic/env.py, app/*.py or a revision
#     ```text    the project's tree: each file and folder it names exists (dates aside)
#   from the first ```sh block on:
#     ```sh      run with `bash -e -o pipefail` in the project folder, DATABASE_URL (asyncpg) in the
#                environment, `migrate` (a link to $MIGRATE), `alembic` (Debian's Alembic, as a
#                virtualenv's console script) and Debian's python3 first on PATH. It must exit 0,
#                unless the ```text block after it shows a `migrate: error:` line: then it must fail.
#     ```text    the output (stdout and stderr) of the ```sh block before it, compared after both
#                are normalised: the project folder as /home/me/shop, dates, times, durations and
#                revision ids other than the fixture's replaced by placeholders
#     ```ini     applied to alembic.ini: the snippet's section keeps its comments, and its settings
#                become the snippet's
#     ```sql     a revision file (it has a `-- revision:` header): when versions/ holds that
#                revision's .sql file, compared with it; else, when it holds its .py file,
#                written beside it (by hand, as the guide says); else compared with the file the
#                last ```sh block created. A `CREATE TABLE` block replaces that statement in
#                alembic/schema.sql.
#
# Then the outcome is checked: the version rows and data, the converted files' names and headers,
# the new revision's name and formatting, check at head, and Alembic, from the project as it was,
# still reading the database.

source "$MIGRATE_SOURCE_DIR/tests/e2e/db.sh"

PY=/usr/bin/python3
GUIDE=$MIGRATE_SOURCE_DIR/docs/moving-from-alembic.md
empty_dir
ROOT=$PROJECT
SHOP=$ROOT/shop
BIN=$ROOT/bin
mkdir "$SHOP" "$BIN" "$ROOT/blocks"
ln -s "$MIGRATE" "$BIN/migrate"
printf '#!/bin/sh\nexec /usr/bin/python3 -m alembic "$@"\n' >"$BIN/alembic"
chmod +x "$BIN/alembic"
USERS=4b9e0c1d2a37
ORDERS=8f1d2c3b4a56
COUNTS=c07a5e9f1b28
# The guide's scratch database: left over by an earlier run that failed, it would stop createdb.
dropdb --if-exists --force shop_models 2>/dev/null
E2E_DATABASES+=(shop_models)

# ---- the fixture: the project as the guide starts from it, and its database ----

new_database
export DATABASE_URL="postgresql+asyncpg://${PGUSER:-postgres}@/$DB?host=$PGHOST&port=$PGPORT"
cd "$SHOP"
$PY - "$DB" "$USERS" "$ORDERS" "$COUNTS" <<'EOF'
import glob
import subprocess
import sys

db, users, orders, counts = sys.argv[1:]


def alembic(*args):
    result = subprocess.run([sys.executable, "-m", "alembic", *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("alembic %s failed:\n%s%s" % (" ".join(args), result.stdout, result.stderr))


def edit(path, old, new):
    text = open(path).read()
    assert old in text, (path, old)
    open(path, "w").write(text.replace(old, new, 1))


def write(path, text):
    open(path, "w").write(text)


alembic("init", "-t", "async", "alembic")
edit("alembic.ini", "# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\n",
     "file_template = %%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s\n")
edit("alembic/env.py", "from alembic import context\n",
     "from alembic import context\n\nfrom app import settings\nfrom app.models import Base\n")
edit("alembic/env.py", "config = context.config\n",
     "config = context.config\nconfig.set_main_option(\"sqlalchemy.url\", settings.DATABASE_URL)\n")
edit("alembic/env.py", "target_metadata = None\n", "target_metadata = Base.metadata\n")

import os
os.mkdir("app")
write("app/__init__.py", "")
write("app/settings.py", 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n')
user_model = '''from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, Numeric, String, func
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String(255), nullable=False, unique=True)
    name = Column(String(100), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
'''
order_model = '''

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_user_id_created_at", "user_id", "created_at"),)

    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    total = Column(Numeric(10, 2), nullable=False)
    status = Column(String(20), nullable=False, server_default="new")
    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
'''
order_count = '    order_count = Column(Integer, nullable=False, server_default="0")\n'

# Production so far: each revision written, then applied by `alembic upgrade head` (asyncpg).
write("app/models.py", user_model)
alembic("revision", "--autogenerate", "-m", "create users", "--rev-id", users)
alembic("upgrade", "head")
write("app/models.py", user_model + order_model)
alembic("revision", "--autogenerate", "-m", "create orders", "--rev-id", orders)
alembic("upgrade", "head")
subprocess.run(["psql", "-X", "-q", "-d", db,
                "-c", "INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada'), ('alan@example.com', 'Alan')",
                "-c", "INSERT INTO orders (user_id, total) VALUES (1, 12.50), (1, 3.20), (2, 7.00)"],
               check=True)
write("app/models.py", user_model + order_count + order_model)
alembic("revision", "-m", "count orders per user", "--rev-id", counts)
(path,) = glob.glob("alembic/versions/*_%s_*.py" % counts)
edit(path, "def upgrade() -> None:\n    pass\n", '''def upgrade() -> None:
    op.add_column("users", sa.Column("order_count", sa.Integer(), server_default="0", nullable=False))
    conn = op.get_bind()
    counts = conn.execute(sa.text("SELECT user_id, count(*) FROM orders GROUP BY user_id"))
    for user_id, n in counts:
        conn.execute(
            sa.text("UPDATE users SET order_count = :n WHERE id = :id"), {"n": n, "id": user_id}
        )
''')
edit(path, "def downgrade() -> None:\n    pass\n",
     'def downgrade() -> None:\n    op.drop_column("users", "order_count")\n')
alembic("upgrade", "head")

# The ruff hook comes last: ruff is not installed here, and Alembic would run it on each revision.
edit("alembic.ini", "# black.options = -l 79 REVISION_SCRIPT_FILENAME\n",
     "# black.options = -l 79 REVISION_SCRIPT_FILENAME\n\nhooks = ruff_format\n"
     "ruff_format.type = console_scripts\nruff_format.entrypoint = ruff\n"
     "ruff_format.options = format REVISION_SCRIPT_FILENAME\n")
EOF
PROD=$DB
cp -r "$SHOP" "$ROOT/shop.alembic"
PY_FILES=$(cd alembic/versions && ls -- *.py)

db_case "the fixture: Alembic migrated the database over asyncpg"
expect_rows "$COUNTS"
[ "$(sql "$PROD" "SELECT string_agg(email || '=' || order_count, ' ' ORDER BY id) FROM users")" \
  = "ada@example.com=2 alan@example.com=1" ] && pass || fail "order_count was not filled in"
[ "$(echo "$PY_FILES" | grep -cE "^[0-9]{4}-[0-9]{2}-[0-9]{2}_($USERS|$ORDERS|$COUNTS)_[a-z_]+\.py$")" = 3 ] \
  && pass || fail "the revisions are not date-stamped: $PY_FILES"

# ---- the guide's blocks ----

cat >"$ROOT/guide.py" <<'EOF'
"""The guide test's helpers: guide.py COMMAND ARGS... (see the suite's header)."""
import glob
import os
import re
import sys


def lines(text):
    return [line.rstrip() for line in text.split("\n")]


def split(guide, out_dir):
    """Writes each fenced block to OUT_DIR/NNN.LANG; prints one manifest line per block:
    NNN LANG LINE PHASE EXPECT (PHASE: seed before the first sh block, else guide; EXPECT, for an
    sh block: fail when the text block after it shows a migrate error, else ok)."""
    blocks, current = [], None
    for number, line in enumerate(open(guide).read().split("\n"), 1):
        if current is None:
            if line.lstrip().startswith("```"):
                if line.startswith(" "):
                    sys.exit("%s:%d: an indented block (keep blocks at the margin)" % (guide, number))
                current = {"lang": line[3:].strip(), "line": number, "body": []}
        elif line.strip() == "```":
            blocks.append(current)
            current = None
        else:
            current["body"].append(line)
    if current is not None:
        sys.exit("%s:%d: unterminated block" % (guide, current["line"]))
    seen_sh = False
    for index, block in enumerate(blocks):
        if block["lang"] not in ("sh", "text", "ini", "python", "sql"):
            sys.exit("%s:%d: block of unknown kind '%s'" % (guide, block["line"], block["lang"]))
        seen_sh = seen_sh or block["lang"] == "sh"
        expect = "ok"
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block["lang"] == "sh" and following and following["lang"] == "text" \
                and any(l.startswith("migrate: error:") for l in following["body"]):
            expect = "fail"
        name = "%03d" % index
        with open(os.path.join(out_dir, name + "." + block["lang"]), "w") as f:
            f.write("\n".join(block["body"]) + "\n")
        print(name, block["lang"], block["line"], "guide" if seen_sh else "seed", expect)


def normalise(text, known_ids, project=None):
    if project:
        text = text.replace(os.path.realpath(project), "/home/me/shop").replace(project, "/home/me/shop")
    text = re.sub(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)", "YYYY-MM-DD", text)
    text = re.sub(r"\b\d{2}:\d{2}:\d{2}(\.\d+)?\b", "hh:mm:ss", text)
    text = re.sub(r"\b\d+(\.\d+)? (ms|s)\b", "N ms", text)
    text = re.sub(r"(?<![0-9A-Za-z])[0-9a-f]{12}(?![0-9A-Za-z])",
                  lambda m: m.group(0) if m.group(0) in known_ids else "NEWREV", text)
    return "\n".join(lines(text)).strip("\n")


def compare(expected_file, actual_file, project, known_ids):
    """Exit 1, with a diff, when the two differ once normalised."""
    import difflib
    expected = normalise(open(expected_file).read(), known_ids)
    actual = normalise(open(actual_file).read(), known_ids, project)
    if expected != actual:
        sys.stdout.writelines(difflib.unified_diff(
            (expected + "\n").splitlines(True), (actual + "\n").splitlines(True),
            "guide", "actual"))
        sys.exit(1)


def seed_lines(block, *patterns):
    """Exit 1 naming each line of BLOCK (blank lines, comments and '...' aside) that is no line of
    the files PATTERNS match."""
    have = set()
    for pattern in patterns:
        for path in glob.glob(pattern):
            have.update(lines(open(path).read()))
    missing = [line for line in lines(open(block).read())
               if line.strip() and not line.lstrip().startswith(("#", ";")) and line.strip() != "..."
               and line not in have]
    if missing:
        print("\n".join(missing))
        sys.exit(1)


def seed_tree(block, root):
    """Exit 1 naming each path of the tree in BLOCK (its first line is ROOT) that is missing."""
    folders, missing = [root], []
    for line in filter(None, lines(open(block).read())[1:]):
        match = re.match(r"^((?:\u2502   |    )*)(?:\u251c\u2500\u2500 |\u2514\u2500\u2500 )(.+)$", line)
        if not match:
            sys.exit("not a tree line: " + line)
        depth, name = len(match.group(1)) // 4, match.group(2)
        path = os.path.join(folders[depth], name.rstrip("/"))
        del folders[depth + 1:]
        if name.endswith("/"):
            folders.append(path)
        pattern = re.sub(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)", "[0-9-]*", glob.escape(path))
        if not glob.glob(pattern):
            missing.append(path)
    if missing:
        print("\n".join(missing))
        sys.exit(1)


def apply_ini(block, ini):
    """The snippet's section keeps its comment lines; its settings become the snippet's."""
    snippet = lines(open(block).read())
    header = snippet[0]
    assert header.startswith("["), "an ini snippet starts with its section"
    settings = [line for line in snippet[1:] if line.strip()]
    text = lines(open(ini).read())
    start = text.index(header)
    end = start + 1
    while end < len(text) and not text[end].startswith("["):
        end += 1
    kept = [line for line in text[start + 1:end]
            if not line.strip() or line.lstrip().startswith(("#", ";"))]
    while kept and not kept[-1].strip():
        kept.pop()
    text[start:end] = [header] + kept + [""] + settings + [""]
    open(ini, "w").write("\n".join(text))


def replace_table(block, schema):
    """Replaces the CREATE TABLE statement the block holds in SCHEMA."""
    statement = open(block).read().strip()
    head = statement.split("(")[0]
    text = open(schema).read()
    match = re.search(re.escape(head) + r"\(.*?\n\);", text, re.S)
    if not match:
        sys.exit("%s has no '%s(...);'" % (schema, head))
    open(schema, "w").write(text[:match.start()] + statement + text[match.end():])


command, args = sys.argv[1], sys.argv[2:]
if command == "split":
    split(*args)
elif command == "compare":
    compare(args[0], args[1], args[2], args[3].split())
elif command == "seed-lines":
    seed_lines(*args)
elif command == "seed-tree":
    seed_tree(*args)
elif command == "apply-ini":
    apply_ini(*args)
elif command == "replace-table":
    replace_table(*args)
else:
    sys.exit("unknown command " + command)
EOF
guide() { $PY "$ROOT/guide.py" "$@"; }

case_ "the guide's blocks can be read"
guide split "$GUIDE" "$ROOT/blocks" >"$ROOT/manifest" && pass || fail "$(cat "$ROOT/manifest")"
[ "$(grep -c ' sh ' "$ROOT/manifest")" -ge 10 ] && pass || fail "too few commands: $(cat "$ROOT/manifest")"

KNOWN_IDS="$USERS $ORDERS $COUNTS"
# The output and files the last sh block made (OUT, CODE, NEW_FILES).
LAST_SH=""
NEW_FILES=""
SH_RUN=0
while read -r name lang line phase expect; do
  block="$ROOT/blocks/$name.$lang"
  where="docs/moving-from-alembic.md:$line"
  case "$phase $lang" in
    "seed ini")
      case_ "$where: the starting point's alembic.ini"
      unset OUT ERR CODE
      missing=$(guide seed-lines "$block" alembic.ini) && pass || fail "not in alembic.ini: $missing"
      ;;
    "seed python")
      case_ "$where: the starting point's Python"
      unset OUT ERR CODE
      missing=$(guide seed-lines "$block" alembic/env.py 'app/*.py' 'alembic/versions/*.py') \
        && pass || fail "not in the project: $missing"
      ;;
    "seed text")
      case_ "$where: the starting point's tree"
      unset OUT ERR CODE
      missing=$(guide seed-tree "$block" "$SHOP") && pass || fail "not in the project: $missing"
      ;;
    "guide sh")
      case_ "$where: $(head -1 "$block")"
      ls alembic/versions 2>/dev/null | sort >"$ROOT/before"
      set +e
      (cd "$SHOP" && PATH="$BIN:/usr/bin:$PATH" bash -e -o pipefail "$block") >"$ROOT/block.out" 2>&1 </dev/null
      CODE=$?
      set -e
      cd "$SHOP"
      OUT=$(cat "$ROOT/block.out")
      ERR=""
      NEW_FILES=$(ls alembic/versions 2>/dev/null | sort | comm -13 "$ROOT/before" -)
      LAST_SH=$where
      SH_RUN=$((SH_RUN + 1))
      if [ "$expect" = fail ]; then
        [ "$CODE" != 0 ] && pass || fail "the guide shows an error, but the block succeeded"
      else
        expect_code 0
      fi
      ;;
    "guide text")
      case_ "$where: the output of $LAST_SH"
      diff=$(guide compare "$block" "$ROOT/block.out" "$SHOP" "$KNOWN_IDS") && pass || fail "$diff"
      ;;
    "guide ini")
      case_ "$where: the alembic.ini snippet"
      unset OUT ERR CODE
      guide apply-ini "$block" alembic.ini && pass || fail "could not apply it"
      ;;
    "guide sql")
      unset OUT ERR CODE
      rev=$(sed -n 's/^-- revision: //p' "$block")
      if [ -z "$rev" ]; then
        case_ "$where: the schema.sql edit"
        grep -q '^CREATE TABLE ' "$block" && pass || fail "an SQL block with neither a header nor a CREATE TABLE"
        guide replace-table "$block" alembic/schema.sql && pass || fail "could not apply it"
      elif sql_file=$(ls alembic/versions/*_"$rev"_*.sql 2>/dev/null); then
        case_ "$where: the file of revision $rev"
        diff=$(guide compare "$block" "$sql_file" "$SHOP" "$KNOWN_IDS") && pass || fail "$diff"
      elif py_file=$(ls alembic/versions/*_"$rev"_*.py 2>/dev/null); then
        case_ "$where: revision $rev written by hand"
        cp "$block" "${py_file%.py}.sql"
        pass
      else
        case_ "$where: the file $LAST_SH wrote"
        new_sql=$(echo "$NEW_FILES" | grep '\.sql$' || true)
        [ "$(echo "$new_sql" | grep -c .)" = 1 ] && pass || fail "it wrote: '$NEW_FILES'"
        diff=$(guide compare "$block" "alembic/versions/$new_sql" "$SHOP" "$KNOWN_IDS") && pass || fail "$diff"
      fi
      ;;
    *)
      case_ "$where"
      unset OUT ERR CODE
      fail "a $lang block where the test cannot use one"
      ;;
  esac
done <"$ROOT/manifest"

# ---- the outcome ----

NEW=$(ls alembic/versions | sed -n 's/^[0-9-]*_\([0-9a-f]\{12\}\)_add_phone\.sql$/\1/p')

db_case "the converted revisions kept the .py files' names, ids, messages and dates"
[ -z "$(ls alembic/versions | grep -v '\.sql$')" ] && pass || fail "left in versions/: $(ls alembic/versions)"
for py in $PY_FILES; do
  sql_file=alembic/versions/${py%.py}.sql
  expect_file "$sql_file"
  original=$ROOT/shop.alembic/alembic/versions/$py
  rev=$(sed -n "s/^revision = '\(.*\)'$/\1/p" "$original")
  created=$(sed -n 's/^Create Date: //p' "$original")
  grep -qx -- "-- revision: $rev" "$sql_file" && pass || fail "$sql_file is not revision $rev"
  if [ "$rev" != "$COUNTS" ]; then # that one was written by hand, with the guide's date
    grep -qx -- "-- create_date: $created" "$sql_file" && pass || fail "$sql_file lost its date $created"
  fi
done
grep -qx -- "-- message: create orders" alembic/versions/*_"$ORDERS"_create_orders.sql && pass \
  || fail "create orders lost its message"

db_case "the new revision: date-stamped by file_template, formatted by pg_format"
new_file=$(ls alembic/versions/*_"$NEW"_add_phone.sql 2>/dev/null || true)
[[ "$(basename "$new_file")" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9a-f]{12}_add_phone\.sql$ ]] && pass \
  || fail "the new revision is '$new_file': $(ls alembic/versions)"
grep -qx -- "    ADD COLUMN phone text;" "$new_file" && pass || fail "pg_format did not format $new_file"
grep -q "ALTER TABLE public.users ADD COLUMN" "$new_file" && fail "the statement is as autogenerate wrote it" || pass
[ "$(pg_format "$new_file")" = "$(cat "$new_file")" ] && pass || fail "pg_format would change $new_file again"

db_case "downgrade -1 left the database on Alembic's last revision, data kept"
DB=$PROD
expect_rows "$COUNTS"
[ "$(sql "$PROD" "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'phone'")" = 0 ] \
  && pass || fail "users.phone is still there"
[ "$(sql "$PROD" "SELECT string_agg(email || '=' || order_count, ' ' ORDER BY id) FROM users")" \
  = "ada@example.com=2 alan@example.com=1" ] && pass || fail "the rows changed"
[ "$(sql "$PROD" "SELECT string_agg(direction || ':' || revision, ' ' ORDER BY started_at) FROM alembic_version_log")" \
  = "upgrade:$NEW downgrade:$NEW" ] && pass || fail "log: $(sql "$PROD" "TABLE alembic_version_log")"

case_ "migrate reads the same database without env.py, and check passes at head"
m current
expect_out "$COUNTS"
m history
expect_out "$COUNTS -> $NEW (head), add phone
$ORDERS -> $COUNTS, count orders per user
$USERS -> $ORDERS, create orders
<base> -> $USERS, create users"
m check
expect_error "Target database is not up to date."
m -q upgrade head
expect_code 0
expect_rows "$NEW"
m check
expect_code 0
expect_out "No new upgrade operations detected."
m -q downgrade -1
expect_rows "$COUNTS"

case_ "without script.sql.tmpl, revision stops as the guide says, and writes nothing"
mv alembic/script.sql.tmpl "$ROOT/script.sql.tmpl"
m revision -m "no template"
expect_error "$SHOP/alembic/script.sql.tmpl: cannot read file: No such file or directory"
[ -z "$(ls alembic/versions | grep no_template)" ] && pass || fail "a file was written: $(ls alembic/versions)"
mv "$ROOT/script.sql.tmpl" alembic/script.sql.tmpl

case_ "with the ruff hook, revision stops as the guide says, before writing anything"
cp "$ROOT/shop.alembic/alembic.ini" ruff.ini
m -c ruff.ini revision -m "ruff hook"
expect_error "No formatter with name 'console_scripts' registered (migrate runs only 'exec' hooks)"
[ -z "$(ls alembic/versions | grep _ruff_hook.sql)" ] && pass || fail "a file was written: $(ls alembic/versions)"
rm -f ruff.ini

case_ "Alembic, from the project as it was, still reads the database migrate ran on"
(cd "$ROOT/shop.alembic" && $PY -m alembic current 2>/dev/null) >"$ROOT/alembic.out" && pass || fail "alembic current failed"
[ "$(cat "$ROOT/alembic.out")" = "$COUNTS (head)" ] && pass || fail "alembic current: $(cat "$ROOT/alembic.out")"

case_ "every command of the guide ran"
[ "$SH_RUN" = "$(grep -c ' sh ' "$ROOT/manifest")" ] && pass || fail "ran $SH_RUN blocks"
