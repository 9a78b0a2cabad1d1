// What every program under docs/examples/ shares: where the server is (arango-emulator-run sets
// ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD), and expect(), which counts what is not as the
// guide says; main() returns failures == 0 ? 0 : 1. Not quoted by the guides.
#pragma once

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// The environment variable `name`, or `fallback` when it is unset or empty.
[[maybe_unused]] inline std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

/// The items of a comma-separated list (ARANGO_HOSTS: one URL per listener).
[[maybe_unused]] inline std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

/// How many expect() calls failed.
inline int failures = 0;

/// Counts (and names on stderr) a claim of the guide that did not hold.
[[maybe_unused]] inline void expect(bool ok, const char* what) {
  if (!ok) {
    std::cerr << "not as documented: " << what << "\n";
    ++failures;
  }
}

}  // namespace
