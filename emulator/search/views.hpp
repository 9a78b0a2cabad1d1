// Views of arangod 3.12 (single server): `arangosearch` views with their
// IResearchViewMeta properties and per-collection links (IResearchLinkMeta),
// and `search-alias` views over inverted indexes (SearchAliasView).
//
// A Database holds its views by name (Database::views), guarded by the
// database's mutex like its collections; a view and a collection never share
// a name. Links and alias entries point at collections by id, so a renamed
// collection shows its new name and a dropped one takes its links along
// (drop_collection_from_views).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace emu {

class Collection;
class Database;
class JsonWriter;
namespace search {
class LinkCommit;  // search/commit.hpp
}

// IResearchLinkMeta of one level (the link itself or one of its fields):
// what is not given is inherited from the level above.
struct LinkFieldMeta {
  std::vector<std::string> analyzers{"identity"};
  std::map<std::string, LinkFieldMeta> fields;
  bool include_all_fields = false;
  bool track_list_positions = false;
  std::string store_values = "none";

  bool operator==(LinkFieldMeta const& o) const {
    return analyzers == o.analyzers && fields == o.fields &&
           include_all_fields == o.include_all_fields &&
           track_list_positions == o.track_list_positions && store_values == o.store_values;
  }
};

// IResearchViewMeta: the view-level properties. The consolidation policy,
// primarySort, storedValues and optimizeTopK are kept as their normalised
// JSON text.
struct ArangoSearchMeta {
  std::uint64_t cleanup_interval_step = 2;
  std::uint64_t commit_interval_msec = 1000;
  std::uint64_t consolidation_interval_msec = 5000;
  std::string consolidation_policy =
      R"({"type":"tier","segmentsBytesMax":8589934592,"maxSkewThreshold":0.4,"minDeletionRatio":0.5})";
  std::uint64_t writebuffer_active = 0;
  std::uint64_t writebuffer_idle = 64;
  std::uint64_t writebuffer_size_max = 33554432;
  std::string primary_sort = "[]";
  std::string primary_sort_compression = "lz4";
  std::string stored_values = "[]";
  std::string optimize_top_k = "[]";
};

// A search-alias entry: an inverted index of a collection.
struct AliasIndex {
  std::uint64_t collection_id = 0;
  std::uint64_t index_id = 0;
};

class View {
 public:
  std::uint64_t id = 0;
  std::string name;
  std::string globally_unique_id;
  bool search_alias = false;

  ArangoSearchMeta meta;                          // arangosearch
  std::map<std::uint64_t, LinkFieldMeta> links;   // arangosearch, by collection id
  std::vector<AliasIndex> indexes;                // search-alias, in insertion order
  // arangosearch: what SEARCH sees of each linked collection (search/commit.hpp), one per
  // link, made with the link and dropped with it; a changed link definition starts anew.
  std::map<std::uint64_t, std::shared_ptr<search::LinkCommit>> commits;

  std::string_view type() const noexcept { return search_alias ? "search-alias" : "arangosearch"; }
};

// Bounds on client input.
inline constexpr int kMaxLinkFieldDepth = 32;        // nesting of `fields`
inline constexpr std::size_t kMaxViewLinks = 4096;   // links / alias indexes per view
inline constexpr std::size_t kMaxViewsPerDatabase = 100000;

// Outcome of a view operation: errorNum (0: ok), HTTP status and message
// (empty: the errors.tsv text).
struct ViewResult {
  int error = 0;
  int status = 0;
  std::string message;
  bool ok() const noexcept { return error == 0; }
};

// Whether a link may name the analyzer: one the registry (search/analyzers.hpp)
// finds from `db` (built-ins, the database's own, _system's).
bool analyzer_known(Database const& db, std::string_view name);
// Whether a view of `db` links the analyzer `full_name` ("<db>::<name>"); the
// analyzer API's use check (DELETE without force: 409 / 1200). Takes db.mutex.
bool views_use_analyzer(Database const& db, std::string_view full_name);

// ----- operations; the caller holds db.mutex exclusively ---------------------

// POST /_api/view: a new view from `body` (name and type already checked to
// be strings). Validates everything before registering anything.
ViewResult create_view_locked(Database& db, rapidjson::Value const& body, std::uint64_t id,
                              std::string const& guid_prefix, std::shared_ptr<View>& out);
// PUT (partial = false) / PATCH (partial = true) /_api/view/<v>/properties.
ViewResult update_view_locked(Database& db, View& view, rapidjson::Value const& body, bool partial);
// PUT /_api/view/<v>/rename.
ViewResult rename_view_locked(Database& db, std::shared_ptr<View> const& view,
                              std::string const& new_name);
// Collection drop: its links and alias entries leave every view.
void drop_collection_from_views_locked(Database& db, std::uint64_t collection_id);

// By name or numeric id; nullptr when unknown. Caller holds db.mutex.
std::shared_ptr<View> find_view_locked(Database const& db, std::string_view name_or_id);

// ----- representations; the caller holds db.mutex (shared is enough) -------

// {globallyUniqueId, id, name, type} (GET /_api/view and /_api/view/<v>).
void write_view_summary(JsonWriter& w, View const& v);
// The Properties serialisation: POST, PUT, PATCH and rename answers.
void write_view_properties(JsonWriter& w, Database const& db, View const& v);
// GET /_api/view/<v>/properties: the same keys, in the order a 3.12 server
// sends them after {error, code}.
void write_view_properties_get(JsonWriter& w, Database const& db, View const& v);


}  // namespace emu
