// SPDX-License-Identifier: MIT
// A new revision file: its id, parents, header and bodies, written and validated.
#include "generate.hpp"

#include "lint_support.hpp"
#include "resolve.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <random>
#include <set>

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

// Twelve random hex digits, like Alembic's uuid4().hex[-12:].
std::string random_revision_id() {
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id;
  for (int i = 0; i < 12; ++i) {
    id += "0123456789abcdef"[digit(device)];
  }
  return id;
}

} // namespace

void generate(Session& session, const RevisionOptions& options, const AutogenBodies& bodies) {
  script::check_post_write_hooks(session.config().post_write_hooks); // merge comes here directly
  const graph::RevisionMap& map = session.map();
  const std::string id = options.rev_id.value_or(random_revision_id());
  script::check_revision_id(id);
  if (map.contains(id)) {
    throw CommandError("Revision " + id + " is already present in " + map.node(id).revision.path);
  }

  // Resolve the parents; "base" (or an empty map's "head") means a new root.
  std::vector<std::string> parents;
  for (const std::string& head : options.heads) {
    for (std::string& parent : resolve_revisions(map, head, k_new_revision_needs_one_head)) {
      parents.push_back(std::move(parent));
    }
  }
  if (std::set<std::string>(parents.begin(), parents.end()).size() != parents.size()) {
    throw CommandError("Duplicate head revisions specified");
  }
  if (!options.splice) {
    for (const std::string& parent : parents) {
      if (!map.node(parent).is_head) {
        throw CommandError("Revision " + parent
                           + " is not a head revision; please specify --splice to create a new "
                             "branch from this revision");
      }
    }
  }

  std::vector<std::string> depends_on;
  for (const std::string& dependency : options.depends_on) {
    const std::vector<std::string> resolved = resolve_revisions(map, dependency);
    if (resolved.size() != 1) {
      throw CommandError("Can't locate revision identified by '" + dependency + "'");
    }
    // A branch label stays verbatim; an id or prefix becomes the full id.
    const auto& labels = map.node(resolved.front()).branch_labels;
    const bool is_label = std::find(labels.begin(), labels.end(), dependency) != labels.end();
    depends_on.push_back(is_label ? dependency : resolved.front());
  }

  script::NewRevision revision;
  revision.id = id;
  revision.down_revisions = parents;
  if (options.branch_label) {
    revision.branch_labels = util::split_list(*options.branch_label);
  }
  revision.depends_on = depends_on;
  revision.message = options.message.value_or(""); // write_revision keeps it on one line
  revision.x_arguments = session.x_arguments();
  revision.upgrades = bodies.upgrades;
  revision.downgrades = bodies.downgrades;
  revision.transactional = !bodies.non_transactional;
  const script::ScriptDirectory& scripts = session.scripts();
  if (options.version_path) {
    revision.version_path = fs::absolute(*options.version_path);
  }

  // write_revision checks the rendered file parses back with every field before writing it.
  const script::Timestamp now = script::now_in(scripts.settings().timezone);
  const fs::path path = scripts.write_revision(revision, now);
  session.print("Generating " + path.string() + " ...  done");
  script::run_post_write_hooks(session.config().post_write_hooks, path, session.sql_out());
  lint_new_revision(session, path); // after the hooks: the file as it will be committed
  session.reload_scripts();
  session.map(); // validates the graph with the new revision in it
}

} // namespace migrate::cli
