// SPDX-License-Identifier: MIT
// Placeholder until the config area has sources; keeps the static library non-empty.
namespace migrate::config {
[[maybe_unused]] static constexpr int k_placeholder = 0;
} // namespace migrate::config
