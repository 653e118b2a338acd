// SPDX-License-Identifier: MIT
// Placeholder until the graph area has sources; keeps the static library non-empty.
namespace migrate::graph {
[[maybe_unused]] static constexpr int k_placeholder = 0;
} // namespace migrate::graph
