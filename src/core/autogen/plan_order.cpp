// SPDX-License-Identifier: MIT
// Statement order from declared effects: phase order, with each statement's prerequisites moved
// just before it (docs/autogenerate.md, "Dependency ordering").
#include "planner.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace migrate::autogen::detail {

std::string function_object(const std::string& key_or_name) {
  return "function:" + key_or_name.substr(0, key_or_name.find('('));
}

std::string column_object(const std::string& table, const std::string& column) {
  return "column:" + table + "\n" + column;
}

std::vector<std::string> called_functions(const Snapshot& snapshot, const std::string& expression) {
  std::vector<std::string> called;
  for (const auto& [key, function] : snapshot.functions) {
    const std::string name = key.substr(0, key.find('('));
    if (expression.find(name + "(") != std::string::npos) {
      called.push_back(function_object(name));
    }
  }
  called.erase(std::unique(called.begin(), called.end()), called.end());
  return called;
}

std::vector<Statement> order_by_effects(std::vector<PlannedStatement> statements) {
  std::map<std::string, std::vector<std::size_t>> creators;
  std::map<std::string, std::vector<std::size_t>> users;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    for (const std::string& key : statements[i].effects.creates) {
      creators[key].push_back(i);
    }
    for (const std::string& key : statements[i].effects.uses) {
      users[key].push_back(i);
    }
  }
  const auto prerequisites = [&](std::size_t i) {
    std::vector<std::size_t> before;
    const auto take = [&](const std::map<std::string, std::vector<std::size_t>>& index,
                          const std::vector<std::string>& keys) {
      for (const std::string& key : keys) {
        if (const auto found = index.find(key); found != index.end()) {
          before.insert(before.end(), found->second.begin(), found->second.end());
        }
      }
    };
    take(creators, statements[i].effects.needs);
    take(users, statements[i].effects.drops);
    std::sort(before.begin(), before.end());
    before.erase(std::unique(before.begin(), before.end()), before.end());
    std::erase(before, i);
    return before;
  };
  enum class State { waiting, visiting, placed };
  std::vector<State> state(statements.size(), State::waiting);
  std::vector<Statement> ordered;
  ordered.reserve(statements.size());
  const std::function<void(std::size_t)> place = [&](std::size_t i) {
    if (state[i] != State::waiting) {
      return; // placed, or on the path being placed: a cycle keeps phase order
    }
    state[i] = State::visiting;
    for (const std::size_t before : prerequisites(i)) {
      place(before);
    }
    state[i] = State::placed;
    ordered.push_back(std::move(statements[i].statement));
  };
  for (std::size_t i = 0; i < statements.size(); ++i) {
    place(i);
  }
  return ordered;
}

} // namespace migrate::autogen::detail
