// SPDX-License-Identifier: MIT
// Alembic's text formats for revisions (docs/alembic-compatibility.md, "Output formats"): history
// lines, heads, branches, and the verbose log entry.
#pragma once

#include <migrate/graph.hpp>

#include <string>

namespace migrate::cli {

// Which parts of a one-line revision description to show (Alembic's Script._head_only).
struct LineFormat {
  bool include_branches = false;
  bool include_doc = false;
  bool include_parents = false;
  bool tree_indicators = true;
  bool head_indicators = true;
  bool current = false; // add " (current)"
};

// "<down|<base>>[ (deps)] -> rev[ (labels)][ (head)|(effective head)][ (current)][ (branchpoint)]
// [ (mergepoint)][, doc]".
std::string format_line(const graph::Node& node, const LineFormat& format);

// The verbose block ("Rev: ...", "Parent: ...", "Path: ...", the indented long doc), ending with
// a newline; printed with one more newline after it, as Alembic does.
std::string format_log_entry(const graph::Node& node, bool current);

// Alembic's cmd_format: the verbose block when `verbose`, else format_line.
std::string format_revision(const graph::Node& node, bool verbose, const LineFormat& format);

} // namespace migrate::cli
