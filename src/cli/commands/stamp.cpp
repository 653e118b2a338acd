// SPDX-License-Identifier: MIT
// `stamp REVS... [--sql] [--purge]`: set the version table without running migrations.
#include "commands.hpp"
#include "resolve.hpp"
#include "run_support.hpp"

#include <migrate/error.hpp>

namespace migrate::cli {

namespace {

struct StampOptions {
  std::vector<std::string> revisions;
  bool sql = false;
  bool purge = false;
  std::optional<std::string> tag;
};

void run_stamp(Session& session, const StampOptions& options) {
  const graph::RevisionMap& map = session.map();
  if (!options.sql) {
    run_online_plan(
        session,
        [&](const std::vector<std::string>& heads) {
          return graph::plan_stamp(map, heads, options.revisions);
        },
        "",
        "",
        options.purge,
        "stamp");
    return;
  }
  if (session.json()) {
    throw UsageError("--format json does not apply to --sql or --dry-run: they print SQL");
  }
  if (options.purge) {
    throw CommandError("Can't use --purge with --sql mode");
  }
  // Each destination may carry a starting revision ("from:to"), the same one for all.
  std::optional<std::string> start;
  std::vector<std::string> destinations;
  for (const std::string& revision : options.revisions) {
    const RangeArgument range = split_range(revision);
    if (range.is_range) {
      if (start && *start != range.from) {
        throw CommandError(
            "Stamp operation with --sql only supports a single starting revision at a time");
      }
      start = range.from;
    }
    destinations.push_back(range.to);
  }
  write_offline(session,
                start ? starting_heads(session, *start) : std::vector<std::string>{},
                [&](const std::vector<std::string>& heads) {
                  return graph::plan_stamp(map, heads, destinations);
                });
}

} // namespace

void add_stamp_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<StampOptions>();
  CLI::App* stamp = app.add_subcommand(
      "stamp", "'stamp' the revision table with the given revision(s); don't run any migrations");
  stamp->add_option("revisions", options->revisions, "Revision(s) to stamp")->required();
  stamp->add_flag("--sql", options->sql, "Print the SQL instead of running it");
  stamp->add_flag("--purge", options->purge, "Delete all version rows before stamping");
  stamp->add_option("--tag", options->tag, "Arbitrary tag (accepted for Alembic compatibility)");
  stamp->footer("Examples:\n"
                "  migrate stamp head\n"
                "  migrate stamp --purge 1975ea83b712\n"
                "  migrate stamp base\n"
                "  migrate stamp 1975ea:head --sql");
  stamp->callback([&session, options] { run_stamp(session, *options); });
}

} // namespace migrate::cli
