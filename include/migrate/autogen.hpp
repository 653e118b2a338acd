// SPDX-License-Identifier: MIT
// Autogenerate: a schema snapshot read from pg_catalog, the diff between two snapshots planned
// as ordered SQL, and the scratch databases both sides are built in (docs/autogenerate.md).
#pragma once

#include <migrate/config.hpp>
#include <migrate/database.hpp>
#include <migrate/graph.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace migrate::autogen {

// ---- The model ----------------------------------------------------------------------------
// Every name is stored as the server quoted it (format('%I.%I')), so it is both the identity
// key and ready to paste into SQL. Definitions are PostgreSQL's own deparsed text, read with
// search_path = pg_catalog so both sides print schema-qualified names the same way.

struct Column {
  std::string name; // quoted
  std::string type; // format_type()
  bool not_null = false;
  std::optional<std::string> default_expr;
  std::optional<std::string> generated_expr; // GENERATED ALWAYS AS (...) STORED
  std::string identity;                      // "", "a" (ALWAYS) or "d" (BY DEFAULT)
  // "START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE ... CACHE 1 NO CYCLE" for identities.
  std::string identity_options;
  std::string identity_sequence;        // qualified name of an identity column's sequence, else ""
  std::optional<std::string> collation; // only when it differs from the type's
  bool local = true;                    // false: inherited from a parent / partitioned table
  int statistics = -1;                  // SET STATISTICS; -1: the server's default
  char storage = 0;                     // SET STORAGE p/e/m/x when not the type's own; 0: its own
  char type_storage = 0;                // the type's own storage (pg_type.typstorage)
  char compression = 0;                 // SET COMPRESSION p (pglz) / l (lz4); 0: the default
  bool operator==(const Column&) const = default;
};

struct Constraint {
  std::string name;       // quoted
  char type = 'c';        // p u f c x
  std::string definition; // pg_get_constraintdef
  std::string ref_table;  // FKs: the referenced table (qualified), else ""
  bool operator==(const Constraint&) const = default;
};

struct Table {
  std::string name;                 // qualified
  char kind = 'r';                  // r table, p partitioned
  std::string partition_key;        // "RANGE (at)" for partitioned tables
  std::string partition_bound;      // "FOR VALUES FROM (...) TO (...)" for partitions
  std::vector<std::string> parents; // qualified, inheritance order
  std::vector<Column> columns;      // attnum order (never compared by position)
  std::vector<Constraint> constraints;
  // Table settings (docs/autogenerate.md, "Table settings").
  bool unlogged = false;
  std::vector<std::string> options; // reloptions, "fillfactor=70", sorted
  std::string replica_identity;     // "" (DEFAULT), "FULL", "NOTHING", "USING INDEX name"
  bool row_security = false;        // ENABLE ROW LEVEL SECURITY
  bool force_row_security = false;  // FORCE ROW LEVEL SECURITY
  bool operator==(const Table&) const = default;

  const Column* column(const std::string& name) const;
  const Constraint* constraint(const std::string& name) const;
};

struct Index {
  std::string name;       // qualified
  std::string table;      // qualified
  std::string definition; // pg_get_indexdef with "ON ONLY" removed
  bool operator==(const Index&) const = default;
};

struct Sequence {
  std::string name; // qualified
  std::string data_type;
  std::string options;  // "START 1 INCREMENT 1 MINVALUE 1 MAXVALUE ... CACHE 1 [NO ]CYCLE"
  std::string owned_by; // "schema.table.column" (quoted parts) or ""
  bool operator==(const Sequence&) const = default;
};

struct EnumType {
  std::string name;                // qualified
  std::vector<std::string> labels; // sort order, unquoted
  bool operator==(const EnumType&) const = default;
};

struct View {
  std::string name;       // qualified
  char kind = 'v';        // v view, m materialized view
  std::string definition; // pg_get_viewdef without the trailing ';'
  // reloptions, sorted: security_barrier, security_invoker, check_option; a materialized
  // view's storage parameters.
  std::vector<std::string> options;
  bool operator==(const View&) const = default;
};

struct Function {
  std::string key;        // qualified name + "(" identity arguments + ")"
  std::string result;     // pg_get_function_result ("" for procedures)
  std::string definition; // pg_get_functiondef
  bool is_procedure = false;
  bool operator==(const Function&) const = default;
};

