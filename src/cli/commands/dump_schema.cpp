// SPDX-License-Identifier: MIT
// `dump-schema`: the live database's schema as a schema.sql autogenerate accepts (pg_dump
// --schema-only without owners, the version table and its applied-steps log left out).
#include "commands.hpp"

#include <migrate/autogen.hpp>
#include <migrate/config.hpp>
#include <migrate/db.hpp>
#include <migrate/error.hpp>
#include <migrate/runner.hpp>

#include <fstream>

namespace migrate::cli {

namespace {

struct DumpSchemaOptions {
  std::string output;
};

void run_dump_schema(Session& session, const DumpSchemaOptions& options) {
  const std::optional<std::string> url = session.database_url();
  session.database(); // connects first: a bad URL fails with the connection's own error
  const runner::VersionTable table = runner::version_table(session.config());
  const std::string schema = autogen::schema_file_from_dump(
      db::dump_schema(url ? config::normalize_database_url(*url) : "",
                      {table.qualified_name(), runner::log_table_name(table)}));
  if (options.output.empty() || options.output == "-") {
    session.sql_out() << schema;
    return;
  }
  std::ofstream file(options.output, std::ios::binary);
  file << schema;
  file.close();
  if (!file) {
    throw CommandError("could not write " + options.output);
  }
  session.info("Wrote the schema of " + session.masked_url() + " to " + options.output);
}

} // namespace

void add_dump_schema_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<DumpSchemaOptions>();
  CLI::App* dump = app.add_subcommand(
      "dump-schema", "Write the live database's schema as a schema.sql autogenerate accepts");
  dump->add_option("-o,--output", options->output, "File to write (default: standard output)");
  dump->footer("Examples:\n  migrate dump-schema -o migrations/schema.sql\n"
               "  DATABASE_URL=postgresql://app@db/app migrate dump-schema > schema.sql");
  dump->callback([&session, options] { run_dump_schema(session, *options); });
}

} // namespace migrate::cli
