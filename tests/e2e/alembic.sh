# Comparing migrate with Alembic 1.8 (Debian's python3-alembic) on the same project.
# Sourced by suites after lib.sh.

ALEMBIC_PY=/usr/bin/python3

# alembic_project: builds the Alembic twin of the current project in $PROJECT/alembic.
alembic_project() {
  ALEMBIC_DIR="$PROJECT/alembic"
  $ALEMBIC_PY "$MIGRATE_SOURCE_DIR/tests/e2e/alembic_project.py" migrations/versions "$ALEMBIC_DIR"
}

# run_alembic ARGS...: Alembic's CLI in the twin project (sorted load order), stdout and stderr.
run_alembic() {
  (cd "$ALEMBIC_DIR" && $ALEMBIC_PY "$MIGRATE_SOURCE_DIR/tests/e2e/alembic_project.py" --run "$@" 2>&1)
}

# expect_like_alembic FILTER ARGS...: after `m ARGS...`, stdout passed through FILTER must equal
# Alembic's for the same arguments. Where Alembic iterates a Python set (the children of a branch
# point, which row of a merge is UPDATEd), its output depends on the string hash seed, so ours
# must be one of the outputs Alembic can produce.
expect_like_alembic() {
  local filter=$1
  shift
  local ours theirs seed
  ours=$(printf '%s\n' "$OUT" | $filter)
  for seed in 0 1 2 3 4 5 6 7 8 9 10 11; do
    theirs=$(PYTHONHASHSEED=$seed run_alembic "$@" | $filter)
    [ "$ours" = "$theirs" ] && break
  done
  if [ -n "$theirs" ] && [ "$ours" = "$theirs" ]; then pass; else
    fail "differs from Alembic:
--- migrate
$ours
--- alembic
$theirs"
  fi
}
