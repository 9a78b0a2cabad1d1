// A program built only from the installed headers and library (pkg-config, CMake's find_package)
// or from arango-async as a Meson subproject: what a user's program does.
//   consumer [EXPECTED_BUILD_VERSION]
// Fails unless the library it runs with is the one its headers describe and, when given, was
// built from the sources the test expects (arango::build_version()).
#include <arango/arango.hpp>

#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
  arango::Json doc = arango::Json::object({{"installed", true}});
  if (!doc["installed"].as_bool()) return 1;
  if (arango::errno_::DOCUMENT_NOT_FOUND != 1202) return 1;
  std::cout << "arango-async " << arango::ArangoClient::version() << " (headers " << ARANGO_ASYNC_VERSION
            << ", build " << arango::build_version() << ")\n";
  if (arango::ArangoClient::version() != ARANGO_ASYNC_VERSION) {
    std::cerr << "the library's version is not the headers' version\n";
    return 1;
  }
  if (argc > 1 && arango::build_version() != std::string_view(argv[1])) {
    std::cerr << "build_version() is not the expected " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