struct Extension {
  std::string name;   // quoted
  std::string schema; // quoted
  bool operator==(const Extension&) const = default;
};

struct DomainCheck {
  std::string name;       // quoted
  std::string definition; // "CHECK ((VALUE > 0))"
  bool operator==(const DomainCheck&) const = default;
};

struct Domain {
  std::string name;      // qualified
  std::string base_type; // format_type()
  bool not_null = false;
  std::optional<std::string> default_expr;
  std::optional<std::string> collation;
  std::vector<DomainCheck> checks; // by name
  bool operator==(const Domain&) const = default;
};

struct CompositeType {
  std::string name;                                            // qualified
  std::vector<std::pair<std::string, std::string>> attributes; // quoted name, format_type()
  bool operator==(const CompositeType&) const = default;
};

struct Trigger {
  std::string key;        // "name ON schema.table", as DROP TRIGGER and COMMENT ON want it
  std::string table;      // qualified
  std::string definition; // pg_get_triggerdef
  bool operator==(const Trigger&) const = default;
};

struct Policy {
  std::string key;   // "name ON schema.table", as DROP POLICY wants it
  std::string table; // qualified
  std::string name;  // quoted
  bool permissive = true;
  std::string command;            // ALL, SELECT, INSERT, UPDATE, DELETE
  std::vector<std::string> roles; // quoted, sorted; "PUBLIC" for every role
  std::optional<std::string> using_expr;
  std::optional<std::string> check_expr;
  bool operator==(const Policy&) const = default;
};

// "dependent reads referenced": a view (or matview) reading a table's column, another view, or
// calling a function. column is "" for whole-object dependencies.
struct Dependency {
  std::string dependent;  // qualified view name
  std::string referenced; // qualified relation name, or a function key
  std::string column;     // quoted column name of `referenced`, or ""
  bool operator==(const Dependency&) const = default;
};

struct Snapshot {
  std::vector<std::string> schemas; // quoted, without public
  std::map<std::string, EnumType> enums;
  std::map<std::string, Sequence> sequences;
  std::map<std::string, Table> tables;
  std::map<std::string, Index> indexes;
  // A partition's indexes attached to its parent's (they come and go with the parent's):
  // index -> table. Not compared; a DETACH PARTITION leaves them behind.
  std::map<std::string, std::string> partition_indexes;
  std::map<std::string, View> views;
  std::map<std::string, Function> functions;
  std::vector<Dependency> dependencies; // sorted
  std::map<std::string, Extension> extensions;
  std::map<std::string, Domain> domains;
  std::map<std::string, CompositeType> composites;
  std::map<std::string, Trigger> triggers;
  std::map<std::string, Policy> policies;
  // Privileges that differ from each object's default, by GRANT target ("TABLE public.t",
  // "VIEW ...", "SEQUENCE ...", "COLUMN public.t.c", "SCHEMA s", "FUNCTION public.f(integer)",
  // "TYPE ...", "DOMAIN ..."): "+reader SELECT" granted, "+reader SELECT WITH GRANT OPTION",
  // "-PUBLIC EXECUTE" a default one revoked; the owner's own left out. Sorted.
  std::map<std::string, std::vector<std::string>> privileges;
  // COMMENT ON targets ("TABLE public.t", "COLUMN public.t.c", "CONSTRAINT c ON public.t",
  // "FUNCTION public.f(a integer)", ...) and their text.
  std::map<std::string, std::string> comments;
};

// ---- Introspection ------------------------------------------------------------------------

struct IntrospectOptions {
  // The runner's version table, left out of the snapshot ("alembic_version"; schema "" means
  // the default public).
  std::string version_table = "alembic_version";
  std::string version_table_schema;
};

// The version table a configuration names.
IntrospectOptions introspect_options(const config::Config& config);

// Reads every managed object in one REPEATABLE READ READ ONLY transaction with a fixed number
// of queries (k_introspection_queries), whatever the schema size. Errors are the Database's.
Snapshot introspect(Database& database, const IntrospectOptions& options = {});
inline constexpr int k_introspection_queries = 17;

