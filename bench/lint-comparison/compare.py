#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""migrate lint and squawk on one corpus (corpus.sql), side by side.

usage: compare.py --migrate BIN --squawk BIN (--write RESULTS.md | --check RESULTS.md)

Each case of corpus.sql becomes the upgrade section of one revision in a scratch project, linted
with `migrate lint --all --format json`, and one .sql file given to squawk (--reporter json;
--assume-in-transaction unless the case is "transactional: false", as migrate would run it).
squawk's rule names are mapped to migrate's (SAME_HAZARD); where the two disagree on a case,
the reason comes from REASONS. --write renders the table; --check renders it and fails when it
differs from the file, or when a disagreement has no reason: the table stays true.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# squawk's rule -> migrate's rules for the same hazard.
SAME_HAZARD = {
    "constraint-missing-not-valid": "check-not-valid foreign-key-not-valid",
    "require-concurrent-index-creation": "create-index-not-concurrently",
    "ban-concurrent-index-creation-in-transaction": "concurrently-in-transaction",
    "adding-foreign-key-constraint": "foreign-key-not-valid",
    "adding-not-nullable-field": "set-not-null",
    "changing-column-type": "column-type-change",
    "adding-field-with-default": "volatile-default",
    "adding-required-field": "add-column-not-null-no-default",
    "disallowed-unique-constraint": "unique-constraint-builds-index",
    "adding-serial-primary-key-field": "unique-constraint-builds-index",
    "ban-drop-column": "drop-column",
    "ban-drop-table": "drop-table",
    "renaming-column": "rename-column",
    "renaming-table": "rename-table",
    "ban-truncate-cascade": "truncate",
    "syntax-error": "syntax-error",
}

# Why a rule fires on one side only. Keys: "squawk:<rule>" (squawk reports it, migrate does not)
# and "migrate:<rule>" (the reverse), optionally "@<case>" for one case.
REASONS = {
    "squawk:prefer-robust-stmts":
        "policy: squawk wants IF [NOT] EXISTS so a half-applied file can be run again; migrate "
        "runs a revision in one transaction and records it in the version table, so it is never "
        "half-applied (transactional: false revisions aside)",
    "squawk:require-lock-timeout":
        "policy: migrate runs every revision under the lock_timeout key (default 4s, with "
        "retries), so the file need not set it",
    "squawk:require-statement-timeout":
        "policy: a statement_timeout is the operator's choice (the statement_timeout key), not "
        "something every revision should set",
    "squawk:prefer-bigint-over-int":
        "style: column types are schema design, not migration safety; migrate has no type rules",
    "squawk:prefer-identity":
        "style: serial vs identity is schema design, not migration safety",
    "squawk:require-enum-value-ordering":
        "style: squawk wants BEFORE/AFTER on ADD VALUE; where a label sorts is design, not "
        "migration safety",
    "migrate:concurrently-in-transaction":
        "squawk reports it only when the file itself has BEGIN; with --assume-in-transaction "
        "(how migrate runs a transactional revision) it does not",
    "migrate:volatile-default@add-column-bigserial":
        "squawk reports a serial column only as a primary key; any serial column added fills "
        "every existing row from its sequence, rewriting the table",
    "squawk:renaming-table@rename-new-table":
        "squawk does not track tables created in the same file; renaming a table nothing uses "
        "yet is harmless, so migrate exempts it",
    "squawk:constraint-missing-not-valid@unique-constraint":
        "squawk asks for NOT VALID on a UNIQUE constraint, which PostgreSQL does not accept "
        "(only CHECK and FOREIGN KEY can be NOT VALID); both report the index build",
    "squawk:constraint-missing-not-valid@primary-key":
        "squawk asks for NOT VALID on a PRIMARY KEY, which PostgreSQL does not accept; both "
        "report the index build",
    "migrate:vacuum-full":
        "squawk has no rule for VACUUM FULL (an ACCESS EXCLUSIVE rewrite)",
    "migrate:cluster":
        "squawk has no rule for CLUSTER (an ACCESS EXCLUSIVE rewrite)",
    "migrate:lock-table":
        "squawk has no rule for an explicit LOCK TABLE",
    "migrate:truncate":
        "squawk bans only TRUNCATE ... CASCADE; migrate warns about every TRUNCATE (all rows go)",
    "migrate:enum-value-in-transaction":
        "squawk has no rule for ALTER TYPE ... ADD VALUE inside a transaction",
    "migrate:session-timeout":
        "squawk asks for timeouts to be set; migrate warns when SET outlives the revision (no "
        "LOCAL) or has no effect (SET LOCAL without a transaction)",
}


