// SPDX-License-Identifier: MIT
// Planning privileges (docs/autogenerate.md, "Privileges"): GRANT and REVOKE so that each object
// ends with the desired difference from its default ACL. An object created or recreated by the
// revision starts from its default; roles are never created.
#include "planner.hpp"

#include <migrate/util/strings.hpp>

#include <algorithm>

namespace migrate::autogen::detail {

namespace {

// "ON TABLE public.t" / "(c) ON TABLE public.t" / "ON FUNCTION public.f(integer)": what follows
// the privilege in GRANT and REVOKE. Views and sequences are granted on as TABLE and SEQUENCE.
std::string on_clause(const std::string& target) {
  if (target.starts_with("COLUMN ")) {
    const std::vector<std::string> parts = split_qualified(target.substr(7));
    return "(" + parts[2] + ") ON TABLE " + parts[0] + "." + parts[1];
  }
  if (target.starts_with("VIEW ")) {
    return "ON TABLE " + target.substr(5);
  }
  if (target.starts_with("MATERIALIZED VIEW ")) {
    return "ON TABLE " + target.substr(18);
  }
  return "ON " + target;
}

struct Entry {
  bool granted = true; // '+': a grant the default lacks; '-': a default one revoked
  std::string grantee;
  std::string privilege;
  bool grant_option = false;
};

Entry parse_entry(const std::string& text) {
  Entry entry;
  entry.granted = !text.starts_with("-");
  std::string rest = text.substr(1);
  constexpr std::string_view k_option = " WITH GRANT OPTION";
  if (rest.ends_with(k_option)) {
    entry.grant_option = true;
    rest.resize(rest.size() - k_option.size());
  }
  const std::size_t space = rest.rfind(' ');
  entry.grantee = rest.substr(0, space);
  entry.privilege = rest.substr(space + 1);
  return entry;
}

std::string grant(const Entry& entry, const std::string& on) {
  return "GRANT " + entry.privilege + " " + on + " TO " + entry.grantee
         + (entry.grant_option ? " WITH GRANT OPTION" : "");
}

std::string revoke(const Entry& entry, const std::string& on) {
  return "REVOKE " + entry.privilege + " " + on + " FROM " + entry.grantee;
}

} // namespace

void plan_privileges(Planner& planner) {
  std::set<std::string> targets;
  for (const auto& [target, entries] : planner.from.privileges) {
    targets.insert(target);
  }
  for (const auto& [target, entries] : planner.to.privileges) {
    targets.insert(target);
  }
  const std::vector<std::string> none;
  for (const std::string& target : targets) {
    if (!target_exists(planner.to, target)) {
      continue; // dropped with its object
    }
    const auto old = planner.from.privileges.find(target);
    const auto desired = planner.to.privileges.find(target);
    const std::vector<std::string>& before =
        old == planner.from.privileges.end() || target_recreated(planner, target) ? none
                                                                                  : old->second;
    const std::vector<std::string>& after =
        desired == planner.to.privileges.end() ? none : desired->second;
    const std::string on = on_clause(target);
    // Undo what should no longer be, then do what should: a grant option taken away is a
    // REVOKE of the whole privilege and a GRANT without it.
    for (const std::string& text : before) {
      if (std::find(after.begin(), after.end(), text) == after.end()) {
        const Entry entry = parse_entry(text);
        planner.add(comments, entry.granted ? revoke(entry, on) : grant(entry, on));
      }
    }
    for (const std::string& text : after) {
      if (std::find(before.begin(), before.end(), text) == before.end()) {
        const Entry entry = parse_entry(text);
        planner.add(comments, entry.granted ? grant(entry, on) : revoke(entry, on));
      }
    }
  }
}

} // namespace migrate::autogen::detail
