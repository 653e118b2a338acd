// SPDX-License-Identifier: MIT
// `revision --autogenerate` and `check` on the command line: their options, and the connections,
// pg_dump and Ctrl-C handling the core's workflow (autogen::compare_with_schema_file) is given.
#include "autogenerate.hpp"

#include "commands.hpp"
#include "resolve.hpp"
#include "run_support.hpp"
#include "signals.hpp"

#include <migrate/autogen.hpp>
#include <migrate/db.hpp>
#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/util/interrupt.hpp>

#include <algorithm>

namespace migrate::cli {

namespace {

// Where scratch databases go: --dev-url, dev_url, else the target server.
std::pair<std::string, std::string> scratch_server_url(Session& session,
                                                       const std::optional<std::string>& dev_url) {
  std::optional<std::string> url = dev_url ? dev_url : session.config().dev_url;
  if (!url) {
    url = session.database_url();
  }
  return {url ? config::normalize_database_url(*url) : "", describe_url(url)};
}

} // namespace

autogen::WorkflowEnvironment workflow_environment(Session& session,
                                                  const std::optional<std::string>& dev_url) {
  const auto [conninfo, masked] = scratch_server_url(session, dev_url);
  return autogen::WorkflowEnvironment{
      [](const std::string& target) { return db::connect(ConnectOptions{target}); },
      [](const std::string& target, const std::vector<std::string>& exclude) {
        return db::dump_schema(target, exclude);
      },
      [](Database* database, Database* also) { SignalWatcher::set_cancel_targets(database, also); },
      conninfo,
      masked};
}

void check_at_head(Session& session) {
  std::vector<std::string> current = session.database_heads();
  std::vector<std::string> heads = session.map().heads();
  std::sort(current.begin(), current.end());
  std::sort(heads.begin(), heads.end());
  if (current != heads) {
    throw CommandError("Target database is not up to date.");
  }
}

// The scratch databases are gone once the exception leaves the workflow; a failure that Ctrl-C
// caused (a cancelled statement) is reported as the interruption. Ctrl-C is pointed at the
// scratch connections at work, so their statements are cancelled and the scratch databases are
// dropped on the way out.
autogen::Comparison
compare(Session& session, const std::vector<std::string>& heads, const AutogenOptions& options) {
  autogen::WorkflowRequest request{session.config(), session.map(), heads, {}, nullptr, ""};
  for (const std::string& text : options.renames) {
    request.renames.push_back(autogen::parse_rename(text));
  }
  if (options.from_db) {
    check_at_head(session);
    request.live = &session.database();
    const std::optional<std::string> url = session.database_url();
    request.live_conninfo = url ? config::normalize_database_url(*url) : "";
  }
  const autogen::WorkflowEnvironment environment = workflow_environment(session, options.dev_url);
  try {
    return autogen::compare_with_schema_file(request, environment);
  } catch (const Error&) {
    util::throw_if_interrupted();
    throw;
  }
}

void add_autogenerate_options(CLI::App& revision, AutogenOptions& options) {
  revision.add_option("--dev-url",
                      options.dev_url,
                      "With --autogenerate: server for the scratch databases (default: dev_url, "
                      "else the target server)");
  revision
      .add_option("--rename",
                  options.renames,
                  "With --autogenerate: OLD=NEW turns a drop + add into a rename "
                  "(table.column=new_column or table=new_table); repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  revision.add_flag("--from-db",
                    options.from_db,
                    "With --autogenerate: compare with the live database (at head) instead of "
                    "the replayed revisions");
  revision.add_flag("--allow-empty",
                    options.allow_empty,
                    "With --autogenerate: write a revision even when nothing changed");
}

void reject_autogenerate_options(const AutogenOptions& options) {
  if (options.dev_url || !options.renames.empty() || options.from_db || options.allow_empty) {
    throw UsageError("--dev-url, --rename, --from-db and --allow-empty only apply with "
                     "--autogenerate");
  }
}

std::optional<AutogenBodies> autogenerate(Session& session,
                                          const std::vector<std::string>& heads,
                                          const AutogenOptions& options) {
  // The parents must resolve before any database work (the texts are `revision`'s).
  for (const std::string& head : heads) {
    resolve_revisions(session.map(), head, k_new_revision_needs_one_head);
  }
  const autogen::Comparison result = compare(session, heads, options);
  if (result.upgrade.empty() && !options.allow_empty) {
    session.print("No changes in schema detected; no revision written (--allow-empty writes "
                  "one anyway).");
    return std::nullopt;
  }
  for (const std::string& warning : result.upgrade.warnings()) {
    session.err() << "migrate: warning: destructive: " << warning << '\n';
  }
  return AutogenBodies{result.upgrade.render(),
                       result.downgrade.render(),
                       result.upgrade.needs_no_transaction
                           || result.downgrade.needs_no_transaction};
}

} // namespace migrate::cli