def cases():
    text = open(os.path.join(HERE, "corpus.sql")).read()
    found = []
    for block in re.split(r"^-- case: ", text, flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        transactional = not re.match(r"-- transactional: false\n", body)
        found.append({"name": name.strip(), "transactional": transactional, "sql": body.strip()})
    return found


def run_migrate(binary, corpus, work):
    versions = os.path.join(work, "project", "versions")
    os.makedirs(versions)
    with open(os.path.join(work, "project", "alembic.ini"), "w") as ini:
        ini.write("[alembic]\nscript_location = %(here)s\n")
    for number, case in enumerate(corpus, 1):
        header = ("-- message: %s\n-- revision: case%03d\n-- down_revision:\n%s\n"
                  "-- migrate:upgrade\n%s\n\n-- migrate:downgrade\n"
                  % (case["name"], number,
                     "" if case["transactional"] else "-- transactional: false\n", case["sql"]))
        with open(os.path.join(versions, "case%03d.sql" % number), "w") as f:
            f.write(header)
    result = subprocess.run([binary, "-c", os.path.join(work, "project", "alembic.ini"), "lint",
                             "--all", "--format", "json"], capture_output=True, text=True,
                            env=dict(os.environ, DATABASE_URL=""))
    document = json.loads(result.stdout)
    if "findings" not in document:
        sys.exit("migrate lint failed: %s" % result.stdout)
    rules = {case["name"]: set() for case in corpus}
    for finding in document["findings"]:
        rules[corpus[int(finding["revision"][4:]) - 1]["name"]].add(finding["rule"])
    return rules


def run_squawk(binary, corpus, work):
    rules = {case["name"]: set() for case in corpus}
    for transactional in (True, False):
        files = []
        for case in corpus:
            if case["transactional"] == transactional:
                path = os.path.join(work, "squawk", case["name"] + ".sql")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(case["sql"] + "\n")
                files.append(path)
        arguments = [binary, "--reporter", "json"]
        if transactional:
            arguments.append("--assume-in-transaction")
        result = subprocess.run(arguments + files, capture_output=True, text=True)
        try:
            violations = json.loads(result.stdout)
        except ValueError:
            sys.exit("squawk failed (exit %d): %s %s" % (result.returncode, result.stdout,
                                                         result.stderr))
        for violation in violations:
            name = os.path.basename(violation["file"])[:-4]
            rules[name].add(violation["rule_name"])
    return rules


USED = set()


def reason(side, rule, case):
    for key in ("%s:%s@%s" % (side, rule, case), "%s:%s" % (side, rule)):
        if key in REASONS:
            USED.add(key)
            return REASONS[key]
    return None


def mapped(rules):
    """migrate's rules for the hazards squawk's `rules` name."""
    return {ours for rule in rules for ours in SAME_HAZARD.get(rule, "").split()}


def render(corpus, ours, theirs, squawk_version):
    rows = []
    agree = 0
    unexplained = []
    policy_rules = set()
    for case in corpus:
        name = case["name"]
        notes = []
        for rule in sorted(ours[name] - mapped(theirs[name])):
            why = reason("migrate", rule, name)
            notes.append("migrate only `%s`: %s" % (rule, why or "UNEXPLAINED"))
            if not why:
                unexplained.append("%s: migrate %s" % (name, rule))
        for rule in sorted(theirs[name]):
            if mapped({rule}) & ours[name]:
                continue
            if rule in policy_rules_all({rule}):
                policy_rules.add(rule)
                continue  # a deliberate difference of policy, listed once below the table
            why = reason("squawk", rule, name)
            notes.append("squawk only `%s`: %s" % (rule, why or "UNEXPLAINED"))
            if not why:
                unexplained.append("%s: squawk %s" % (name, rule))
        hazard_agree = not notes
        agree += hazard_agree
        rows.append("| %s | %s | %s | %s |" % (
            name, ", ".join("`%s`" % r for r in sorted(ours[name])) or "-",
            ", ".join("`%s`" % r for r in sorted(theirs[name] - policy_rules_all(theirs[name])))
            or "-",
            "agree" if hazard_agree else "<br>".join(notes)))
    # Statements: lines ending in ';' once function bodies ($$ ... $$) are set aside.
    statements = sum(len(re.findall(r";\s*$", re.sub(r"\$\$.*?\$\$", "", c["sql"], flags=re.S),
                                    re.M)) for c in corpus)
    out = ["# migrate lint and squawk, side by side", "",
           "Generated by `bench/lint-comparison/compare.py --write RESULTS.md` from corpus.sql "
           "(%d cases, %d statements) with squawk %s; the `lint.squawk_comparison` test runs it "
           "with `--check`, so this table is what the tools say today." % (
               len(corpus), statements, squawk_version), "",
           "**%d of %d cases agree** on the hazards both tools model (squawk's rule mapped to "
           "migrate's for the same hazard). Each disagreement has its reason in the last column."
           % (agree, len(corpus)), "",
           "| Case | migrate lint | squawk (hazard rules) | Verdict |", "|---|---|---|---|"]
    out += rows
    out += ["", "## squawk rules migrate does not have, on purpose", "",
            "They fire on most cases above and are left out of the table's squawk column:", ""]
    for rule in sorted(policy_rules):
        out.append("- `%s`: %s" % (rule, reason("squawk", rule, "")))
    out += ["", "## The mapping", "", "| squawk | migrate |", "|---|---|"]
    for squawk_rule, ours_rules in sorted(SAME_HAZARD.items()):
        out.append("| `%s` | %s |" % (squawk_rule, ", ".join("`%s`" % r for r in ours_rules.split())))
    for key in sorted(set(REASONS) - USED):
        unexplained.append("a reason no case uses any more: " + key)
    return "\n".join(out) + "\n", unexplained


def policy_rules_all(rules):
    policy = {r for r in rules
              if (REASONS.get("squawk:" + r) or "").startswith(("policy", "style"))}
    USED.update("squawk:" + r for r in policy)
    return policy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--migrate", required=True)
    parser.add_argument("--squawk", required=True)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write")
    mode.add_argument("--check")
    args = parser.parse_args()
    version = subprocess.run([args.squawk, "--version"], capture_output=True,
                             text=True).stdout.split()[-1]
    corpus = cases()
    with tempfile.TemporaryDirectory() as work:
        ours = run_migrate(args.migrate, corpus, work)
        theirs = run_squawk(args.squawk, corpus, work)
    table, unexplained = render(corpus, ours, theirs, version)
    if unexplained:
        print("disagreements without a reason, or reasons without a disagreement (REASONS):\n  " + "\n  ".join(unexplained))
    if args.write:
        open(args.write, "w").write(table)
        sys.exit(1 if unexplained else 0)
    current = open(args.check).read() if os.path.exists(args.check) else ""
    if current != table:
        import difflib
        print("".join(difflib.unified_diff(current.splitlines(True), table.splitlines(True),
                                           args.check, "now")))
        sys.exit(1)
    sys.exit(1 if unexplained else 0)


main()
