add_library(migrate_graph STATIC graph/placeholder.cpp)
target_link_libraries(migrate_graph PUBLIC migrate_util)
