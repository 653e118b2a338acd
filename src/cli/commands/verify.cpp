// SPDX-License-Identifier: MIT
// `verify`: the applied revisions' SQL against the checksums the applied-steps log recorded;
// exit 1 naming each revision whose file changed since it was applied.
#include "commands.hpp"
#include "run_support.hpp"

#include <migrate/error.hpp>
#include <migrate/runner.hpp>

namespace migrate::cli {

namespace {

void run_verify(Session& session) {
  const runner::ChecksumReport report = applied_checksums(session);
  for (const std::string& mismatch : report.mismatches) {
    session.print(mismatch);
  }
  const std::string unlogged =
      report.unlogged == 0 ? ""
                           : "; " + std::to_string(report.unlogged)
                                 + " applied without a log row (by Alembic, or before the log)";
  if (!report.mismatches.empty()) {
    throw CommandError(std::to_string(report.mismatches.size()) + " applied revision"
                       + (report.mismatches.size() == 1 ? " differs" : "s differ")
                       + " from its file, first " + report.mismatches.front());
  }
  session.print(std::to_string(report.matched) + " applied revision"
                + (report.matched == 1 ? " matches its file" : "s match their files") + unlogged);
}

} // namespace

void add_verify_command(CLI::App& app, Session& session) {
  CLI::App* verify = app.add_subcommand(
      "verify", "Check that applied revisions' SQL is what the applied-steps log recorded");
  verify->footer(
      "Examples:\n  migrate verify\n  DATABASE_URL=postgresql://app@db/app migrate verify");
  verify->callback([&session] { run_verify(session); });
}

} // namespace migrate::cli
