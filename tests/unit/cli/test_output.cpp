// SPDX-License-Identifier: MIT
// Alembic's revision text formats (docs/alembic-compatibility.md, "Output formats"), on hand-built
// nodes.
#include "output.hpp"

#include <catch2/catch.hpp>

using namespace migrate;
using namespace migrate::cli;

namespace {
graph::Node node(std::string id, std::vector<std::string> down, std::string message) {
  graph::Node n;
  n.revision.id = std::move(id);
  n.revision.down_revisions = std::move(down);
  n.revision.message = std::move(message);
  n.revision.create_date = "2026-11-24 02:12:50.866326";
  n.revision.path = "/p/versions/x.sql";
  return n;
}
LineFormat history_format() {
  LineFormat format;
  format.include_branches = true;
  format.include_doc = true;
  format.include_parents = true;
  return format;
}
} // namespace

TEST_CASE("history lines as Alembic prints them") {
  graph::Node head = node("3f1e2d4c5b6a", {"53fffde5ad5"}, "add order table");
  head.is_head = head.is_real_head = true;
  CHECK(format_line(head, history_format())
        == "53fffde5ad5 -> 3f1e2d4c5b6a (head), add order table");

  graph::Node merge = node("53fffde5ad5", {"ae1027a6acf", "27c6a30d7c24"}, "merge ae1 and 27c");
  merge.is_merge_point = true;
  CHECK(format_line(merge, history_format())
        == "ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5 (mergepoint), merge ae1 and 27c");

  graph::Node base = node("1975ea83b712", {}, "create account table");
  base.is_branch_point = true;
  CHECK(format_line(base, history_format())
        == "<base> -> 1975ea83b712 (branchpoint), create account table");
}

TEST_CASE("labels, dependencies, effective heads and the current marker") {
  graph::Node n = node("cccc0002", {"cccc0001"}, "n2 depends on a2");
  n.revision.depends_on = {"aaaa0002"};
  n.branch_labels = {"networking"};
  n.is_head = n.is_real_head = true;
  LineFormat format = history_format();
  format.current = true;
  CHECK(format_line(n, format)
        == "cccc0001 (aaaa0002) -> cccc0002 (networking) (head) (current), n2 depends on a2");

  graph::Node effective = node("x1", {}, "x");
  effective.is_head = true; // something depends on it, so it is not a real head
  LineFormat heads;
  heads.include_branches = true;
  heads.tree_indicators = false;
  CHECK(format_line(effective, heads) == "x1 (effective head)");
}

TEST_CASE("the verbose log entry") {
  graph::Node merge = node("53fffde5ad5", {"ae1027a6acf", "27c6a30d7c24"}, "merge ae1 and 27c");
  merge.is_merge_point = true;
  CHECK(format_log_entry(merge, false)
        == "Rev: 53fffde5ad5 (mergepoint)\n"
           "Merges: ae1027a6acf, 27c6a30d7c24\n"
           "Path: /p/versions/x.sql\n"
           "\n"
           "    merge ae1 and 27c\n"
           "    \n"
           "    Revision ID: 53fffde5ad5\n"
           "    Revises: ae1027a6acf, 27c6a30d7c24\n"
           "    Create Date: 2026-11-24 02:12:50.866326\n");

  graph::Node base = node("1975ea83b712", {}, "create account table");
  base.is_branch_point = true;
  base.nextrev = {"ae1027a6acf", "27c6a30d7c24"};
  base.branch_labels = {"core"};
  base.revision.depends_on = {"d1"};
  const std::string entry = format_log_entry(base, true);
  CHECK(entry.starts_with("Rev: 1975ea83b712 (branchpoint) (current)\n"
                          "Parent: <base>\n"
                          "Also depends on: d1\n"
                          "Branches into: ae1027a6acf, 27c6a30d7c24\n"
                          "Branch names: core\n"));
}
