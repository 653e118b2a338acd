// SPDX-License-Identifier: MIT
// The revision graph, exactly as Alembic's RevisionMap (docs/alembic-compatibility.md, "Identifier
// resolution" to "Version rows"): heads, bases, branch labels, depends_on, identifier resolution,
// traversal order, and the steps and version-row changes of upgrade, downgrade and stamp.
#pragma once

#include <migrate/revision.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::graph {

namespace detail {
struct MapIndex; // the indexed form the algorithms of src/core/graph work on
} // namespace detail

// A revision plus what the map derives for it.
struct Node {
  Revision revision;
  std::vector<std::string> nextrev;         // children via down_revision, in load order
  std::vector<std::string> all_nextrev;     // children via down_revision or depends_on
  std::vector<std::string> dependencies;    // depends_on resolved to revision ids
  std::vector<std::string> normalized_down; // down_revisions + dependencies, normalized
  std::vector<std::string> branch_labels;   // propagated labels: own first, then inherited
  bool is_head = false;                     // versioned head: no down_revision child
  bool is_real_head = false;                // no child via down_revision nor depends_on
  bool is_base = false;                     // no down_revision
  bool is_real_base = false;                // no down_revision and no depends_on
  bool is_branch_point = false;             // more than one nextrev
  bool is_merge_point = false;              // more than one down_revision

  const std::string& id() const { return revision.id; }
};

// Options of RevisionMap::iterate_revisions (Alembic's keyword arguments).
struct IterateOptions {
  bool implicit_base = false;
  bool inclusive = true;
  bool assert_relative_length = true;
  bool select_for_downgrade = false;
};

class RevisionMap {
public:
  // Builds and validates the map from revisions in load order. Throws RevisionError with
  // Alembic's texts: "Self-loop is detected in revisions (a)", "Cycle is detected in revisions
  // (a, b, c)" (also for cycles Alembic's own check misses), "Dependency self-loop ...",
  // "Dependency cycle ...", "Branch name 'x' in revision e already used by revision c"; and for a
  // duplicate id or a dangling down_revision/depends_on a ScriptError naming the file: "<path>:
  // revision 'x' is also defined in <other path>",
  // "<path>: down_revision 'x' of revision 'y' is not present" (depends_on likewise; a depends_on
  // may name a revision id or a branch label, not a prefix).
  explicit RevisionMap(std::vector<Revision> revisions);

  // Ids in load order.
  const std::vector<std::string>& order() const;
  bool empty() const { return order().empty(); }
  bool contains(std::string_view id) const;
  const Node& node(std::string_view id) const; // not a full id: throws ResolutionError

  std::vector<std::string> heads() const;      // versioned heads, load order
  std::vector<std::string> real_heads() const; // heads that nothing depends on, load order
  std::vector<std::string> bases() const;
  std::vector<std::string> real_bases() const;

  // get_revisions(): ids for an identifier (docs/commands.md, "Revision identifiers"); empty for
  // "base" / "". Throws ResolutionError (detailed text, e.g. "No such revision or branch 'x'") or
  // MultipleHeads. A relative "-N" / "label@-N" walks down from the real heads; a walk that runs
  // off the graph contributes nothing.
  std::vector<std::string> resolve(std::string_view identifier) const;
  // get_revision(): at most one id; throws MultipleHeads when several.
  std::optional<std::string> resolve_one(std::string_view identifier) const;
  // get_current_head(label): the single head (of the label's lineage), nullopt for an empty map.
  std::optional<std::string> current_head(std::string_view branch_label = {}) const;

  // iterate_revisions(upper, lower, ...): ids top-down (children before parents). Upper and
  // lower are lists of identifiers (e.g. {"heads"}, {"base"}, {} for None).
  std::vector<std::string> iterate_revisions(const std::vector<std::string>& upper,
                                             const std::vector<std::string>& lower,
                                             const IterateOptions& options = {}) const;

  // Ancestors (via normalized down revisions) / descendants (via all_nextrev), including self,
  // in load order. Ids must be full ids (else ResolutionError).
  std::vector<std::string> ancestors(const std::vector<std::string>& ids) const;
  std::vector<std::string> descendants(const std::vector<std::string>& ids) const;

  // For the implementation in src/core/graph only.
  const detail::MapIndex& index() const { return *m_index; }

private:
  std::shared_ptr<const detail::MapIndex> m_index; // immutable, so copies share it
};

// One change to the version table.
struct VersionOp {
  enum class Kind { insert, update, remove };
  Kind kind = Kind::insert;
  std::string from; // update, remove
  std::string to;   // insert, update
};

enum class StepKind { upgrade, downgrade, stamp };

// One step of a run: a revision applied (or unapplied), or a stamp.
struct Step {
  StepKind kind = StepKind::upgrade;
  std::string revision;          // upgrade/downgrade: the revision run; stamp: ""
  std::vector<std::string> from; // for the log line (see short_log)
  std::vector<std::string> to;
  std::vector<VersionOp> version_ops;   // in execution order
  std::vector<std::string> heads_after; // version rows after this step, row order

  // "upgrade 1975ea83b712 -> 3f1e2d4c5b6a" / "upgrade  -> 1975ea83b712" /
  // "downgrade 53fffde5ad5 -> ae1027a6acf, 27c6a30d7c24" / "stamp_revision a, b -> c".
  std::string short_log() const;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> final_heads;
};

// Alembic's CLI text for an identifier that names several heads ("Multiple head revisions are
// present for given argument 'head'; please specify ...").
std::string multiple_heads_message(std::string_view argument);

// The command-level operations. They rewrite resolution errors the way Alembic's
// ScriptDirectory._catch_revision_errors does and throw CommandError with the exact CLI texts of
// docs/alembic-compatibility.md, "Messages" ("Can't locate revision identified by 'x'", "Multiple
// head revisions are present for given argument 'head'; ...", "Relative revision -2 didn't produce
// 2 migrations", "Destination x is not a valid downgrade target from current head(s)", ...).
// `current_heads` are full ids, in version-table row order. The version rows are simulated
// step by step; a step whose rows do not fit (an UPDATE or DELETE of a missing row, an INSERT
// of a present one: Alembic's online "expected to match one row" failures) is refused up front
// with a CommandError ("Version row 'x' is not present; can't update it to 'y'").
Plan plan_upgrade(const RevisionMap& map,
                  const std::vector<std::string>& current_heads,
                  std::string_view destination);
Plan plan_downgrade(const RevisionMap& map,
                    const std::vector<std::string>& current_heads,
                    std::string_view destination);
Plan plan_stamp(const RevisionMap& map,
                const std::vector<std::string>& current_heads,
                const std::vector<std::string>& destinations);

// walk_revisions(base, head): history order (newest first), with the range errors of `history`
// ("Requested range a:b does not refer to ancestor/descendant revisions along the same branch").
// An empty base or head means none (Python's None).
std::vector<std::string> walk_revisions(const RevisionMap& map,
                                        std::string_view base = "base",
                                        std::string_view head = "heads");
// The same with several revisions on a side (history with `current` on a database that has
// several heads); one item is a plain identifier, none is None.
std::vector<std::string> walk_revisions(const RevisionMap& map,
                                        const std::vector<std::string>& base,
                                        const std::vector<std::string>& head);

// get_all_current(heads): the given heads plus the revisions they imply through depends_on that
// are not otherwise ancestors, as `current` prints them: the given heads first (row order), then
// the implied ones in load order (Alembic returns a set).
std::vector<std::string> all_current(const RevisionMap& map, const std::vector<std::string>& heads);

} // namespace migrate::graph