// The objects that differ between two snapshots, one line each ("table public.t: column
// amount differs"), sorted; empty when they are equal. Column order is not compared.
std::vector<std::string> differences(const Snapshot& a, const Snapshot& b);

// The whole-schema check: two `pg_dump --schema-only` texts compared object by object (each
// pg_dump entry as one line, whitespace collapsed, a table's columns in any order), with no
// regard to what the planner models. Returns "- <object>" for each one only `expected` has and
// "+ <object>" for each one only `actual` has; empty when they hold the same schema.
std::vector<std::string> compare_schema_dumps(std::string_view expected, std::string_view actual);

// Difference lines as an error message's context lines: "\n  <line>" for the first 20, each cut
// at 300 characters, then "\n  ... and N more".
std::string listed_differences(const std::vector<std::string>& lines);

// ---- Diff and plan ------------------------------------------------------------------------

struct Statement {
  std::string sql;                        // one statement, without the ';'
  std::optional<std::string> destructive; // why it may lose data
};

struct Plan {
  std::vector<Statement> statements;
  // An enum label added and used in the same revision: the revision must run outside a
  // transaction (ALTER TYPE ... ADD VALUE is not usable before it commits).
  bool needs_no_transaction = false;

  bool empty() const { return statements.empty(); }
  // The statements as a revision body: each ends with ';', destructive ones are preceded by
  // "-- destructive: <why>".
  std::string render() const;
  // The destructive reasons, in statement order.
  std::vector<std::string> warnings() const;
};

// A rename hint "old=new": "table.column=new_column" / "schema.table.column=new_column" renames
// a column, "table=new_table" / "schema.table=new_table" a table (unqualified means public).
struct Rename {
  std::string old_name; // as written
  std::string new_name;
};
// Parses "old=new"; throws UsageError "invalid --rename 'x': expected OLD=NEW".
Rename parse_rename(const std::string& text);

// The SQL that turns `from` into `to`, in dependency order (docs/autogenerate.md, "Phases" and
// "Dependency ordering"). The downgrade is plan_changes(to, from, inverted hints). A hint naming
// nothing that is dropped on one side and added on the other is a CommandError.
Plan plan_changes(const Snapshot& from, const Snapshot& to, const std::vector<Rename>& renames);
std::vector<Rename> inverted(const std::vector<Rename>& renames);

// ---- Scratch databases --------------------------------------------------------------------

// `conninfo` (URI, key=value string, or "" for libpq's environment) with its database replaced
// by `dbname` (a later dbname wins in libpq's parsing, for both forms).
std::string conninfo_with_dbname(const std::string& conninfo, const std::string& dbname);

// Opens a connection to `conninfo`.
using Connector = std::function<std::unique_ptr<Database>(const std::string& conninfo)>;

// Creates scratch databases (CREATE DATABASE <unique> TEMPLATE template0) on one server and
// drops every one of them (WITH (FORCE)) in the destructor, also when an error unwinds.
class ScratchServer {
public:
  // `server_conninfo` is where CREATE DATABASE runs; `masked` names it in messages.
  ScratchServer(Connector connector, std::string server_conninfo, std::string masked);
  ~ScratchServer();
  ScratchServer(const ScratchServer&) = delete;
  ScratchServer& operator=(const ScratchServer&) = delete;

  // A new empty database and a connection to it (owned by the server object). Throws
  // CommandError when the role may not create databases, naming dev_url.
  Database& create();
  // The connection the server uses for CREATE/DROP DATABASE.
  Database& admin();
  // The connection string of a database create() made (`database` is its connection).
  std::string conninfo_of(const Database& database) const;
  // A new database copied from `source` (CREATE DATABASE ... TEMPLATE source) and a connection
  // to it, dropped like create()'s. A copy needs `source` to have no sessions: one that another
  // session holds is waited for a few seconds, then SqlError 55006.
  Database& copy(const std::string& source);
  // A connection to an existing database the server does not own (it is never dropped); the
  // connection closes with the server, or with close().
  Database& open(const std::string& name);
  // Closes the connection to a database this server created or opened; it stays as it is.
  void close(Database& database);
  // Turns a created database into a kept one named `name`, with `comment` as its COMMENT ON
  // DATABASE; its connection is closed first. False (and still a scratch database) when it
  // cannot be renamed, e.g. because another run kept one under that name first.
  bool keep(Database& database, const std::string& name, const std::string& comment);
  // The connection string of the database `name` on this server.
  std::string conninfo_of(const std::string& name) const;
  // The names of the databases created and not yet dropped.
  std::vector<std::string> names() const;
  // Drops every scratch database now (the destructor does it too). Never throws.
  void drop_all() noexcept;

private:
  struct Entry {
    std::string name;
    std::unique_ptr<Database> connection;
    bool owned = true; // created here, so dropped here
  };
  Database& connect_to(Entry entry);

