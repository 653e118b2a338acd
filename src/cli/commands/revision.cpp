// SPDX-License-Identifier: MIT
// `revision`: a new revision file, empty or written by autogenerate from schema.sql.
#include "autogenerate.hpp"
#include "commands.hpp"
#include "generate.hpp"

#include <migrate/error.hpp>

namespace migrate::cli {

namespace {

void run_revision(Session& session, RevisionOptions options) {
  // A hook migrate cannot run is refused before anything is computed or written.
  script::check_post_write_hooks(session.config().post_write_hooks);
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

void add_revision_command(CLI::App& app, Session& session) {
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
}

} // namespace migrate::cli
