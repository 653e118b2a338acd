// SPDX-License-Identifier: MIT
// SHA-256 through OpenSSL's libcrypto, opened on first use like libpq (libpq_on_demand.cpp): a
// command that never hashes never loads it, and one that connected has it loaded already.
#include <migrate/db.hpp>
#include <migrate/error.hpp>

#include <dlfcn.h>
#include <openssl/evp.h>

#include <array>
#include <mutex>

namespace migrate::db {

namespace {

struct Crypto {
  decltype(&EVP_Digest) digest = nullptr;
  decltype(&EVP_sha256) sha256 = nullptr;
};

const Crypto& crypto() {
  static std::once_flag once;
  static Crypto loaded;
  std::call_once(once, [] {
    void* library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      return;
    }
    // The signatures come from openssl/evp.h: decltype checks them at compile time.
    loaded.digest = reinterpret_cast<decltype(&EVP_Digest)>(dlsym(library, "EVP_Digest"));
    loaded.sha256 = reinterpret_cast<decltype(&EVP_sha256)>(dlsym(library, "EVP_sha256"));
  });
  if (loaded.digest == nullptr || loaded.sha256 == nullptr) {
    throw DatabaseError("could not load libcrypto.so.3 (OpenSSL 3, which libpq also needs) for "
                        "the revisions' checksums");
  }
  return loaded;
}

} // namespace

std::string sha256_hex(std::string_view data) {
  const Crypto& library = crypto();
  std::array<unsigned char, 32> digest{};
  unsigned int size = 0;
  if (library.digest(data.data(), data.size(), digest.data(), &size, library.sha256(), nullptr) != 1
      || size != digest.size()) {
    throw DatabaseError("libcrypto could not compute a SHA-256 checksum");
  }
  std::string hex;
  for (const unsigned char byte : digest) {
    hex += "0123456789abcdef"[byte >> 4];
    hex += "0123456789abcdef"[byte & 0xF];
  }
  return hex;
}

} // namespace migrate::db
