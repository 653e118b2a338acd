// SPDX-License-Identifier: MIT
// Writing a new revision file from script.sql.tmpl, as Alembic's
// ScriptDirectory.generate_revision does: what `revision` and `merge` share.
#pragma once

#include "autogenerate.hpp"
#include "session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace migrate::cli {

struct RevisionOptions {
  std::optional<std::string> message;
  bool autogenerate = false;
  bool sql = false;
  std::vector<std::string> heads; // --head (revision) or the positional revisions (merge)
  bool splice = false;
  std::optional<std::string> branch_label;
  std::optional<std::string> version_path;
  std::optional<std::string> rev_id;
  std::vector<std::string> depends_on;
  AutogenOptions autogen;
};

// Resolves the parents, checks them, writes the file (with autogenerate's bodies, if any), runs
// the post-write hooks and reloads the graph to validate it.
void generate(Session& session, const RevisionOptions& options, const AutogenBodies& bodies = {});

} // namespace migrate::cli
