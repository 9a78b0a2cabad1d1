// The index a SEARCH reads: each document of a view's linked collections as
// its link (arangosearch: IResearchLinkMeta, FieldIterator) or its inverted
// index (search-alias) indexes it, with the field statistics IResearch's
// scorers use (documents with the field, tokens of the field).
//
// Field names follow arangod: "a.b" for nested attributes, "a[2]" for list
// positions when trackListPositions is set ("a" otherwise). A string value is
// indexed once per analyzer of its level (its tokens, in order), numbers,
// booleans and null once each whatever the analyzers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "aql/value.hpp"
#include "search/analyzers.hpp"

namespace emu {
class Database;
class DocPtr;
}

namespace emu::aql {

// "path\x01analyzer": the key of a string field (analyzer: its full name).
std::string string_field(std::string const& path, std::string const& analyzer);

struct IndexedDoc {
  Value doc;
  std::string collection;
  // string fields: key -> the token lists of its values (one list per value)
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> strings;
  std::unordered_map<std::string, std::vector<double>> numbers;  // path -> values
  std::unordered_map<std::string, std::vector<bool>> bools;
  std::unordered_map<std::string, std::size_t> nulls;
  // path -> whether a string value was indexed there (any analyzer)
  std::unordered_map<std::string, bool> string_paths;
  // path -> the shapes a geo analyzer (geojson, geopoint, geo_s2) indexed there, as GeoJSON
  std::unordered_map<std::string, std::vector<Value>> geo;
};

struct FieldStats {
  std::uint64_t docs_with_field = 0;
  std::uint64_t total_terms = 0;
};

struct ViewIndex {
  bool search_alias = false;
  std::vector<IndexedDoc> docs;  // link order, then storage order
  std::unordered_map<std::string, FieldStats> stats;  // string field key -> stats
  std::map<std::string, search::AnalyzerDef> analyzers;  // full name -> definition
  // search-alias: the analyzer of a field path (inverted index definitions)
  std::map<std::string, std::string> alias_analyzer;
  std::string alias_default_analyzer = "identity";
  // The term dictionary of string field `key`: each term with the number of
  // documents holding it, in byte order as iresearch's term dictionary is
  // (computed on demand, once per field).
  using Dictionary = std::map<std::string, std::uint64_t>;
  Dictionary const& dictionary(std::string const& key);
  // documents containing term `t` in field `key`
  std::uint64_t docs_with_term(std::string const& key, std::string const& term);

 private:
  std::unordered_map<std::string, Dictionary> dictionaries_;
};

// Reads the view `name` of `db` and indexes the documents its links (or
// inverted indexes) committed last, of the linked collections named in `only`
// (all when empty); `wait_for_sync` (SEARCH OPTIONS waitForSync) commits them
// first (search/commit.hpp). nullptr when the view is unknown. Throws
// QueryError past a bound.
std::shared_ptr<ViewIndex> build_view_index(std::shared_ptr<Database> const& db, std::string const& name,
                                            std::vector<std::string> const& only, bool wait_for_sync);

// What FOR over a view without SEARCH reads: each link's committed documents (as
// SEARCH reads them, without committing first), in link order. nullopt when the
// view is unknown.
struct CommittedLink {
  std::string collection;
  std::shared_ptr<std::vector<DocPtr> const> docs;
};
std::optional<std::vector<CommittedLink>> committed_view_documents(std::shared_ptr<Database> const& db,
                                                                   std::string const& name);

}  // namespace emu::aql
