#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# pg_dump --schema-only text on stdin, normalised for comparing two states of one schema: pg_dump's
# comments, settings and meta-commands dropped, and a table's column lines sorted (a downgrade that
# adds a column back puts it last: column order is not what the tests compare).
import re
import sys

lines = [line.rstrip("\n") for line in sys.stdin]
lines = [l for l in lines if l.strip() and not re.match(r"--|SET |SELECT pg_catalog\.set_config|\\", l)]
out = []
i = 0
while i < len(lines):
    line = lines[i]
    if re.match(r"CREATE (UNLOGGED )?TABLE .*\($", line):
        j = i + 1
        columns = []
        while j < len(lines) and not lines[j].startswith(")"):
            columns.append(lines[j].rstrip(","))
            j += 1
        out.append(line)
        out.extend(sorted(columns))
        if j < len(lines):
            out.append(lines[j])
        i = j + 1
    else:
        out.append(line)
        i += 1
print("\n".join(out))
