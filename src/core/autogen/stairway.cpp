// SPDX-License-Identifier: MIT
// The stairway test: every revision's downgrade must undo its upgrade exactly, and the head must
// be schema.sql. Each step runs through the runner, as `upgrade` would run it; the downgrade is
// the exact inverse of the upgrade step (its version rows back to what they were), so branches
// and merges need no relative identifiers.
#include <migrate/autogen.hpp>
#include <migrate/error.hpp>
#include <migrate/runner.hpp>
#include <migrate/script.hpp>
#include <migrate/util/interrupt.hpp>
#include <migrate/util/strings.hpp>

#include <filesystem>

namespace migrate::autogen {

namespace {

// The step that undoes `step`: the same revision downgraded, its version-row changes reversed.
graph::Step inverse(const graph::Step& step, const std::vector<std::string>& heads_before) {
  graph::Step back;
  back.kind = graph::StepKind::downgrade;
  back.revision = step.revision;
  back.from = step.to;
  back.to = step.from;
  for (auto op = step.version_ops.rbegin(); op != step.version_ops.rend(); ++op) {
    graph::VersionOp undo;
    switch (op->kind) {
    case graph::VersionOp::Kind::insert:
      undo = {graph::VersionOp::Kind::remove, op->to, ""};
      break;
    case graph::VersionOp::Kind::update:
      undo = {graph::VersionOp::Kind::update, op->to, op->from};
      break;
    case graph::VersionOp::Kind::remove:
      undo = {graph::VersionOp::Kind::insert, "", op->from};
      break;
    }
    back.version_ops.push_back(undo);
  }
  back.heads_after = heads_before;
  return back;
}

void run_step(Database& database,
              const graph::RevisionMap& map,
              const runner::OnlineOptions& options,
              const graph::Step& step) {
  runner::run_online(database, map, options, [&](const std::vector<std::string>&) {
    return graph::Plan{{step}, step.heads_after};
  });
}

// "<file>: revision <id> <what>:" and the differing lines, as the whole-schema check shows them.
[[noreturn]] void fail_with_lines(const std::string& what,
                                  const std::string& legend,
                                  const std::vector<std::string>& lines) {
  const std::string message = what + " (" + legend + "):" + listed_differences(lines);
  throw CommandError(util::escape_control_keep_lines(message));
}

} // namespace

StairwayReport run_stairway(const config::Config& config,
                            const graph::RevisionMap& map,
                            const WorkflowEnvironment& environment,
                            const std::function<void(const std::string&)>& progress) {
  StairwayReport report;
  ScratchServer server(
      environment.connect, environment.scratch_conninfo, environment.scratch_masked);
  Database& database = server.create();
  if (environment.watch) {
    environment.watch(&database, nullptr);
  }
  if (config.version_table_schema) {
    database.execute("CREATE SCHEMA IF NOT EXISTS "
                     + database.quote_identifier(*config.version_table_schema));
  }
  const std::string conninfo = server.conninfo_of(database);
  const runner::VersionTable table = runner::version_table(config);
  const std::vector<std::string> exclude{table.qualified_name(), runner::log_table_name(table)};
  const auto dump = [&] { return environment.dump_schema(conninfo, exclude); };
  const runner::OnlineOptions options = runner::online_options(config);

  const graph::Plan plan = graph::plan_upgrade(map, {}, "heads");
  std::vector<std::string> heads_before;
  for (const graph::Step& step : plan.steps) {
    util::throw_if_interrupted();
    const Revision& revision = map.node(step.revision).revision;
    const std::string name = revision.path + ": revision " + revision.id;
    const std::string before = dump();
    run_step(database, map, options, step);
    if (!revision.downgrade) {
      throw CommandError(name
                         + " has no downgrade section, so the stairway cannot go down it "
                           "(add one, empty when there is nothing to undo)");
    }
    run_step(database, map, options, inverse(step, heads_before));
    const std::vector<std::string> lines = compare_schema_dumps(before, dump());
    if (!lines.empty()) {
      fail_with_lines(name + ": its downgrade does not restore the schema its upgrade started from",
                      "- before the upgrade, + after the downgrade",
                      lines);
    }
    run_step(database, map, options, step); // a downgrade that leaves something behind breaks this
    heads_before = step.heads_after;
    ++report.revisions;
    progress("Upgraded, downgraded and upgraded again: " + step.short_log() + ", "
             + revision.message);
  }

  if (std::filesystem::exists(config.schema_file)) {
    Database& desired = server.create();
    load_schema_file(desired, script::read_file(config.schema_file), config.schema_file.string());
    const std::vector<std::string> lines =
        compare_schema_dumps(environment.dump_schema(server.conninfo_of(desired), exclude), dump());
    if (!lines.empty()) {
      fail_with_lines(config.schema_file.string()
                          + ": the revisions up to head do not build this schema",
                      "- in schema.sql, + built by the revisions",
                      lines);
    }
    report.compared_schema_file = true;
  }
  if (environment.watch) {
    environment.watch(nullptr, nullptr);
  }
  return report;
}

} // namespace migrate::autogen
