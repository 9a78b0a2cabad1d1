// A program built only from the installed headers and the pkg-config file.
#include <arango/arango.hpp>

#include <iostream>

int main() {
  arango::Json doc = arango::Json::object({{"installed", true}});
  if (!doc["installed"].as_bool()) return 1;
  if (arango::errno_::DOCUMENT_NOT_FOUND != 1202) return 1;
  std::cout << "arango-async " << arango::ArangoClient::version() << " " << ARANGO_ASYNC_VERSION << "\n";
  return arango::ArangoClient::version() == ARANGO_ASYNC_VERSION ? 0 : 1;
}
