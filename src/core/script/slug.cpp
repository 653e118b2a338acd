// SPDX-License-Identifier: MIT
// Slugs of revision messages for file names, as Alembic's _rev_path computes them.
#include "utf8.hpp"

#include <migrate/script.hpp>

#include <locale.h>
#include <wctype.h>

namespace migrate::script {

namespace {

// Python's \w on str: letters, digits and '_' in all scripts. glibc's C.UTF-8 classifies the
// whole of Unicode, so we ask it without touching the process-wide locale.
locale_t unicode_ctype() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return locale;
}

bool is_word_char(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  const locale_t locale = unicode_ctype();
  if (locale == nullptr) {
    return true; // no Unicode tables: better to keep a letter than to drop it
  }
  return c != 0xFFFD && iswalnum_l(static_cast<wint_t>(c), locale) != 0;
}

char32_t lower(char32_t c) {
  if (c < 0x80) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
  const locale_t locale = unicode_ctype();
  if (locale == nullptr) {
    return c;
  }
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), locale));
}

} // namespace

std::string slugify(std::string_view message, int truncate_slug_length) {
  const std::size_t limit =
      truncate_slug_length > 0 ? static_cast<std::size_t>(truncate_slug_length) : 40;
  std::u32string slug;
  bool in_word = false;
  for (char32_t c : utf8::decode(message)) {
    if (!is_word_char(c)) {
      in_word = false;
      continue;
    }
    if (!in_word && !slug.empty()) {
      slug += U'_';
    }
    in_word = true;
    slug += lower(c);
  }
  if (slug.size() > limit) {
    // slug[:N].rsplit("_", 1)[0] + "_": cut at the last '_' of the first N characters.
    std::u32string head = slug.substr(0, limit);
    const std::size_t underscore = head.rfind(U'_');
    if (underscore != std::u32string::npos) {
      head.resize(underscore);
    }
    slug = head + U'_';
  }
  return utf8::encode(slug);
}

} // namespace migrate::script
