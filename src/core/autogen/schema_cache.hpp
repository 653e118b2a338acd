// SPDX-License-Identifier: MIT
// The autogenerate cache (docs/autogenerate.md, "The cache"): schema.sql loaded, or the revisions
// replayed, kept on the scratch server as a database named after a hash of what made it, with
// its pg_dump as the database's comment, so an unchanged side is read instead of built again.
#pragma once

#include <migrate/autogen.hpp>
#include <migrate/config.hpp>
#include <migrate/graph.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::autogen::detail {

// 16 hex digits of a 64-bit FNV-1a hash of the parts, each ended by a zero byte.
std::string content_hash(const std::vector<std::string_view>& parts);

// "-- Dumped by pg_dump version ..." of a dump, "" when it has none: dumps by two pg_dump
// versions are not compared with each other.
std::string dumped_by(std::string_view dump);

class SchemaCache {
public:
  // Disabled (autogenerate_cache = false): nothing is found and nothing kept.
  SchemaCache(ScratchServer& server, const config::Config& config);

  bool enabled() const { return m_enabled; }
  // The cache names of the two sides. Their keys hold everything that shapes the database: the
  // role and server (one query), the version table, and schema.sql's text or the revisions'
  // upgrade SQL, ids, parents and heads.
  std::string desired_name(const std::string& schema_sql);
  std::string current_name(const graph::RevisionMap& map, const std::vector<std::string>& heads);
  // The kept databases among `names`, with their dumps (one query).
  std::map<std::string, std::string> find(const std::vector<std::string>& names);
  // Keeps a database built by the server under `name` with its dump, then drops this project's
  // older ones of the same side that no session uses. False when it could not be kept.
  bool store(Database& database, const std::string& name, const std::string& dump);
  // Replaces a kept database's dump (made again by another pg_dump version).
  void refresh(const std::string& name, const std::string& dump);

private:
  const std::string& identity();

  ScratchServer& m_server;
  bool m_enabled;
  std::string m_project; // script_location's hash: one project's names share it
  std::string m_version_table;
  std::string m_identity; // role and server version, read once
};

} // namespace migrate::autogen::detail
