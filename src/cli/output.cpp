// SPDX-License-Identifier: MIT
// Alembic's text formats for revisions.
#include "output.hpp"

#include <migrate/util/strings.hpp>

namespace migrate::cli {

namespace {

std::string format_down_revision(const Revision& revision) {
  return revision.down_revisions.empty() ? "<base>" : util::join(revision.down_revisions, ", ");
}

// A SQL revision has no docstring; this is the one Alembic's template writes, so verbose output
// reads the same for both.
std::string long_doc(const Revision& revision) {
  std::string doc = revision.message + "\n\nRevision ID: " + revision.id
                    + "\nRevises: " + util::join(revision.down_revisions, ", ");
  if (!revision.create_date.empty()) {
    doc += "\nCreate Date: " + revision.create_date;
  }
  return doc;
}

} // namespace

std::string format_line(const graph::Node& node, const LineFormat& format) {
  const Revision& revision = node.revision;
  std::string text = revision.id;
  if (format.include_parents) {
    if (!revision.depends_on.empty()) {
      text = format_down_revision(revision) + " (" + util::join(revision.depends_on, ", ") + ") -> "
             + text;
    } else {
      text = format_down_revision(revision) + " -> " + text;
    }
  }
  if (format.include_branches && !node.branch_labels.empty()) {
    text += " (" + util::join(node.branch_labels, ", ") + ")";
  }
  if (format.head_indicators || format.tree_indicators) {
    if (node.is_real_head) {
      text += " (head)";
    } else if (node.is_head) {
      text += " (effective head)";
    }
    if (format.current) {
      text += " (current)";
    }
  }
  if (format.tree_indicators) {
    if (node.is_branch_point) {
      text += " (branchpoint)";
    }
    if (node.is_merge_point) {
      text += " (mergepoint)";
    }
  }
  if (format.include_doc) {
    text += ", " + revision.message;
  }
  return text;
}

std::string format_log_entry(const graph::Node& node, bool current) {
  const Revision& revision = node.revision;
  std::string entry = "Rev: " + revision.id;
  entry += node.is_head ? " (head)" : "";
  entry += node.is_branch_point ? " (branchpoint)" : "";
  entry += node.is_merge_point ? " (mergepoint)" : "";
  entry += current ? " (current)" : "";
  entry += "\n";
  entry += (node.is_merge_point ? "Merges: " : "Parent: ") + format_down_revision(revision) + "\n";
  if (!revision.depends_on.empty()) {
    entry += "Also depends on: " + util::join(revision.depends_on, ", ") + "\n";
  }
  if (node.is_branch_point) {
    entry += "Branches into: " + util::join(node.nextrev, ", ") + "\n";
  }
  if (!node.branch_labels.empty()) {
    entry += "Branch names: " + util::join(node.branch_labels, ", ") + "\n";
  }
  entry += "Path: " + revision.path + "\n\n";
  std::vector<std::string> lines;
  for (const std::string& line : util::split(long_doc(revision), '\n')) {
    lines.push_back("    " + line);
  }
  entry += util::join(lines, "\n") + "\n";
  return entry;
}

std::string format_revision(const graph::Node& node, bool verbose, const LineFormat& format) {
  return verbose ? format_log_entry(node, format.current) : format_line(node, format);
}

} // namespace migrate::cli
