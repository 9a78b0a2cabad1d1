// ArangoSearch analyzers (arangod's IResearchAnalyzerFeature): the built-in
// ones (identity, text_de ... text_zh), user analyzers stored per database
// with _system's visible from every database, their normalised definitions
// (what /_api/analyzer reports) and their tokens (what TOKENS() and a view's
// index see).
//
// Names. A built-in analyzer is named without a prefix ("identity",
// "text_en"); a user analyzer's full name is "<database>::<name>". From a
// database `db` a name is resolved as arangod's normalize() does: "name" is a
// built-in if one has that name, else "db::name"; "::name" is "_system::name";
// "db::name" is itself. Only the current database's and _system's analyzers
// are reachable.
//
// Locking: each database's registry has its own mutex; no function here takes
// a Database's or the Store's lock, so callers may hold them.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "aql/value.hpp"

namespace emu {
class Database;
}

namespace emu::search {

// An analyzer's definition as arangod reports it (AnalyzerPool::toVelocyPack).
struct AnalyzerDef {
  std::string name;        // "identity", "text_en" (built-in) or "<db>::<name>"
  std::string type;        // "identity", "text", "delimiter", "ngram", "pipeline" ...
  std::string properties;  // compact JSON object, normalised: defaults filled in, arangod's key order
  std::vector<std::string> features;  // arangod's order: frequency, position, offset, norm
  bool builtin() const noexcept { return name.find("::") == std::string::npos; }
};

// A misuse of an analyzer (bad input type, a bound passed): errorNum and the
// message arangod gives.
class AnalyzerError : public std::runtime_error {
 public:
  AnalyzerError(int code, std::string message)
      : std::runtime_error(message), code_(code), message_(std::move(message)) {}
  int code() const noexcept { return code_; }
  std::string const& message() const noexcept { return message_; }

 private:
  int code_;
  std::string message_;
};

// The user analyzers of one database (each Database holds one, made by
// new_registry(); its contents are private to analyzers.cpp).
class AnalyzerRegistry;
std::shared_ptr<AnalyzerRegistry> new_registry();

// --- names ---------------------------------------------------------------

// The full name of `name` as given in `database` (see above); a built-in's
// name stays bare.
std::string normalize_name(std::string_view database, std::string_view name);
// The name as arangod shows it inside `database` (a view link's analyzers):
// built-ins bare, the database's own without prefix, _system's as "::name".
std::string short_name(std::string_view database, std::string_view full_name);

// --- lookup --------------------------------------------------------------

// The analyzer `name` (any form above) visible from `db`, or nullopt (unknown,
// or in a database other than db and _system).
std::optional<AnalyzerDef> find_analyzer(Database const& db, std::string_view name);
// AnalyzerPool::toVelocyPack: {"name","type","properties","features"}.
std::string definition_json(AnalyzerDef const& analyzer);
// GET /_api/analyzer: the built-ins (in 3.12's order), db's, then _system's
// when db is not _system.
std::vector<AnalyzerDef> list_analyzers(Database const& db);

// --- tokens --------------------------------------------------------------

// The tokens of a string under the analyzer, as a view indexes it and
// TOKENS() reports it. Throws AnalyzerError when the analyzer cannot take the
// input (a geo analyzer given a non-JSON string, a bound passed). `db` is the
// database a pipeline's or aql analyzer's parts are resolved in.
std::vector<std::string> tokens(AnalyzerDef const& analyzer, std::string_view text);

// TOKENS() of one input that is not an array (arangod's aqlFnTokens): a
// string gives the analyzer's tokens (for an aql analyzer returning numbers
// or booleans, one array of base64 terms per value); a number its iresearch
// numeric terms, a boolean or null its term, base64-encoded, whatever the
// analyzer; an object is taken by geo analyzers only: a point (geopoint's
// latitude / longitude attributes, a GeoJSON Point) gives its S2 cells' tokens
// from minLevel to maxLevel, one the analyzer cannot read is 4, another
// geometry (its S2 covering) and geo_s2 are 9. Throws AnalyzerError.
aql::Value tokens_value(AnalyzerDef const& analyzer, aql::Value const& input);

// StandaloneCalculation::validateQuery for an aql analyzer's queryString: it
// parses with @param as its only bind parameter and has no data access,
// modification, traversal, COLLECT / WINDOW, user (V8) function or function
// arangod does not run in analyzers.
bool aql_query_allowed(std::string_view query);

// --- views' uses ----------------------------------------------------------

// Whether a view of `db` links the analyzer `full_name` (DELETE without force
// answers 409 / 1200 then). The views code sets it once; unset, nothing is in
// use.
using UseCheck = std::function<bool(Database const& db, std::string_view full_name)>;
void set_use_check(UseCheck check);

// --- changes (the /_api/analyzer handler) ---------------------------------

struct Outcome {
  int error = 0;        // errorNum, 0 on success
  std::string message;  // arangod's message (empty: errors.tsv text)
  bool ok() const noexcept { return error == 0; }
};

struct CreateOutcome : Outcome {
  AnalyzerDef def;       // the stored definition (the existing one for an identical request)
  bool created = false;  // false: an identical analyzer already existed (200, not 201)
};

// IResearchAnalyzerFeature::emplace: validates the type and properties,
// normalises them, checks the features, and stores the analyzer as
// "<db>::<name>" (`name` is the part after any "db::"). An existing analyzer
// of that name with the same definition is returned, a different one is an
// error (400 / 10).
CreateOutcome create_analyzer(Database& db, std::string_view name, std::string_view type,
                              rapidjson::Value const* properties,
                              std::vector<std::string> const& features);

// IResearchAnalyzerFeature::remove of "<db>::<name>": 404 / 1202 when unknown,
// 409 / 1200 while a view uses it (unless force), 403 / 11 for a built-in.
Outcome remove_analyzer(Database& db, std::string_view name, bool force);

// Bounds on client input.
inline constexpr std::size_t kMaxPropertiesSize = 1024 * 1024;  // arangod's
inline constexpr std::size_t kMaxAnalyzersPerDatabase = 10000;
inline constexpr std::size_t kMaxTokenInput = 16 * 1024 * 1024;  // bytes analysed at once
inline constexpr std::size_t kMaxTokens = 1000000;               // tokens of one input
inline constexpr int kMaxPipelineDepth = 16;

}  // namespace emu::search
