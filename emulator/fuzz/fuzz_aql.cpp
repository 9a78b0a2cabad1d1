// libFuzzer target: bytes as AQL query text. Parses it (collections not resolved, bind
// parameters not checked); when it parses and looks cheap to run (no loops: this target hunts
// crashes, not slow queries), runs it through the query service against the _system database
// of an in-process emulator, with a memoryLimit of 32 MB and a maxRuntime of 2 s (so functions
// whose results grow by a product of their inputs must fail with error 32, not run out of
// memory), and serialises the results.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "app.hpp"
#include "aql/error.hpp"
#include "aql/parser.hpp"
#include "aql/service.hpp"
#include "options.hpp"

namespace {

emu::App& app() {
  static std::unique_ptr<emu::App> instance = [] {
    emu::Options opts;
    opts.authentication = false;
    opts.ttl_interval_ms = 3600000;
    return std::make_unique<emu::App>(opts);
  }();
  return *instance;
}

bool cheap(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  // REPEAT and RANGE run: the queries get a memory limit and a runtime (below), which every
  // result a function builds is checked against (error 32, error 1500)
  static constexpr std::array<std::string_view, 10> kCostly{
      "..", "FOR", "SLEEP", "RANDOM_TOKEN", "PAD", "APPLY", "CALL",
      "PERMUTATION", "INTERLEAVE", "WINDOW"};
  return std::none_of(kCostly.begin(), kCostly.end(),
                      [&](std::string_view w) { return upper.find(w) != std::string::npos; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  emu::aql::ParseOptions opts;
  opts.check_bind_vars = false;
  opts.resolve_collections = false;
  try {
    auto q = emu::aql::parse_query(text, opts);
    (void)q;
  } catch (emu::aql::QueryError const& e) {
    if (e.code() <= 0) __builtin_trap();  // a typed error carries an ArangoDB errorNum
    return 0;
  }
  if (!cheap(text)) return 0;
  emu::aql::QueryRequest req;
  req.query = std::string(text);
  req.database = "_system";
  req.db = app().store().find_database("_system");
  req.memory_limit = 32ULL << 20;
  emu::aql::Value::parse(R"({"maxRuntime": 2})", req.options);
  try {
    auto out = emu::aql::AqlService::instance().run(req);
    for (auto const& v : out.results) (void)v.json();
  } catch (emu::aql::QueryError const& e) {
    if (e.code() <= 0) __builtin_trap();
  } catch (std::exception const&) {
    // other typed failures end the query as the HTTP layer answers them (500)
  }
  return 0;
}
