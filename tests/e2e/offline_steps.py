#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks that each converted revision holds the SQL Alembic's offline mode writes for its step.

usage: offline_steps.py upgrade|downgrade ALEMBIC_SQL_OUTPUT CONVERTED_DIR

ALEMBIC_SQL_OUTPUT is what `alembic upgrade base:head --sql` (or `downgrade head:base --sql`)
printed: each step starts with "-- Running upgrade A -> B". A step's SQL is what follows, without
the version table's own statements and the COMMIT/BEGIN an autocommit block adds. It must equal
the converted file's section for that revision (B for an upgrade, A for a downgrade). Every
converted revision must have been compared. Prints the differences; exits 1 on any.
"""
import os
import re
import sys

direction, alembic_output, converted_dir = sys.argv[1:4]

VERSION_STATEMENT = re.compile(r"^(INSERT INTO|UPDATE|DELETE FROM|CREATE TABLE|DROP TABLE) alembic_version\b")


def alembic_steps(text):
    steps = {}
    current = None
    for line in text.split("\n"):
        started = re.match(r"^-- Running (upgrade|downgrade) (.*) -> (.*)$", line)
        if started:
            current = started.group(3) if direction == "upgrade" else started.group(2)
            steps[current] = []
            continue
        if current is None or VERSION_STATEMENT.match(line) or line in ("COMMIT;", "BEGIN;"):
            continue
        steps[current].append(line)
    return {rev: "\n".join(lines).strip() for rev, lines in steps.items()}


def converted_sections():
    sections = {}
    for name in sorted(os.listdir(converted_dir)):
        if not name.endswith(".sql"):
            continue
        text = open(os.path.join(converted_dir, name)).read()
        rev = re.search(r"^-- revision: *(\S+)", text, re.M).group(1)
        upgrade, _, downgrade = text.partition("\n-- migrate:upgrade\n")[2].partition(
            "\n-- migrate:downgrade\n")
        sections[rev] = (upgrade if direction == "upgrade" else downgrade).strip()
    return sections


theirs = alembic_steps(open(alembic_output).read())
ours = converted_sections()
problems = []
for rev in sorted(set(theirs) | set(ours)):
    if rev not in theirs:
        problems.append("%s: no %s step in Alembic's output" % (rev, direction))
    elif rev not in ours:
        problems.append("%s: no converted file" % rev)
    elif theirs[rev] != ours[rev]:
        problems.append("%s differs:\n--- converted\n%s\n--- alembic --sql\n%s"
                        % (rev, ours[rev], theirs[rev]))
print("\n".join(problems) if problems else "%d %s steps identical" % (len(ours), direction))
sys.exit(1 if problems else 0)
