#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Counts the statements a client sent, from the sandbox server's log (log_statement = all).
"""usage: trips.py LOG FIRST_LINE [--catalog]

Reads LOG from line FIRST_LINE (1-based) on. Each log entry starting "LOG:  statement:" (one
simple-query message, however many statements it holds) or "LOG:  execute NAME:" (one
extended-protocol execution) is one entry. Prints the count; with --catalog also how many of
them read the system catalogs ("N (M catalog)"), which is what introspection costs. Entries are
not round trips when a client pipelines: bench/latency_proxy.py counts those.
"""
import re
import sys

# bench/lib/suite.sh sets log_line_prefix = '%m [%p] db=%d ': a timestamp starts every entry,
# and the lines of a multi-line statement that follow carry no prefix.
ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
TRIP = re.compile(r" LOG:  (statement|execute [^:]*): ")
CATALOG = re.compile(r"\b(FROM|JOIN)\s+(pg_catalog\.)?(pg_[a-z_]+|information_schema\.)",
                     re.IGNORECASE)


def entries(lines):
    entry = []
    for line in lines:
        if ENTRY.match(line) and entry:
            yield "".join(entry)
            entry = []
        entry.append(line)
    if entry:
        yield "".join(entry)


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--catalog"):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        lines = f.readlines()[int(argv[2]) - 1:]
    trips = catalog = 0
    for entry in entries(lines):
        if TRIP.search(entry.split("\n", 1)[0]):
            trips += 1
            if CATALOG.search(entry):
                catalog += 1
    print("%d (%d catalog)" % (trips, catalog) if len(argv) == 4 else trips)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
