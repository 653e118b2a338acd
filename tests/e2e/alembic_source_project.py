#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Builds a real Alembic 1.8 project with Alembic's own commands, for convert-alembic's tests.

usage: alembic_source_project.py OUT_DIR full    (15 revisions: branches, a merge, a label,
                                                   depends_on, op.execute, autocommit block)
       alembic_source_project.py OUT_DIR hard    (a step that reads the database, and an
                                                   irreversible downgrade)

`alembic init` (generic template) writes OUT_DIR/alembic.ini and OUT_DIR/alembic/; each revision
comes from `alembic revision` / `alembic merge`, and its pass bodies are then replaced with op.*
calls, as a developer edits a new revision. env.py reads the URL from $ALEMBIC_TEST_URL.
"""
import os
import subprocess
import sys

out_dir, kind = sys.argv[1], sys.argv[2]


def alembic(*args):
    subprocess.run([sys.executable, "-m", "alembic", *args], cwd=out_dir, check=True,
                   stdout=subprocess.DEVNULL)


def revision(rev_id, message, upgrade, downgrade, *options):
    alembic("revision", "-m", message, "--rev-id", rev_id, *options)
    fill(rev_id, upgrade, downgrade)


def fill(rev_id, upgrade, downgrade):
    versions = os.path.join(out_dir, "alembic", "versions")
    (path,) = [os.path.join(versions, f) for f in os.listdir(versions) if f.startswith(rev_id + "_")]
    text = open(path).read()
    for name, body in (("upgrade", upgrade), ("downgrade", downgrade)):
        indented = "\n".join("    " + line if line else "" for line in body.strip("\n").split("\n"))
        text = text.replace("def %s() -> None:\n    pass\n" % name,
                            "def %s() -> None:\n%s\n" % (name, indented), 1)
    open(path, "w").write(text)


os.makedirs(out_dir, exist_ok=True)
alembic("init", "--template", "generic", "alembic")
env_py = os.path.join(out_dir, "alembic", "env.py")
env = open(env_py).read().replace(
    "config = context.config\n",
    "config = context.config\n"
    "config.set_main_option(\"sqlalchemy.url\", __import__(\"os\").environ.get(\"ALEMBIC_TEST_URL\", "
    "\"postgresql://\"))\n", 1)
open(env_py, "w").write(env)

if kind == "hard":
    revision("h1", "create counters", """
op.create_table("counters", sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("n", sa.Integer, nullable=False, server_default="0"))
""", """
op.drop_table("counters")
""")
    revision("h2", "backfill from live rows", """
count = op.get_bind().execute(sa.text("SELECT count(*) FROM counters")).scalar()
op.execute("UPDATE counters SET n = %d" % count)
""", """
pass
""")
    revision("h3", "drop the old column", """
op.drop_column("counters", "n")
""", """
raise NotImplementedError("the values are gone")
""")
    sys.exit(0)

revision("a1", "create users", """
op.create_table(
    "users",
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("email", sa.String(200)),
)
""", """
op.drop_table("users")
""")
revision("a2", "index users email", """
op.create_index("ix_users_email", "users", ["email"], unique=True)
""", """
op.drop_index("ix_users_email", table_name="users")
""")
revision("a3", "create posts", """
op.create_table(
    "posts",
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()")),
)
""", """
op.drop_table("posts")
""")
revision("a4", "touch trigger", '''
op.execute("""
CREATE FUNCTION touch_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a comment; and a semicolon
  NEW.created_at := now();
  RETURN NEW;
END
$$
""")
op.execute("CREATE TRIGGER posts_touch BEFORE UPDATE ON posts "
           "FOR EACH ROW EXECUTE FUNCTION touch_created()")
''', """
op.execute("DROP TRIGGER posts_touch ON posts")
op.execute("DROP FUNCTION touch_created()")
""")
revision("a5", "add phone", """
op.add_column("users", sa.Column("phone", sa.String(20)))
op.alter_column("users", "email", nullable=False, existing_type=sa.String(200))
""", """
op.alter_column("users", "email", nullable=True, existing_type=sa.String(200))
op.drop_column("users", "phone")
""")
revision("b1", "create invoices", """
op.create_table(
    "invoices",
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("amount", sa.Numeric(10, 2), nullable=False),
    sa.Column("status", sa.Enum("open", "paid", name="invoice_status"), nullable=False),
)
""", """
op.drop_table("invoices")
op.execute("DROP TYPE invoice_status")
""", "--head", "a3", "--splice", "--branch-label", "billing")
revision("b2", "invoice due date", """
op.add_column("invoices", sa.Column("due_date", sa.Date))
op.create_check_constraint("ck_invoices_amount_positive", "invoices", "amount > 0")
""", """
op.drop_constraint("ck_invoices_amount_positive", "invoices", type_="check")
op.drop_column("invoices", "due_date")
""", "--head", "billing@head")
revision("b3", "invoice contact phone", """
op.add_column("invoices", sa.Column("contact_phone", sa.String(20)))
op.execute("UPDATE invoices SET contact_phone = u.phone FROM users u WHERE u.id = invoices.user_id")
""", """
op.drop_column("invoices", "contact_phone")
""", "--head", "billing@head", "--depends-on", "a5")
revision("a6", "create tags", """
tags = op.create_table(
    "tags",
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(40), nullable=False, unique=True),
)
op.bulk_insert(tags, [{"id": 1, "name": "news"}, {"id": 2, "name": "it's released"}])
""", """
op.drop_table("tags")
""", "--head", "a5", "--splice")
revision("a7", "tag posts", """
op.create_table(
    "post_tags",
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"), primary_key=True),
    sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), primary_key=True),
)
""", """
op.drop_table("post_tags")
""", "--head", "a6")
alembic("merge", "-m", "merge billing", "--rev-id", "m1", "a7", "b3")
revision("c1", "rename title", """
op.alter_column("posts", "title", new_column_name="headline")
""", """
op.alter_column("posts", "headline", new_column_name="title")
""")
revision("c2", "active users view", """
op.execute("CREATE VIEW active_users AS SELECT id, name FROM users WHERE email IS NOT NULL")
op.create_unique_constraint("uq_users_name", "users", ["name"])
""", """
op.drop_constraint("uq_users_name", "users", type_="unique")
op.execute("DROP VIEW active_users")
""")
revision("c3", "index posts concurrently", """
with op.get_context().autocommit_block():
    op.create_index("ix_posts_created", "posts", ["created_at"], postgresql_concurrently=True)
""", """
with op.get_context().autocommit_block():
    op.drop_index("ix_posts_created", table_name="posts", postgresql_concurrently=True)
""")
revision("c4", "widen phone", """
op.alter_column("users", "phone", type_=sa.String(40), existing_type=sa.String(20))
""", """
op.alter_column("users", "phone", type_=sa.String(20), existing_type=sa.String(40))
""")
