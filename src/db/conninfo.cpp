// SPDX-License-Identifier: MIT
// Connection strings in libpq's messages.
#include "conninfo.hpp"

#include <migrate/config.hpp>
#include <migrate/util/strings.hpp>

namespace migrate::db {

std::string hide_conninfo(std::string message, std::string_view conninfo) {
  if (conninfo.empty()) {
    return message;
  }
  const std::string masked = config::mask_password(conninfo);
  for (std::size_t at = message.find(conninfo); at != std::string::npos;
       at = message.find(conninfo, at + masked.size())) {
    message.replace(at, conninfo.size(), masked);
  }
  return message;
}

std::string first_line(std::string_view message) {
  return std::string(util::trim(message.substr(0, message.find('\n'))));
}

} // namespace migrate::db