  Connector m_connector;
  std::string m_conninfo;
  std::string m_masked;
  std::unique_ptr<Database> m_admin;
  std::vector<Entry> m_databases;
};

// Runs `sql` (a schema file's text) in `database`: in batches of statements, one transaction
// each, falling back to one statement at a time for a batch the server refuses (and for a file
// with transaction control or SET LOCAL in it). A failure is a CommandError
// "<path>:<line>: <server message>", the same as loading statement by statement gives.
void load_schema_file(Database& database, const std::string& sql, const std::string& path);

// `sql` with psql meta-command lines where a statement starts (pg_dump's \restrict and
// \unrestrict) blanked out with spaces, so offsets and line numbers stay.
std::string without_meta_commands(const std::string& sql);

// pg_dump --schema-only output as a schema.sql (dump-schema): its psql meta-commands and the
// "Dumped from/by" version lines dropped, which change from one dump or machine to the next.
std::string schema_file_from_dump(std::string_view dump);

// Applies a plan the way the runner would run the revision: one transaction, or statement by
// statement when needs_no_transaction.
void apply_plan(Database& database, const Plan& plan);

// ---- The workflow --------------------------------------------------------------------------

// The upgrade and downgrade found, both validated on scratch copies and by the whole-schema check.
struct Comparison {
  Plan upgrade;
  Plan downgrade;
};

// `pg_dump --schema-only` of the database a conninfo names, leaving out tables matching the
// patterns (db::dump_schema).
using SchemaDumper = std::function<std::string(const std::string& conninfo,
                                               const std::vector<std::string>& exclude)>;

// What the workflow is given from outside the core.
struct WorkflowEnvironment {
  Connector connect;
  SchemaDumper dump_schema;
  // The connections at work, for Ctrl-C to cancel (both null at the end); may be empty.
  std::function<void(Database* first, Database* second)> watch;
  std::string scratch_conninfo; // where scratch databases are created
  std::string scratch_masked;   // that server, for messages
};

struct WorkflowRequest {
  const config::Config& config;
  const graph::RevisionMap& map;
  std::vector<std::string> heads; // the revisions are replayed up to these ("base": none)
  std::vector<Rename> renames;
  // --from-db: the live database is the current state instead of the replay (the caller checks
  // it is at head); its conninfo is for pg_dump.
  Database* live = nullptr;
  std::string live_conninfo;
};

// schema.sql (config.schema_file) loaded into one scratch database, the revisions replayed into
// another, both introspected, diffed both ways, the plans validated on the scratch copies and by
// the whole-schema check (docs/autogenerate.md). CommandError when schema.sql fails to load, a
// plan fails or does not reproduce it; the scratch databases are always dropped.
Comparison compare_with_schema_file(const WorkflowRequest& request,
                                    const WorkflowEnvironment& environment);

// ---- The stairway test (`migrate test`, docs/lint.md) ------------------------------------

// What a passing stairway did.
struct StairwayReport {
  std::size_t revisions = 0;         // each upgraded, downgraded and upgraded again
  bool compared_schema_file = false; // the head's schema matched schema.sql
};

// In a scratch database, each revision in the order `upgrade heads` runs them from base:
// upgraded, downgraded (the schema must then equal the one before its upgrade, pg_dump compared
// as the whole-schema check compares), and upgraded again. At the end, when schema.sql exists,
// the head's schema must equal it. `progress` gets one line per revision. A CommandError names
// the first revision that breaks it, with the differing schema lines (or its failure); the
// scratch databases are always dropped.
StairwayReport run_stairway(const config::Config& config,
                            const graph::RevisionMap& map,
                            const WorkflowEnvironment& environment,
                            const std::function<void(const std::string&)>& progress);

} // namespace migrate::autogen
