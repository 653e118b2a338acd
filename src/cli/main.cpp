// SPDX-License-Identifier: MIT
// The migrate executable: everything lives in the libraries behind cli::run.
#include "app.hpp"

#include <iostream>

int main(int argc, char** argv) {
  return migrate::cli::run(argc, argv, std::cout, std::cerr);
}
