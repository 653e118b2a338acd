// SPDX-License-Identifier: MIT
// Placeholder until the script area has sources; keeps the static library non-empty.
namespace migrate::script {
[[maybe_unused]] static constexpr int k_placeholder = 0;
} // namespace migrate::script
