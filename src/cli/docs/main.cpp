// SPDX-License-Identifier: MIT
// migrate-docs OUTPUT_DIR: writes migrate.1 and the bash, zsh and fish completions from the
// command definitions of the migrate binary (define_app). Run by the build, not installed.
#include "../commands/commands.hpp"
#include "completions.hpp"
#include "man_page.hpp"

#include <migrate/version.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

bool write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) {
    std::cerr << "migrate-docs: could not write " << path.string() << '\n';
  }
  return static_cast<bool>(file);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: migrate-docs OUTPUT_DIR\n";
    return 2;
  }
  using namespace migrate::cli;
  std::ostringstream out;
  std::ostringstream err;
  Session session(out, err);
  CLI::App app;
  define_app(app, session);
  const docs::CommandLineModel model = docs::read_command_line(app, migrate::k_version);
  const std::filesystem::path directory = argv[1];
  std::filesystem::create_directories(directory);
  const bool written = write(directory / "migrate.1", docs::man_page(model))
                       && write(directory / "migrate.bash", docs::bash_completion(model))
                       && write(directory / "_migrate", docs::zsh_completion(model))
                       && write(directory / "migrate.fish", docs::fish_completion(model));
  return written ? 0 : 1;
}
