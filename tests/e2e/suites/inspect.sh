# Read-only commands (heads, branches, history, show) print what Alembic 1.8 prints for the same
# graph, byte for byte apart from the revision files' paths.

source "$MIGRATE_SOURCE_DIR/tests/e2e/alembic.sh"

# Paths differ (.sql under migrations/ vs .py under alembic/): compare file names only.
normalize_paths() { sed -E 's|^Path: .*/([^/]+)\.(sql\|py)$|Path: \1|'; }

same_as_alembic() {
  case_ "same output as Alembic: $*"
  m "$@"
  expect_code 0
  expect_like_alembic normalize_paths "$@"
}

new_project
alembic_project

same_as_alembic heads
same_as_alembic heads -v
same_as_alembic heads --resolve-dependencies
same_as_alembic branches
same_as_alembic branches -v
same_as_alembic history
same_as_alembic history -v
same_as_alembic history -r 27c6a30d7c24:53fffde5ad51
same_as_alembic history -r billing@base:
same_as_alembic history -r :ae1027a6acf0
same_as_alembic history -r 3f1e:head
same_as_alembic show b111ab1e0002
same_as_alembic show 53ff
same_as_alembic show billing@head
same_as_alembic show heads

case_ "show base prints nothing"
m show base
expect_code 0
expect_out ""

case_ "history without a colon"
m history -r 27c6
expect_error "History range requires [start]:[end], [start]:, or :[end]"

case_ "a range that is not ancestor/descendant"
m history -r ae1027a6acf0:3f1e2d4c5b6a
expect_error "Requested range ae1027a6acf0:3f1e2d4c5b6a does not refer to ancestor/descendant revisions along the same branch"
