// SPDX-License-Identifier: MIT
// `downgrade TARGET`, online or as an offline script (--sql FROM:TO).
#include "commands.hpp"
#include "resolve.hpp"
#include "run_support.hpp"

#include <migrate/error.hpp>

namespace migrate::cli {

namespace {

void run_downgrade(Session& session, const MoveOptions& options) {
  const graph::RevisionMap& map = session.map();
  const RangeArgument range = split_range(options.revision);
  if (options.sql) {
    if (!range.is_range) {
      throw CommandError("downgrade with --sql requires <fromrev>:<torev>");
    }
    const std::string target = range.to;
    write_offline(
        session, starting_heads(map, range.from), [&](const std::vector<std::string>& heads) {
          return graph::plan_downgrade(map, heads, target);
        });
    return;
  }
  if (range.is_range) {
    throw CommandError("Range revision not allowed");
  }
  run_online_plan(
      session,
      [&](const std::vector<std::string>& heads) {
        return graph::plan_downgrade(map, heads, options.revision);
      },
      "reverted",
      options.revision);
}

} // namespace

void add_downgrade_command(CLI::App& app, Session& session) {
  auto down = std::make_shared<MoveOptions>();
  add_move_command(app, "downgrade", "Revert to a previous version", *down)
      ->footer("Examples:\n"
               "  migrate downgrade -1\n"
               "  migrate downgrade base\n"
               "  migrate downgrade billing@base\n"
               "  migrate downgrade head:base --sql > rollback.sql")
      ->callback([&session, down] { run_downgrade(session, *down); });
}

} // namespace migrate::cli
