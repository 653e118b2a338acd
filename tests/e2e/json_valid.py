#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Validates the JSON document on stdin against docs/json-output.schema.json (python3-jsonschema).
# Prints nothing and exits 0 when valid; prints why and exits 1 when not (or when it is not JSON).
import json
import sys

import jsonschema

schema_path, expected = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
with open(schema_path) as f:
    schema = json.load(f)
try:
    document = json.loads(sys.stdin.read())
except ValueError as e:
    print("not JSON: %s" % e)
    sys.exit(1)
validator = jsonschema.Draft202012Validator(schema)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
if errors:
    print("; ".join("%s at %s" % (e.message, list(e.path)) for e in errors[:3]))
    sys.exit(1)
# The document must be the expected branch ("error" or a command), not just any one.
what = "error" if "error" in document else document.get("command", "")
if expected and what != expected:
    print("expected a %s document, got %s" % (expected, what))
    sys.exit(1)
