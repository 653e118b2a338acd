// SPDX-License-Identifier: MIT
// What `revision --autogenerate` and `check` share: schema.sql compared with the migrations in
// scratch databases (include/migrate/autogen.hpp does the comparing).
#pragma once

#include "session.hpp"

#include <migrate/autogen.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace migrate::cli {

struct AutogenOptions {
  std::optional<std::string> dev_url;
  std::vector<std::string> renames; // OLD=NEW
  bool from_db = false;
  bool allow_empty = false;
};

// The revision bodies autogenerate wrote, or nullopt when there is nothing to write.
struct AutogenBodies {
  std::string upgrades;
  std::string downgrades;
  bool non_transactional = false;
};

// Adds --dev-url, --rename, --from-db and --allow-empty to `revision`.
void add_autogenerate_options(CLI::App& revision, AutogenOptions& options);

// Throws UsageError when one of those options is given without --autogenerate.
void reject_autogenerate_options(const AutogenOptions& options);

// Compares schema.sql with the revisions up to `heads` (validated both ways); prints the
// destructive warnings. nullopt (after saying so) when nothing changed and --allow-empty is off.
std::optional<AutogenBodies> autogenerate(Session& session,
                                          const std::vector<std::string>& heads,
                                          const AutogenOptions& options);

// Compares schema.sql with the revisions up to `heads` (or with the live database, --from-db).
autogen::Comparison
compare(Session& session, const std::vector<std::string>& heads, const AutogenOptions& options);

// The scratch server (--dev-url, dev_url, else the target server), pg_dump, connections and
// Ctrl-C cancellation, for the core's workflows.
autogen::WorkflowEnvironment workflow_environment(Session& session,
                                                  const std::optional<std::string>& dev_url);

// CommandError "Target database is not up to date." unless the database is at the heads.
void check_at_head(Session& session);

} // namespace migrate::cli
