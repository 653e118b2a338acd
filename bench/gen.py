#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Writes one benchmark workload: the same revisions for migrate, psql (the floor), dbmate and Alembic.
"""usage: gen.py linear N OUT_DIR [--body-kb K]   N trivial revisions in one chain (CREATE TABLE t_i /
                                                DROP TABLE t_i); --body-kb pads each upgrade body
                                                with a K-KiB SQL comment (the memory workload)
       gen.py graph N OUT_DIR    N revisions with branches and merges (for the read-only commands)
       gen.py schema N OUT_DIR   revisions creating N varied tables, and a schema.sql that is their
                                 schema with 20 changes (the autogenerate workloads)
       gen.py schema-noop N OUT_DIR   the same revisions, and a schema.sql equal to their schema
                                 (the no-op autogenerate workloads)

OUT_DIR receives:
  migrate/alembic.ini, migrate/versions/*.sql       the migrate project
  floor_single.sql    all upgrade SQL concatenated (for psql -q -1 -f), plus the version row
  floor_per_rev.sql   one line per revision: BEGIN\\; SQL\\; version-row UPDATE\\; COMMIT (one message each)
  floor_down.sql      all downgrade SQL in reverse order, plus removing the version row
  dbmate/*.sql        the dbmate project (linear only)
schema writes migrate/ with its schema.sql instead, and:
  floor_revisions.sql   the revisions' upgrade SQL concatenated (the state autogenerate replays)
  alembic_models.py     SQLAlchemy 1.4 Table objects equal to schema.sql, for Alembic's autogenerate
The Alembic project is made from migrate/versions by tests/e2e/alembic_project.py (see bench/run).
"""
import os
import sys

import gen_schema

VERSION_DDL = ("CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) NOT NULL, "
               "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));")


MIGRATE_TEMPLATE = """-- message: ${message}
-- revision: ${up_revision}
-- down_revision: ${down_revision}
-- create_date: ${create_date}

-- migrate:upgrade
${upgrades}

-- migrate:downgrade
${downgrades}
"""

# The Mako template Alembic renders a new revision through: the module-level names it needs and
# the operations its autogenerate found.
ALEMBIC_TEMPLATE = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


def rev_id(i):
    # Multiplying by an odd constant modulo 2**48 is a bijection, so ids are unique and look random.
    return format((i * 0x9E3779B97F4B) % (1 << 48), "012x")


def up_sql(i):
    return "CREATE TABLE t_%d (id int PRIMARY KEY, name text NOT NULL);" % i


def down_sql(i):
    return "DROP TABLE t_%d;" % i


def linear_parents(n):
    return [[] if i == 1 else [i - 1] for i in range(1, n + 1)]


def graph_parents(n):
    # Blocks of 10: a trunk revision forks into two branches of four, which a merge joins again,
    # so there is one head (upgrade head works) and a merge point every 10 revisions.
    parents = [[]]
    i = 1
    while i < n:
        trunk = i
        left = [trunk]
        right = [trunk]
        for _ in range(4):
            if i >= n:
                break
            parents.append([left[-1]])
            i += 1
            left.append(i)
            if i >= n:
                break
            parents.append([right[-1]])
            i += 1
            right.append(i)
        if i >= n:
            break
        parents.append([left[-1], right[-1]])
        i += 1
    return parents[:n]


def graph_single_head(n):
    # A last merge joins whatever branches the final, cut-short block left open.
    parents = graph_parents(n - 1)
    used = {p for ps in parents for p in ps}
    parents.append([i for i in range(1, n) if i not in used])
    return parents


def write_migrate(out, parents, up=up_sql, down=down_sql):
    versions = os.path.join(out, "migrate", "versions")
    os.makedirs(versions)
    with open(os.path.join(out, "migrate", "alembic.ini"), "w") as ini:
        ini.write("[alembic]\nscript_location = %(here)s\n")
    for i, ps in enumerate(parents, start=1):
        down_revs = ", ".join(rev_id(p) for p in ps)
        text = ("-- message: t%d\n-- revision: %s\n-- down_revision: %s\n"
                "-- create_date: 2026-01-01 00:00:00.000000+00:00\n\n"
                "-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n%s\n"
                % (i, rev_id(i), down_revs, up(i), down(i)))
        with open(os.path.join(versions, "%06d_%s_t%d.sql" % (i, rev_id(i), i)), "w") as f:
            f.write(text)


