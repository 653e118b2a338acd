#!/usr/bin/python3
"""Builds an Alembic 1.8 project equivalent to a migrate project, for compatibility tests.

usage: alembic_project.py SQL_VERSIONS_DIR OUT_DIR
       alembic_project.py --run ALEMBIC_ARGS...   (Alembic's CLI, loading files in sorted order)

Each revision file becomes a Python revision with the same id, parents, labels and dependencies,
whose upgrade()/downgrade() run the same SQL through op.execute (statement by statement inside an
autocommit block for `transactional: false` revisions). env.py loads files in sorted order, as
Alembic >= 1.10 does, so both tools see the same load order. Offline mode needs no database;
online mode connects to $ALEMBIC_TEST_URL.
"""
import os
import re
import sys

ENV_PY = '''
import logging
import os
from alembic import context

logging.basicConfig(level=logging.INFO, format="%(levelname)-5.5s [%(name)s] %(message)s")
from alembic.script import base as script_base

# Alembic 1.8 lists files in os.listdir order; >= 1.10 sorts them. Sort, as migrate does.
_list = script_base.Script._list_py_dir.__func__
script_base.Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(_list(cls, sd, path)))

per_migration = os.environ.get("ALEMBIC_PER_MIGRATION") == "1"
if context.is_offline_mode():
    context.configure(url="postgresql://", literal_binds=True,
                      dialect_opts={"paramstyle": "named"},
                      transaction_per_migration=per_migration)
    with context.begin_transaction():
        context.run_migrations()
else:
    from sqlalchemy import create_engine
    # A models.py beside env.py (the benchmark's autogenerate workload writes one) is the
    # target metadata of `revision --autogenerate`; without it nothing changes.
    autogen = {}
    models = os.path.join(context.script.dir, "models.py")
    if os.path.exists(models):
        import importlib.util
        spec = importlib.util.spec_from_file_location("models", models)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        autogen = {"target_metadata": module.metadata, "compare_type": True}
    engine = create_engine(os.environ["ALEMBIC_TEST_URL"])
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=per_migration,
                          **autogen)
        with context.begin_transaction():
            context.run_migrations()
'''

INI = '''[alembic]
script_location = %(here)s
'''


def parse(path):
    header, sections, current = {}, {"upgrade": [], "downgrade": None}, None
    in_header = True
    for line in open(path, encoding="utf-8").read().splitlines():
        match = re.match(r"^-- ([a-z_]+):(.*)$", line)
        if in_header and match:
            header[match.group(1)] = match.group(2).strip()
            continue
        in_header = False
        if line.strip() == "-- migrate:upgrade":
            current = "upgrade"
            continue
        if line.strip() == "-- migrate:downgrade":
            current = "downgrade"
            sections["downgrade"] = []
            continue
        if current:
            sections[current].append(line)
    return header, {k: ("\n".join(v) if v is not None else None) for k, v in sections.items()}


def as_tuple(value):
    items = [v.strip() for v in (value or "").split(",") if v.strip()]
    if not items:
        return "None"
    return "(" + ", ".join(repr(i) for i in items) + ",)"


def body(sql, transactional):
    if sql is None:
        return "    raise NotImplementedError('irreversible')\n"
    if not sql.strip():
        return "    pass\n"
    if transactional:
        return "    op.execute(%r)\n" % sql.strip()
    statements = [s.strip() for s in re.split(r";\s*\n", sql + "\n") if s.strip()
                  and not all(l.strip().startswith("--") or not l.strip() for l in s.splitlines())]
    lines = "    with op.get_context().autocommit_block():\n"
    for statement in statements:
        lines += "        op.execute(%r)\n" % statement
    return lines


def main():
    source, target = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(target, "versions"), exist_ok=True)
    open(os.path.join(target, "env.py"), "w").write(ENV_PY)
    open(os.path.join(target, "alembic.ini"), "w").write(INI)
    for name in sorted(os.listdir(source)):
        if not name.endswith(".sql"):
            continue
        header, sections = parse(os.path.join(source, name))
        transactional = header.get("transactional", "true").lower() != "false"
        revises = ", ".join(v.strip() for v in header.get("down_revision", "").split(",") if v.strip())
        text = '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""\n' % (
            header.get("message", ""), header["revision"], revises, header.get("create_date", ""))
        text += "from alembic import op\n\n"
        text += "revision = %r\n" % header["revision"]
        text += "down_revision = %s\n" % as_tuple(header.get("down_revision"))
        text += "branch_labels = %s\n" % as_tuple(header.get("branch_labels"))
        text += "depends_on = %s\n\n\n" % as_tuple(header.get("depends_on"))
        text += "def upgrade():\n" + body(sections["upgrade"], transactional) + "\n\n"
        text += "def downgrade():\n" + body(sections["downgrade"], transactional)
        open(os.path.join(target, "versions", name[:-4] + ".py"), "w").write(text)


def run_alembic(argv):
    from alembic.config import main as alembic_main
    from alembic.script import base as script_base
    listing = script_base.Script._list_py_dir.__func__
    script_base.Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(listing(cls, sd, path)))
    alembic_main(argv=argv, prog="alembic")


if __name__ == "__main__":
    if sys.argv[1] == "--run":
        run_alembic(sys.argv[2:])
    else:
        main()
