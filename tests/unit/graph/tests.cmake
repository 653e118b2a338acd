migrate_unit_test(test_graph migrate_graph
  unit/graph/test_ancestor_sets.cpp
  unit/graph/test_cli_texts.cpp
  unit/graph/test_head_maintainer.cpp
  unit/graph/test_large_map.cpp
  unit/graph/test_plan_branches.cpp
  unit/graph/test_plan_linear.cpp
  unit/graph/test_plan_merges.cpp
  unit/graph/test_relative.cpp
  unit/graph/test_resolve.cpp
  unit/graph/test_revision_map.cpp
  unit/graph/test_traverse.cpp
)
migrate_private_headers(test_graph src/core/graph)
