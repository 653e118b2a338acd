// SPDX-License-Identifier: MIT
// The project templates `init` writes, embedded from templates/ at build time.
#pragma once

#include <string_view>
#include <vector>

namespace migrate::cli {

struct TemplateFile {
  std::string_view template_name; // "generic"
  std::string_view path;          // relative to the template: "alembic.ini", "script.sql.tmpl"
  std::string_view content;
};

const std::vector<TemplateFile>& template_files();

} // namespace migrate::cli
