// SPDX-License-Identifier: MIT
// Post-write hooks from the ini's [post_write_hooks] or pyproject.toml's
// [[tool.alembic.post_write_hooks]].
#pragma once

#include "toml_source.hpp"

#include <migrate/config.hpp>

#include <vector>

namespace migrate::config {

// The ini's hooks when it has a [post_write_hooks] section (TOML's are then ignored entirely, as
// in Alembic), else TOML's. Errors (ConfigError, prefixed with the place):
//  "Key '<name>.type' (or 'type' in toml) is required for post write hook '<name>'"
//  "Key 'name' is required for each [[tool.alembic.post_write_hooks]] entry"
//  "invalid value for '<key>': '<value>' (expected ...)" for a bad options string or TOML type.
std::vector<WriteHook> read_write_hooks(const IniFile* ini, const TomlSource* toml);

} // namespace migrate::config
