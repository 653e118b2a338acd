// SPDX-License-Identifier: MIT
// `test`: the single-head check, then the stairway test in a scratch database (every revision
// upgraded, downgraded, upgraded again; the head against schema.sql). docs/lint.md.
#include "autogenerate.hpp"
#include "commands.hpp"

#include <migrate/autogen.hpp>
#include <migrate/error.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::cli {

namespace {

struct TestOptions {
  std::optional<std::string> dev_url;
};

void run_test(Session& session, const TestOptions& options) {
  const graph::RevisionMap& map = session.map();
  const std::vector<std::string> heads = map.heads();
  if (heads.size() > 1) {
    throw CommandError("there are " + std::to_string(heads.size()) + " heads ("
                       + util::join(heads, ", ")
                       + "); merge them ('migrate merge heads -m \"merge\"') so upgrade head "
                         "has one target");
  }
  autogen::StairwayReport report;
  try {
    report = autogen::run_stairway(session.config(),
                                   map,
                                   workflow_environment(session, options.dev_url),
                                   [&session](const std::string& line) { session.info(line); });
  } catch (const Error&) {
    util::throw_if_interrupted();
    throw;
  }
  session.print("Stairway passed: " + std::to_string(report.revisions)
                + (report.revisions == 1 ? " revision" : " revisions")
                + " upgraded, downgraded and upgraded again"
                + (report.compared_schema_file ? "; head matches schema.sql"
                                               : "; no schema.sql to compare the head with"));
}

} // namespace

void add_test_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* test = app.add_subcommand(
      "test",
      "One head, and every revision's downgrade undoing its upgrade, in a scratch database");
  test->add_option("--dev-url",
                   options->dev_url,
                   "Server for the scratch database (default: dev_url, else the target server)");
  test->footer(
      "The stairway: from base, each revision is upgraded, downgraded (the schema must "
      "be what it was) and upgraded again; the head must equal schema.sql.\n"
      "Examples:\n  migrate test\n  migrate test --dev-url postgresql://localhost/postgres");
  test->callback([&session, options] { run_test(session, *options); });
}

} // namespace migrate::cli
