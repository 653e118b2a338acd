add_library(migrate_graph STATIC
  graph/ancestor_sets.cpp
  graph/build_index.cpp
  graph/catch_errors.cpp
  graph/collect.cpp
  graph/detect_cycles.cpp
  graph/head_maintainer.cpp
  graph/map_index.cpp
  graph/plan.cpp
  graph/relative.cpp
  graph/resolve.cpp
  graph/revision_map.cpp
  graph/stamp.cpp
  graph/targets.cpp
  graph/topo_sort.cpp
)
target_link_libraries(migrate_graph PUBLIC migrate_util)
