// SPDX-License-Identifier: MIT
// `merge REVS...`: a revision whose parents are the given revisions.
#include "commands.hpp"
#include "generate.hpp"

namespace migrate::cli {

void add_merge_command(CLI::App& app, Session& session) {
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
}

} // namespace migrate::cli
