// Credentials (the seed's arangoasync.auth).
#pragma once

#include <string>

namespace arango {
inline namespace v1 {

/// Username and password for HTTP Basic authentication. With an empty username, `password`
/// may be an ArangoDB 3.12 access token.
struct Auth {
  std::string username{};
  std::string password{};
  std::string encoding = "utf-8";  ///< only "utf-8" is supported (the seed's default)
};

}  // namespace v1
}  // namespace arango
