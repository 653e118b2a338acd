#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Writes one benchmark workload: the same revisions for migrate, psql (the floor), dbmate and Alembic.
"""usage: gen.py linear N OUT_DIR   N trivial revisions in one chain (CREATE TABLE t_i / DROP TABLE t_i)
       gen.py graph N OUT_DIR    N revisions with branches and merges (for the read-only commands)

OUT_DIR receives:
  migrate/alembic.ini, migrate/versions/*.sql       the migrate project
  floor_single.sql    all upgrade SQL concatenated (for psql -q -1 -f), plus the version row
  floor_per_rev.sql   one line per revision: BEGIN\\; SQL\\; version-row UPDATE\\; COMMIT (one message each)
  floor_down.sql      all downgrade SQL in reverse order, plus removing the version row
  dbmate/*.sql        the dbmate project (linear only)
The Alembic project is made from migrate/versions by tests/e2e/alembic_project.py (see bench/run).
"""
import os
import sys

VERSION_DDL = ("CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) NOT NULL, "
               "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));")


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


def write_migrate(out, parents):
    versions = os.path.join(out, "migrate", "versions")
    os.makedirs(versions)
    with open(os.path.join(out, "migrate", "alembic.ini"), "w") as ini:
        ini.write("[alembic]\nscript_location = %(here)s\n")
    for i, ps in enumerate(parents, start=1):
        down = ", ".join(rev_id(p) for p in ps)
        text = ("-- message: t%d\n-- revision: %s\n-- down_revision: %s\n"
                "-- create_date: 2026-01-01 00:00:00.000000+00:00\n\n"
                "-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n%s\n"
                % (i, rev_id(i), down, up_sql(i), down_sql(i)))
        with open(os.path.join(versions, "%06d_%s_t%d.sql" % (i, rev_id(i), i)), "w") as f:
            f.write(text)


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


def main(argv):
    if len(argv) != 4 or argv[1] not in ("linear", "graph"):
        sys.stderr.write(__doc__)
        return 2
    kind, n, out = argv[1], int(argv[2]), argv[3]
    if kind == "linear":
        write_migrate(out, linear_parents(n))
        write_floor(out, n)
        write_dbmate(out, n)
    else:
        write_migrate(out, graph_single_head(n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
