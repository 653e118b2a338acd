// SPDX-License-Identifier: MIT
// The man page and completions rendered from a small command line: escaping, and that what the
// definition says (commands, options, values, choices) is what comes out.
#include "docs/command_model.hpp"
#include "docs/completions.hpp"
#include "docs/man_page.hpp"

#include <catch2/catch.hpp>

using namespace migrate::cli::docs;

namespace {

struct Tool {
  CLI::App app{"tool: does things", "tool"};
  std::string format;
  std::string revision;
  bool sql = false;
  Tool() {
    app.add_option("--format", format, "Output")->check(CLI::IsMember({"text", "json"}));
    CLI::App* up = app.add_subcommand("upgrade", "Upgrade to a later version");
    up->add_option("revision", revision, "Revision to upgrade to")->required();
    up->add_flag("--sql", sql, "Print the SQL: don't run it");
    up->footer("Examples:\n  tool upgrade head\n.starts with a dot");
  }
};

} // namespace

TEST_CASE("roff_escape keeps text literal") {
  CHECK(roff_escape("a-b \\n") == "a\\-b \\en");
  CHECK(roff_escape(".TH x\n'quote") == "\\&.TH x\n\\&'quote");
}

TEST_CASE("the model reads commands, options, positionals and choices") {
  Tool tool;
  const CommandLineModel model = read_command_line(tool.app, "9.9");
  REQUIRE(model.commands.size() == 1);
  const CommandModel& up = model.commands.front();
  CHECK(up.name == "upgrade");
  REQUIRE(up.positionals.size() == 1);
  CHECK(up.positionals.front().positional_name == "revision");
  CHECK(up.positionals.front().required);
  REQUIRE(up.options.size() == 1); // --help left out
  CHECK(up.options.front().long_names == std::vector<std::string>{"sql"});
  CHECK(up.options.front().value_name.empty());
  const auto format = std::find_if(
      model.global_options.begin(), model.global_options.end(), [](const OptionModel& o) {
        return o.long_names == std::vector<std::string>{"format"};
      });
  REQUIRE(format != model.global_options.end());
  CHECK(format->value_name == "TEXT");
  CHECK(format->choices == std::vector<std::string>{"text", "json"});
}

TEST_CASE("the man page has a section per command, with its options and examples") {
  Tool tool;
  const std::string page = man_page(read_command_line(tool.app, "9.9"));
  CHECK(page.find(".TH MIGRATE 1 \"\" \"migrate 9.9\"") != std::string::npos);
  CHECK(page.find(".SS \"upgrade\"\n\\fBtool upgrade\\fR [\\fIOPTIONS\\fR] \\fIrevision\\fR\n")
        != std::string::npos);
  CHECK(page.find(".TP\n\\fB\\-\\-sql\\fR\nPrint the SQL: don't run it\n") != std::string::npos);
  CHECK(page.find("\\fB\\-\\-format\\fR \\fITEXT\\fR\nOutput (one of: text, json)")
        != std::string::npos);
  CHECK(page.find("\\&.starts with a dot") != std::string::npos);
}

TEST_CASE("completions offer commands, options, choices and revision keywords") {
  Tool tool;
  const CommandLineModel model = read_command_line(tool.app, "9.9");
  const std::string bash = bash_completion(model);
  CHECK(bash.find("words='upgrade'") != std::string::npos);
  CHECK(bash.find(
            "upgrade) if [[ $cur == -* ]]; then words='--help --sql'; else words='head heads base'")
        != std::string::npos);
  CHECK(bash.find("complete -F _tool -o default tool") != std::string::npos);
  const std::string zsh = zsh_completion(model);
  CHECK(zsh.find("'upgrade:Upgrade to a later version'") != std::string::npos);
  CHECK(zsh.find("--sql'[Print the SQL\\: don'\\''t run it]'") != std::string::npos);
  CHECK(zsh.find("'[Output]:TEXT:(text json)'") != std::string::npos);
  const std::string fish = fish_completion(model);
  CHECK(fish.find("-n __fish_use_subcommand -a upgrade -d 'Upgrade to a later version'")
        != std::string::npos);
  CHECK(fish.find(
            "-n '__fish_seen_subcommand_from upgrade' -l sql -d 'Print the SQL: don'\\''t run it'")
        != std::string::npos);
}
