// SPDX-License-Identifier: MIT
// `revision` and `merge`: write a new revision file from script.sql.tmpl, as Alembic's
// ScriptDirectory.generate_revision does.
#include "autogenerate.hpp"
#include "commands.hpp"
#include "resolve.hpp"

#include <migrate/error.hpp>
#include <migrate/util/strings.hpp>

#include <random>
#include <set>

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

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

void generate(Session& session, const RevisionOptions& options, const AutogenBodies& bodies = {}) {
  const graph::RevisionMap& map = session.map();
  const std::string id = options.rev_id.value_or(random_revision_id());
  script::check_revision_id(id);
  if (map.contains(id)) {
    throw CommandError("Revision " + id + " is already present in " + map.node(id).revision.path);
  }

  // Resolve the parents; "base" (or an empty map's "head") means a new root.
  std::vector<std::string> parents;
  for (const std::string& head : options.heads) {
    for (std::string& parent : resolve_revisions(
             map,
             head,
             "Multiple heads are present; please specify the head revision on which the new "
             "revision should be based, or perform a merge.")) {
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
  session.reload_scripts();
  session.map(); // validates the graph with the new revision in it
}

void run_revision(Session& session, RevisionOptions options) {
  if (options.sql) {
    throw CommandError("Using --sql with the revision command when revision_environment is not "
                       "configured does not make any sense");
  }
  if (options.heads.empty()) {
    options.heads.emplace_back("head");
  }
  if (options.autogenerate) {
    const std::optional<AutogenBodies> bodies =
        autogenerate(session, options.heads, options.autogen);
    if (bodies) {
      generate(session, options, *bodies);
    }
    return;
  }
  reject_autogenerate_options(options.autogen);
  generate(session, options);
}

} // namespace

void add_revision_commands(CLI::App& app, Session& session) {
  auto revision_options = std::make_shared<RevisionOptions>();
  CLI::App* revision = app.add_subcommand("revision", "Create a new revision file");
  revision->add_option("-m,--message", revision_options->message, "Message of the revision");
  revision->add_flag("--autogenerate",
                     revision_options->autogenerate,
                     "Write the SQL by comparing schema.sql with the migrations");
  add_autogenerate_options(*revision, revision_options->autogen);
  revision->add_flag("--sql", revision_options->sql, "Not meaningful for SQL revisions");
  revision
      ->add_option("--head",
                   revision_options->heads,
                   "Revision the new one follows (default: head; 'base' for a new root)")
      ->expected(1);
  revision->add_flag("--splice",
                     revision_options->splice,
                     "Allow --head to be a non-head revision (starts a new branch)");
  revision->add_option("--branch-label",
                       revision_options->branch_label,
                       "Branch label to apply to the new revision");
  revision->add_option(
      "--version-path", revision_options->version_path, "Version location to write the file in");
  revision->add_option(
      "--rev-id", revision_options->rev_id, "Revision id to use instead of a random one");
  revision
      ->add_option("--depends-on",
                   revision_options->depends_on,
                   "Revision or label the new revision depends on; repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  revision->footer("Examples:\n"
                   "  migrate revision -m \"add phone number to users\"\n"
                   "  migrate revision --autogenerate -m \"add invoices\"   # from schema.sql\n"
                   "  migrate revision -m \"billing base\" --head base --branch-label billing\n"
                   "  migrate revision -m \"invoices\" --head billing@head --depends-on 3f1e2d\n"
                   "  migrate revision -m \"hotfix\" --head 1975ea --splice");
  revision->callback([&session, revision_options] { run_revision(session, *revision_options); });

  auto merge_options = std::make_shared<RevisionOptions>();
  CLI::App* merge = app.add_subcommand("merge", "Merge two or more revisions into one");
  merge->add_option("revisions", merge_options->heads, "Revisions to merge ('heads' for all)")
      ->required();
  merge->add_option("-m,--message", merge_options->message, "Message of the merge revision");
  merge->add_option(
      "--branch-label", merge_options->branch_label, "Branch label to apply to the new revision");
  merge->add_option(
      "--rev-id", merge_options->rev_id, "Revision id to use instead of a random one");
  merge->add_flag("--splice", merge_options->splice, "Allow merging non-head revisions");
  merge->footer("Examples:\n"
                "  migrate merge heads -m \"merge billing into main\"\n"
                "  migrate merge ae1027 27c6a3 -m \"merge\"");
  merge->callback([&session, merge_options] { generate(session, *merge_options); });

  add_check_command(app, session);
}

} // namespace migrate::cli
