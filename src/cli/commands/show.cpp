// SPDX-License-Identifier: MIT
// `show REV`: one revision's verbose description.
#include "commands.hpp"
#include "json_output.hpp"
#include "output.hpp"
#include "resolve.hpp"

namespace migrate::cli {

namespace {

void run_show(Session& session, const std::string& symbol) {
  if (session.json()) {
    print_json(
        session,
        "show",
        {{"revisions", revisions_json(session.map(), resolve_with_current(session, symbol))}});
    return;
  }
  for (const std::string& id : resolve_with_current(session, symbol)) {
    session.print(format_log_entry(session.map().node(id), false));
  }
}

} // namespace

void add_show_command(CLI::App& app, Session& session) {
  auto show_revision = std::make_shared<std::string>();
  CLI::App* show = app.add_subcommand("show", "Show the revision(s) denoted by the given symbol");
  show->add_option("rev", *show_revision, "Revision, prefix, label, head, heads or current")
      ->required();
  show->footer("Examples:\n  migrate show head\n  migrate show 3f1e\n  migrate show current");
  show->callback([&session, show_revision] { run_show(session, *show_revision); });
}

} // namespace migrate::cli
