// SPDX-License-Identifier: MIT
// Names, lookups and upkeep of the autogenerate cache's databases (schema_cache.hpp).
#include "schema_cache.hpp"

#include "planner.hpp"

#include <migrate/error.hpp>
#include <migrate/script.hpp>
#include <migrate/util/strings.hpp>

#include <cstdint>
#include <filesystem>
#include <set>

namespace migrate::autogen::detail {

namespace {

// Bumped when loading, replaying or dumping changes what a kept database holds.
constexpr std::string_view k_cache_format = "1";
constexpr std::string_view k_prefix = "migrate_cache_";

} // namespace

std::string content_hash(const std::vector<std::string_view>& parts) {
  std::uint64_t hash = 14695981039346656037ULL;
  const auto add = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 1099511628211ULL;
  };
  for (std::string_view part : parts) {
    for (const char c : part) {
      add(static_cast<unsigned char>(c));
    }
    add(0);
  }
  std::string hex;
  for (int shift = 60; shift >= 0; shift -= 4) {
    hex += "0123456789abcdef"[(hash >> shift) & 0xF];
  }
  return hex;
}

std::string dumped_by(std::string_view dump) {
  constexpr std::string_view marker = "-- Dumped by pg_dump version ";
  const std::size_t at = dump.find(marker);
  if (at == std::string_view::npos) {
    return "";
  }
  return std::string(dump.substr(at, dump.find('\n', at) - at));
}

SchemaCache::SchemaCache(ScratchServer& server, const config::Config& config)
    : m_server(server), m_enabled(config.autogenerate_cache) {
  std::error_code error;
  const std::filesystem::path where =
      std::filesystem::weakly_canonical(config.script_location, error);
  m_project = content_hash({(error ? config.script_location : where).string()}).substr(0, 8);
  m_version_table = config.version_table_schema.value_or("") + "." + config.version_table;
}

const std::string& SchemaCache::identity() {
  if (m_identity.empty()) {
    const std::vector<Row> rows = m_server.admin().query("SELECT current_user, version()");
    m_identity = rows.at(0).at(0).value_or("") + "\n" + rows.at(0).at(1).value_or("");
  }
  return m_identity;
}

std::string SchemaCache::desired_name(const std::string& schema_sql) {
  if (!m_enabled) {
    return "";
  }
  return std::string(k_prefix) + m_project + "_d_"
         + content_hash({k_cache_format, identity(), m_version_table, schema_sql});
}

std::string SchemaCache::current_name(const graph::RevisionMap& map,
                                      const std::vector<std::string>& heads) {
  if (!m_enabled) {
    return "";
  }
  // "head" and "heads" replay the same revisions when there is one head: the ids are the key.
  std::set<std::string> targets;
  for (const std::string& head : heads) {
    for (std::string& id : map.resolve(head)) {
      targets.insert(std::move(id));
    }
  }
  std::vector<std::string> texts{std::string(k_cache_format), identity(), m_version_table};
  texts.insert(texts.end(), targets.begin(), targets.end());
  for (const std::string& id : map.order()) {
    const Revision& revision = map.node(id).revision;
    texts.push_back(id + "\n" + util::join(revision.down_revisions, ",") + "\n"
                    + util::join(map.node(id).dependencies, ",")
                    + (revision.transactional ? "\nt" : "\nn"));
    texts.push_back(script::read_section(revision, revision.upgrade).sql);
  }
  std::vector<std::string_view> parts(texts.begin(), texts.end());
  return std::string(k_prefix) + m_project + "_c_" + content_hash(parts);
}

std::map<std::string, std::string> SchemaCache::find(const std::vector<std::string>& names) {
  std::map<std::string, std::string> found;
  if (!m_enabled || names.empty()) {
    return found;
  }
  Database& admin = m_server.admin();
  std::vector<std::string> literals;
  for (const std::string& name : names) {
    literals.push_back(admin.quote_literal(name));
  }
  for (const Row& row :
       admin.query("SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
                   "WHERE datallowconn AND datname IN ("
                   + util::join(literals, ", ") + ")")) {
    if (row.at(0) && row.at(1) && !row.at(1)->empty()) {
      found[*row.at(0)] = *row.at(1);
    }
  }
  return found;
}

bool SchemaCache::store(Database& database, const std::string& name, const std::string& dump) {
  if (!m_enabled || !m_server.keep(database, name, dump)) {
    return false;
  }
  // The same project's older databases of this side are left over from earlier inputs. One in
  // use by another run is left to a later run (DROP without FORCE fails on it).
  Database& admin = m_server.admin();
  const std::string side = name.substr(0, k_prefix.size() + m_project.size() + 3);
  try {
    for (const Row& row : admin.query(
             "SELECT d.datname FROM pg_database d WHERE starts_with(d.datname, "
             + admin.quote_literal(side) + ") AND d.datname <> " + admin.quote_literal(name)
             + " AND NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.datname = d.datname)")) {
      try {
        admin.execute("DROP DATABASE IF EXISTS " + admin.quote_identifier(row.at(0).value_or("")));
      } catch (const SqlError&) { // NOLINT(bugprone-empty-catch): in use; a later run drops it
      }
    }
  } catch (const SqlError&) { // NOLINT(bugprone-empty-catch): upkeep only
  }
  return true;
}

void SchemaCache::refresh(const std::string& name, const std::string& dump) {
  Database& admin = m_server.admin();
  try {
    admin.execute("COMMENT ON DATABASE " + admin.quote_identifier(name) + " IS "
                  + admin.quote_literal(dump));
  } catch (const SqlError&) { // NOLINT(bugprone-empty-catch): a stale comment is made again
  }
}

} // namespace migrate::autogen::detail
