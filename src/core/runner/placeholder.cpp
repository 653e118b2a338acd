// SPDX-License-Identifier: MIT
// Placeholder until the runner area has sources; keeps the static library non-empty.
namespace migrate::runner {
[[maybe_unused]] static constexpr int k_placeholder = 0;
} // namespace migrate::runner