def padding(kib):
    # A SQL comment of exactly kib KiB in 64-byte lines: the server ignores it, but every tool
    # that keeps revision bodies in memory holds it.
    line = "-- " + "x" * 60 + "\n"
    return line * (kib * 16)


def write_floor(out, n):
    head = rev_id(n)
    with open(os.path.join(out, "floor_single.sql"), "w") as f:
        f.write(VERSION_DDL + "\n")
        for i in range(1, n + 1):
            f.write(up_sql(i) + "\n")
        f.write("INSERT INTO alembic_version (version_num) VALUES ('%s');\n" % head)
    with open(os.path.join(out, "floor_per_rev.sql"), "w") as f:
        f.write(VERSION_DDL + "\n")
        for i in range(1, n + 1):
            if i == 1:
                row = "INSERT INTO alembic_version (version_num) VALUES ('%s')" % rev_id(i)
            else:
                row = "UPDATE alembic_version SET version_num='%s' WHERE version_num = '%s'" % (
                    rev_id(i), rev_id(i - 1))
            # "\;" makes psql send the whole line as one simple-query message.
            f.write("BEGIN\\; %s\\; %s\\; COMMIT;\n" % (up_sql(i)[:-1], row))
    with open(os.path.join(out, "floor_down.sql"), "w") as f:
        for i in range(n, 0, -1):
            f.write(down_sql(i) + "\n")
        f.write("DELETE FROM alembic_version;\n")


def write_dbmate(out, n):
    folder = os.path.join(out, "dbmate")
    os.makedirs(folder)
    for i in range(1, n + 1):
        with open(os.path.join(folder, "%014d_t%d.sql" % (i, i)), "w") as f:
            f.write("-- migrate:up\n%s\n\n-- migrate:down\n%s\n" % (up_sql(i), down_sql(i)))


def write_schema(out, n, changed=True):
    base = gen_schema.base_schema(n)
    bodies = gen_schema.revision_bodies(base)
    write_migrate(out, linear_parents(len(bodies)), up=lambda i: bodies[i - 1][0],
                  down=lambda i: bodies[i - 1][1])
    desired = gen_schema.changed_schema(base) if changed else base
    with open(os.path.join(out, "migrate", "schema.sql"), "w") as f:
        f.write(gen_schema.schema_sql(desired))
    with open(os.path.join(out, "floor_revisions.sql"), "w") as f:
        f.write("\n".join(up for up, _ in bodies) + "\n")
    with open(os.path.join(out, "alembic_models.py"), "w") as f:
        f.write(gen_schema.models_py(desired))
    # `revision` writes through the project's template, for both tools.
    with open(os.path.join(out, "migrate", "script.sql.tmpl"), "w") as f:
        f.write(MIGRATE_TEMPLATE)
    with open(os.path.join(out, "alembic_script.py.mako"), "w") as f:
        f.write(ALEMBIC_TEMPLATE)


def main(argv):
    args = argv[1:]
    body_kb = 0
    if len(args) == 5 and args[0] == "linear" and args[3] == "--body-kb":
        body_kb = int(args[4])
        args = args[:3]
    if len(args) != 3 or args[0] not in ("linear", "graph", "schema", "schema-noop"):
        sys.stderr.write(__doc__)
        return 2
    kind, n, out = args[0], int(args[1]), args[2]
    if kind == "linear":
        pad = padding(body_kb)
        write_migrate(out, linear_parents(n), up=lambda i: pad + up_sql(i))
        write_floor(out, n)
        write_dbmate(out, n)
    elif kind == "graph":
        write_migrate(out, graph_single_head(n))
    else:
        write_schema(out, n, changed=kind == "schema")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
