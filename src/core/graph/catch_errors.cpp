// SPDX-License-Identifier: MIT
// The CLI texts of graph errors (Alembic's _catch_revision_errors).
#include "catch_errors.hpp"

#include "traverse.hpp"

namespace migrate::graph {

std::string multiple_heads_message(std::string_view argument) {
  const std::string head_arg(argument);
  return "Multiple head revisions are present for given argument '" + head_arg
         + "'; please specify a specific target revision, '<branchname>@" + head_arg
         + "' to narrow to a specific head, or 'heads' for all heads";
}

} // namespace migrate::graph

namespace migrate::graph::detail {

namespace {

// Python's "%(key)s" % {...} for the few keys these templates use.
std::string substitute(std::string text, const std::string& key, const std::string& value) {
  const std::string token = "%(" + key + ")s";
  for (auto at = text.find(token); at != std::string::npos;
       at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
  return text;
}

} // namespace

void rethrow_as_command_error(const CatchTexts& texts) {
  try {
    throw;
  } catch (const RangeNotAncestorError& error) {
    const auto* range = dynamic_cast<const RangeError*>(&error);
    const std::string start = texts.start.value_or(range ? range->lower() : "base");
    const std::string end = texts.end.value_or(range ? range->upper() : "base");
    std::string text = texts.ancestor.empty()
                           ? "Requested range %(start)s:%(end)s does not refer to "
                             "ancestor/descendant revisions along the same branch"
                           : texts.ancestor;
    throw CommandError(substitute(substitute(text, "start", start), "end", end));
  } catch (const MultipleHeads& error) {
    const std::string head_arg = texts.end && !texts.end->empty() ? *texts.end : error.argument();
    throw CommandError(texts.multiple_heads.empty()
                           ? multiple_heads_message(head_arg)
                           : substitute(texts.multiple_heads, "head_arg", head_arg));
  } catch (const ResolutionError& error) {
    throw CommandError("Can't locate revision identified by '" + error.argument() + "'");
  } catch (const RevisionError& error) {
    throw CommandError(error.what());
  }
}

} // namespace migrate::graph::detail
