// Views: the property parsing of IResearchViewMeta / IResearchLinkMeta /
// SearchAliasView, the link validation of IResearchLinkHelper::validateLinks
// and the serialisations of a 3.12 single server.
#include "search/views.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <mutex>
#include <set>
#include <shared_mutex>

#include "errors.hpp"
#include "json.hpp"
#include "names.hpp"
#include "search/analyzers.hpp"
#include "search/commit.hpp"
#include "store.hpp"

namespace emu {
namespace {

std::string_view sv(rapidjson::Value const& v) { return {v.GetString(), v.GetStringLength()}; }

// VelocyPack getNumber<size_t>: a non-negative number (fractions truncated).
bool get_size(rapidjson::Value const& v, std::uint64_t& out) {
  if (v.IsUint64()) {
    out = v.GetUint64();
    return true;
  }
  if (v.IsDouble() && v.GetDouble() >= 0 && v.GetDouble() < 1.8e19) {
    out = static_cast<std::uint64_t>(v.GetDouble());
    return true;
  }
  return false;
}

bool get_unit_double(rapidjson::Value const& v, double& out) {
  if (!v.IsNumber()) return false;
  out = v.GetDouble();
  return out >= 0.0 && out <= 1.0;
}

std::shared_ptr<Collection> collection_by_id(Database const& db, std::uint64_t id) {
  for (auto const& [name, c] : db.collections) {
    if (c->id == id) return c;
  }
  return nullptr;
}

// ----- IResearchViewMeta -----------------------------------------------------

// consolidationPolicy: tier (3.12.7+: segmentsBytesMax, maxSkewThreshold,
// minDeletionRatio) or bytes_accum (threshold). `error` gets the field.
bool parse_consolidation(rapidjson::Value const& v, std::string& out, std::string& error) {
  std::string const base = "consolidationPolicy";
  if (!v.IsObject()) {
    error = base;
    return false;
  }
  auto const* type = member(v, "type");
  if (type == nullptr || !type->IsString()) {
    error = base + ".type";
    return false;
  }
  JsonWriter w;
  if (sv(*type) == "tier") {
    std::uint64_t bytes_max = 8589934592ULL;
    double skew = 0.4, deletion = 0.5;
    for (char const* legacy : {"segmentsBytesFloor", "segmentsMax", "segmentsMin"}) {
      std::uint64_t ignored = 0;
      if (auto const* f = member(v, legacy); f != nullptr && !get_size(*f, ignored)) {
        error = base + "." + legacy;
        return false;
      }
    }
    if (auto const* f = member(v, "minScore"); f != nullptr && !f->IsNumber()) {
      error = base + ".minScore";
      return false;
    }
    if (auto const* f = member(v, "segmentsBytesMax"); f != nullptr && !get_size(*f, bytes_max)) {
      error = base + ".segmentsBytesMax";
      return false;
    }
    if (auto const* f = member(v, "maxSkewThreshold"); f != nullptr && !get_unit_double(*f, skew)) {
      error = base + ".maxSkewThreshold";
      return false;
    }
    if (auto const* f = member(v, "minDeletionRatio"); f != nullptr && !get_unit_double(*f, deletion)) {
      error = base + ".minDeletionRatio";
      return false;
    }
    w.begin_object()
        .kv("type", "tier")
        .kv("segmentsBytesMax", bytes_max)
        .kv("maxSkewThreshold", skew)
        .kv("minDeletionRatio", deletion)
        .end_object();
  } else if (sv(*type) == "bytes_accum") {
    double threshold = 0;
    if (auto const* f = member(v, "threshold"); f != nullptr && !get_unit_double(*f, threshold)) {
      error = base + ".threshold";
      return false;
    }
    w.begin_object().kv("type", "bytes_accum").kv("threshold", threshold).end_object();
  } else {
    error = base + ".type";
    return false;
  }
  out = w.str();
  return true;
}

bool valid_attribute_path(std::string_view p) {
  if (p.empty()) return false;
  for (std::size_t start = 0;;) {
    auto dot = p.find('.', start);
    if ((dot == std::string_view::npos ? p.size() : dot) == start) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// primarySort: [{field, direction: asc|desc} | {field, asc: bool}] ->
// [{"field":..,"asc":..}].
bool parse_primary_sort(rapidjson::Value const& v, std::string& out, std::string& error) {
  if (!v.IsArray()) {
    error = "primarySort";
    return false;
  }
  JsonWriter w;
  w.begin_array();
  rapidjson::SizeType i = 0;
  for (auto const& e : v.GetArray()) {
    std::string const at = "primarySort[" + std::to_string(i++) + "]";
    if (!e.IsObject()) {
      error = at;
      return false;
    }
    auto const* field = member(e, "field");
    if (field == nullptr || !field->IsString() || !valid_attribute_path(sv(*field))) {
      error = at + ".field";
      return false;
    }
    bool asc = true;
    if (auto const* d = member(e, "direction"); d != nullptr && d->IsString()) {
      std::string dir(sv(*d));
      std::transform(dir.begin(), dir.end(), dir.begin(), [](unsigned char c) { return std::tolower(c); });
      if (dir != "asc" && dir != "desc") {
        error = at + ".direction";
        return false;
      }
      asc = dir == "asc";
    } else if (auto const* a = member(e, "asc"); a != nullptr && a->IsBool()) {
      asc = a->GetBool();
    } else {
      error = at + ".direction";
      return false;
    }
    w.begin_object().kv("field", sv(*field)).kv("asc", asc).end_object();
  }
  w.end_array();
  out = w.str();
  return true;
}

// storedValues: strings, arrays of strings or {fields, compression} objects,
// each a column -> [{"fields":[..],"compression":..}], duplicates dropped.
bool parse_stored_values(rapidjson::Value const& v, std::string& out, std::string& error) {
  if (!v.IsArray()) {
    error = "storedValues";
    return false;
  }
  std::set<std::vector<std::string>> seen;
  JsonWriter w;
  w.begin_array();
  rapidjson::SizeType i = 0;
  for (auto const& e : v.GetArray()) {
    std::string const at = "storedValues[" + std::to_string(i++) + "]";
    std::vector<std::string> fields;
    std::string compression = "lz4";
    auto add_fields = [&](rapidjson::Value const& arr) {
      for (auto const& f : arr.GetArray()) {
        if (!f.IsString() || !valid_attribute_path(sv(f))) return false;
        std::string name(sv(f));
        if (std::find(fields.begin(), fields.end(), name) == fields.end()) fields.push_back(name);
      }
      return true;
    };
    if (e.IsString()) {
      if (!valid_attribute_path(sv(e))) {
        error = at;
        return false;
      }
      fields.emplace_back(sv(e));
    } else if (e.IsArray()) {
      if (!add_fields(e)) {
        error = at;
        return false;
      }
    } else if (e.IsObject()) {
      auto const* f = member(e, "fields");
      if (f == nullptr || !f->IsArray() || !add_fields(*f)) {
        error = at + ".fields";
        return false;
      }
      if (auto const* c = member(e, "compression")) {
        if (!c->IsString() || (sv(*c) != "lz4" && sv(*c) != "none")) {
          error = at + ".compression";
          return false;
        }
        compression = std::string(sv(*c));
      }
      if (auto const* c = member(e, "cache"); c != nullptr && !c->IsBool()) {
        error = at + ".cache";
        return false;
      }
    } else {
      error = at;
      return false;
    }
    if (fields.empty() || !seen.insert(fields).second) continue;
    w.begin_object().key("fields").begin_array();
    for (auto const& f : fields) w.string(f);
    w.end_array().kv("compression", compression).end_object();
  }
  w.end_array();
  out = w.str();
  return true;
}

bool parse_optimize_top_k(rapidjson::Value const& v, std::string& out, std::string& error) {
  if (!v.IsArray() || v.Size() > 64) {
    error = "optimizeTopK";
    return false;
  }
  JsonWriter w;
  w.begin_array();
  for (auto const& e : v.GetArray()) {
    if (!e.IsString()) {
      error = "optimizeTopK";
      return false;
    }
    w.string(sv(e));
  }
  w.end_array();
  out = w.str();
  return true;
}

// IResearchViewMeta::init over `defaults`: every property is validated; the
// caller decides which of them it takes over (an update: the mutable ones).
bool parse_view_meta(rapidjson::Value const& body, ArangoSearchMeta const& defaults,
                     ArangoSearchMeta& out, std::string& error) {
  ArangoSearchMeta m = defaults;
  struct SizeField {
    char const* name;
    std::uint64_t ArangoSearchMeta::*field;
  };
  static constexpr std::array<SizeField, 6> kSizes{{
      {"cleanupIntervalStep", &ArangoSearchMeta::cleanup_interval_step},
      {"commitIntervalMsec", &ArangoSearchMeta::commit_interval_msec},
      {"consolidationIntervalMsec", &ArangoSearchMeta::consolidation_interval_msec},
      {"writebufferActive", &ArangoSearchMeta::writebuffer_active},
      {"writebufferIdle", &ArangoSearchMeta::writebuffer_idle},
      {"writebufferSizeMax", &ArangoSearchMeta::writebuffer_size_max},
  }};
  std::uint64_t version = 0;
  if (auto const* f = member(body, "version"); f != nullptr && !get_size(*f, version)) {
    error = "version";
    return false;
  }
  for (auto const& s : kSizes) {
    if (auto const* f = member(body, s.name); f != nullptr && !get_size(*f, m.*(s.field))) {
      error = s.name;
      return false;
    }
  }
  if (auto const* f = member(body, "consolidationPolicy");
      f != nullptr && !parse_consolidation(*f, m.consolidation_policy, error)) {
    return false;
  }
  if (auto const* f = member(body, "primarySort"); f != nullptr && !parse_primary_sort(*f, m.primary_sort, error)) {
    return false;
  }
  if (auto const* f = member(body, "storedValues"); f != nullptr && !parse_stored_values(*f, m.stored_values, error)) {
    return false;
  }
  if (auto const* f = member(body, "primarySortCompression")) {
    if (!f->IsString() || (sv(*f) != "lz4" && sv(*f) != "none")) {
      error = "primarySortCompression";
      return false;
    }
    m.primary_sort_compression = std::string(sv(*f));
  }
  if (auto const* f = member(body, "optimizeTopK"); f != nullptr && !parse_optimize_top_k(*f, m.optimize_top_k, error)) {
    return false;
  }
  for (char const* flag : {"primarySortCache", "primaryKeyCache"}) {
    if (auto const* f = member(body, flag); f != nullptr && !f->IsBool()) {
      error = flag;
      return false;
    }
  }
  out = std::move(m);
  return true;
}

// ----- IResearchLinkMeta -----------------------------------------------------

// The name a link reports: built-ins bare, the database's own without prefix,
// _system's as "::name" (arangod's short analyzer names).
std::string normalize_analyzer(Database const& db, std::string_view name) {
  auto def = search::find_analyzer(db, name);
  return def ? search::short_name(db.name, def->name) : std::string(name);
}

bool level_uses(Database const& db, LinkFieldMeta const& m, std::string_view full_name) {
  for (auto const& a : m.analyzers) {
    if (search::normalize_name(db.name, a) == full_name) return true;
  }
  for (auto const& [name, sub] : m.fields) {
    if (level_uses(db, sub, full_name)) return true;
  }
  return false;
}

// One level of a link definition over the values inherited from `parent`.
bool parse_link_level(Database const& db, rapidjson::Value const& v, LinkFieldMeta const& parent,
                      LinkFieldMeta& out, std::string& error, int depth) {
  if (!v.IsObject()) return false;
  out = parent;
  out.fields.clear();
  if (auto const* a = member(v, "analyzers")) {
    if (!a->IsArray()) {
      error = "analyzers";
      return false;
    }
    out.analyzers.clear();
    for (auto const& e : a->GetArray()) {
      if (!e.IsString()) {
        error = "analyzers";
        return false;
      }
      if (!analyzer_known(db, sv(e))) {
        error = "analyzers." + std::string(sv(e));
        return false;
      }
      auto name = normalize_analyzer(db, sv(e));
      if (std::find(out.analyzers.begin(), out.analyzers.end(), name) == out.analyzers.end()) {
        out.analyzers.push_back(std::move(name));
      }
    }
  }
  if (auto const* f = member(v, "includeAllFields")) {
    if (!f->IsBool()) {
      error = "includeAllFields";
      return false;
    }
    out.include_all_fields = f->GetBool();
  }
  if (auto const* f = member(v, "trackListPositions")) {
    if (!f->IsBool()) {
      error = "trackListPositions";
      return false;
    }
    out.track_list_positions = f->GetBool();
  }
  if (auto const* f = member(v, "storeValues")) {
    if (!f->IsString() || (sv(*f) != "none" && sv(*f) != "id")) {
      error = "storeValues";
      return false;
    }
    out.store_values = std::string(sv(*f));
  }
  if (auto const* f = member(v, "fields")) {
    if (!f->IsObject()) {
      error = "fields";
      return false;
    }
    for (auto const& m : f->GetObject()) {
      std::string const key(m.name.GetString(), m.name.GetStringLength());
      if (depth >= kMaxLinkFieldDepth) {
        error = "fields." + key + " (nesting deeper than " + std::to_string(kMaxLinkFieldDepth) + ")";
        return false;
      }
      LinkFieldMeta child;
      std::string sub;
      if (!parse_link_level(db, m.value, out, child, sub, depth + 1)) {
        error = "fields." + key + (sub.empty() ? "" : "." + sub);
        return false;
      }
      out.fields[key] = std::move(child);
    }
  }
  return true;
}

// A field level reports what differs from its parent; the link level all.
void write_link_level(JsonWriter& w, LinkFieldMeta const& m, LinkFieldMeta const* parent) {
  w.begin_object();
  if (parent == nullptr || m.analyzers != parent->analyzers) {
    w.key("analyzers").begin_array();
    for (auto const& a : m.analyzers) w.string(a);
    w.end_array();
  }
  if (parent == nullptr || !m.fields.empty()) {
    w.key("fields").begin_object();
    for (auto const& [name, sub] : m.fields) {
      w.key(name);
      write_link_level(w, sub, &m);
    }
    w.end_object();
  }
  if (parent == nullptr || m.include_all_fields != parent->include_all_fields) {
    w.kv("includeAllFields", m.include_all_fields);
  }
  if (parent == nullptr || m.store_values != parent->store_values) w.kv("storeValues", m.store_values);
  if (parent == nullptr || m.track_list_positions != parent->track_list_positions) {
    w.kv("trackListPositions", m.track_list_positions);
  }
  w.end_object();
}

// IResearchLinkHelper::validateLinks plus the link metas: collection id ->
// meta (nullopt: remove the link).
struct LinkChanges {
  std::vector<std::pair<std::uint64_t, std::optional<LinkFieldMeta>>> changes;
};

ViewResult parse_links(Database const& db, rapidjson::Value const& links, LinkChanges& out) {
  std::string const prefix = "while validating arangosearch link definition, error: ";
  if (!links.IsObject()) {
    return {err::kBadParameter, 400, prefix + "definition is not an object"};
  }
  if (links.MemberCount() > kMaxViewLinks) {
    return {err::kBadParameter, 400,
            prefix + "more than " + std::to_string(kMaxViewLinks) + " links in one definition"};
  }
  for (auto const& m : links.GetObject()) {
    std::string const cname(m.name.GetString(), m.name.GetStringLength());
    auto c = db.find_collection_locked(cname);
    if (!c) return {err::kArangoDataSourceNotFound, 404, prefix + "collection '" + cname + "' not found"};
    if (m.value.IsNull()) {
      out.changes.emplace_back(c->id, std::nullopt);
      continue;
    }
    LinkFieldMeta meta;
    std::string error;
    if (!parse_link_level(db, m.value, LinkFieldMeta{}, meta, error, 0)) {
      return {err::kBadParameter, 400,
              error.empty() ? prefix + "invalid link definition for collection '" + cname + "': " + to_json(m.value)
                            : prefix + "invalid link definition for collection '" + cname +
                                  "' error in attribute: " + error};
    }
    out.changes.emplace_back(c->id, std::move(meta));
  }
  return {};
}

// ----- search-alias ------------------------------------------------------------

struct AliasChange {
  AliasIndex index;
  bool remove = false;
};

// The inverted index `handle` (name or id) of collection `c`, 0 when none.
std::uint64_t find_inverted_index(Collection const& c, std::string_view handle) {
  std::shared_lock lock(c.mutex);
  for (auto const& idx : c.data.indexes) {
    if (idx->type == "inverted" && (idx->name == handle || std::to_string(idx->id) == handle)) return idx->id;
  }
  return 0;
}

ViewResult parse_alias_indexes(Database const& db, rapidjson::Value const& v, bool with_operation,
                               std::vector<AliasChange>& out) {
  if (!v.IsArray()) return {err::kBadParameter, 400, "'indexes' should be an array"};
  if (v.Size() > kMaxViewLinks) {
    return {err::kBadParameter, 400, "more than " + std::to_string(kMaxViewLinks) + " indexes in one definition"};
  }
  for (auto const& e : v.GetArray()) {
    auto const* cn = e.IsObject() ? member(e, "collection") : nullptr;
    auto const* in = e.IsObject() ? member(e, "index") : nullptr;
    if (cn == nullptr || !cn->IsString() || in == nullptr || !in->IsString()) {
      return {err::kBadParameter, 400,
              "'indexes' should be an array of objects with 'collection' and 'index' strings"};
    }
    AliasChange change;
    if (auto const* op = member(e, "operation"); op != nullptr && with_operation) {
      if (!op->IsString() || (sv(*op) != "add" && sv(*op) != "del")) {
        return {err::kBadParameter, 400, "'operation' should be 'add' or 'del'"};
      }
      change.remove = sv(*op) == "del";
    }
    auto c = db.find_collection_locked(sv(*cn));
    if (!c) {
      return {err::kArangoDataSourceNotFound, 404, "Cannot find collection '" + std::string(sv(*cn)) + "'"};
    }
    std::uint64_t const idx = find_inverted_index(*c, sv(*in));
    if (idx == 0) {
      return {err::kArangoIndexNotFound, 404,
              "Cannot find index '" + std::string(sv(*in)) + "' in collection '" + std::string(sv(*cn)) + "'"};
    }
    change.index = {c->id, idx};
    out.push_back(change);
  }
  return {};
}

void apply_alias(View& view, std::vector<AliasChange> const& changes) {
  for (auto const& ch : changes) {
    auto it = std::find_if(view.indexes.begin(), view.indexes.end(), [&](AliasIndex const& a) {
      return a.collection_id == ch.index.collection_id && a.index_id == ch.index.index_id;
    });
    if (ch.remove) {
      if (it != view.indexes.end()) view.indexes.erase(it);
    } else if (it == view.indexes.end()) {
      view.indexes.push_back(ch.index);
    }
  }
}

void write_alias_indexes(JsonWriter& w, Database const& db, View const& v) {
  w.key("indexes").begin_array();
  for (auto const& a : v.indexes) {
    auto c = collection_by_id(db, a.collection_id);
    if (!c) continue;
    std::shared_lock lock(c->mutex);
    for (auto const& idx : c->data.indexes) {
      if (idx->id == a.index_id) {
        w.begin_object().kv("collection", c->name).kv("index", idx->name).end_object();
        break;
      }
    }
  }
  w.end_array();
}

void write_links(JsonWriter& w, Database const& db, View const& v) {
  w.key("links").begin_object();
  for (auto const& [cid, meta] : v.links) {
    auto c = collection_by_id(db, cid);
    if (!c) continue;
    w.key(c->name);
    write_link_level(w, meta, nullptr);
  }
  w.end_object();
}

ViewResult meta_error(std::string const& head, std::string const& error, rapidjson::Value const& body) {
  return {err::kBadParameter, 400,
          error.empty() ? head + ": " + to_json(body)
                        : head + ", error in attribute '" + error + "': " + to_json(body)};
}

ViewResult check_new_name(Database const& db, std::string const& name) {
  if (!is_allowed_collection_name(name, false) || !looks_nfc_normalized(name)) {
    return {err::kArangoIllegalName, 400, {}};
  }
  if (db.collections.count(name) != 0 || db.views.count(name) != 0) {
    return {err::kArangoDuplicateName, 409, {}};
  }
  return {};
}

}  // namespace

bool analyzer_known(Database const& db, std::string_view name) {
  return search::find_analyzer(db, name).has_value();
}

bool views_use_analyzer(Database const& db, std::string_view full_name) {
  std::shared_lock lock(db.mutex);
  for (auto const& [name, v] : db.views) {
    for (auto const& [cid, meta] : v->links) {
      if (level_uses(db, meta, full_name)) return true;
    }
  }
  return false;
}

std::shared_ptr<View> find_view_locked(Database const& db, std::string_view name_or_id) {
  if (auto it = db.views.find(name_or_id); it != db.views.end()) return it->second;
  for (auto const& [name, v] : db.views) {
    if (std::to_string(v->id) == name_or_id || v->globally_unique_id == name_or_id) return v;
  }
  return nullptr;
}

// The link commits after a change of `view.links` (`before`: the links until
// then): a new or changed link starts with nothing committed, a removed one
// goes; with `interval_changed`, the kept ones are rescheduled.
static void sync_link_commits(View& view, std::map<std::uint64_t, LinkFieldMeta> const& before,
                       bool interval_changed) {
  std::erase_if(view.commits, [&](auto const& e) {
    auto now = view.links.find(e.first);
    auto was = before.find(e.first);
    return now == view.links.end() || was == before.end() || !(was->second == now->second);
  });
  for (auto const& [cid, meta] : view.links) {
    auto [it, added] = view.commits.try_emplace(cid);
    if (added) {
      it->second = std::make_shared<search::LinkCommit>(view.meta.commit_interval_msec);
    } else if (interval_changed) {
      it->second->reschedule(view.meta.commit_interval_msec);
    }
  }
}

ViewResult create_view_locked(Database& db, rapidjson::Value const& body, std::uint64_t id,
                              std::string const& guid_prefix, std::shared_ptr<View>& out) {
  std::string const name(sv(*member(body, "name")));
  std::string_view const type = sv(*member(body, "type"));
  if (type != "arangosearch" && type != "search-alias") {
    return {err::kBadParameter, 400, "invalid type provided to create view with definition: " + to_json(body)};
  }
  if (auto r = check_new_name(db, name); !r.ok() && r.error == err::kArangoIllegalName) return r;
  if (db.views.size() >= kMaxViewsPerDatabase) {
    return {err::kResourceLimit, 400, "too many views in database '" + db.name + "'"};
  }
  auto view = std::make_shared<View>();
  view->id = id;
  view->name = name;
  view->globally_unique_id = guid_prefix + "/" + std::to_string(id);
  view->search_alias = type == "search-alias";
  if (view->search_alias) {
    if (auto const* idx = member(body, "indexes"); idx != nullptr && !idx->IsNull()) {
      std::vector<AliasChange> changes;
      if (auto r = parse_alias_indexes(db, *idx, false, changes); !r.ok()) return r;
      apply_alias(*view, changes);
    }
  } else {
    std::string error;
    if (!parse_view_meta(body, ArangoSearchMeta{}, view->meta, error)) {
      return meta_error("failed to initialize arangosearch View from definition", error, body);
    }
    if (auto const* links = member(body, "links"); links != nullptr && !links->IsNull()) {
      LinkChanges changes;
      if (auto r = parse_links(db, *links, changes); !r.ok()) return r;
      for (auto& [cid, meta] : changes.changes) {
        if (meta) view->links[cid] = std::move(*meta);
      }
    }
  }
  if (auto r = check_new_name(db, name); !r.ok()) return r;
  sync_link_commits(*view, {}, false);
  db.views.emplace(name, view);
  out = std::move(view);
  return {};
}

ViewResult update_view_locked(Database& db, View& view, rapidjson::Value const& body, bool partial) {
  if (!body.IsObject()) {
    return {err::kBadParameter, 400,
            std::string("invalid properties supplied while updating ") +
                (view.search_alias ? "search-alias" : "arangosearch") + " view '" + view.name + "'"};
  }
  if (view.search_alias) {
    std::vector<AliasChange> changes;
    if (auto const* idx = member(body, "indexes"); idx != nullptr && !idx->IsNull()) {
      if (auto r = parse_alias_indexes(db, *idx, partial, changes); !r.ok()) return r;
    }
    if (!partial) view.indexes.clear();
    apply_alias(view, changes);
    return {};
  }
  // IResearchViewMeta: an update takes the mutable properties only (a full
  // one resets those not given); the immutable ones are validated, then kept.
  ArangoSearchMeta parsed;
  std::string error;
  if (!parse_view_meta(body, partial ? view.meta : ArangoSearchMeta{}, parsed, error)) {
    return meta_error("failed to update arangosearch view '" + view.name + "' from definition", error, body);
  }
  LinkChanges changes;
  auto const* links = member(body, "links");
  if (links != nullptr && !links->IsNull()) {
    if (auto r = parse_links(db, *links, changes); !r.ok()) return r;
  }
  auto const before = view.links;
  bool const interval_changed = view.meta.commit_interval_msec != parsed.commit_interval_msec;
  view.meta.cleanup_interval_step = parsed.cleanup_interval_step;
  view.meta.commit_interval_msec = parsed.commit_interval_msec;
  view.meta.consolidation_interval_msec = parsed.consolidation_interval_msec;
  view.meta.consolidation_policy = parsed.consolidation_policy;
  if (!partial) view.links.clear();
  for (auto& [cid, meta] : changes.changes) {
    if (meta) {
      view.links[cid] = std::move(*meta);
    } else {
      view.links.erase(cid);
    }
  }
  sync_link_commits(view, before, interval_changed);
  return {};
}

ViewResult rename_view_locked(Database& db, std::shared_ptr<View> const& view, std::string const& new_name) {
  if (new_name == view->name) return {};
  if (auto r = check_new_name(db, new_name); !r.ok()) return r;
  db.views.erase(view->name);
  view->name = new_name;
  db.views.emplace(new_name, view);
  return {};
}

void drop_collection_from_views_locked(Database& db, std::uint64_t collection_id) {
  for (auto& [name, v] : db.views) {
    v->links.erase(collection_id);
    v->commits.erase(collection_id);
    std::erase_if(v->indexes, [&](AliasIndex const& a) { return a.collection_id == collection_id; });
  }
}

void write_view_summary(JsonWriter& w, View const& v) {
  w.kv("globallyUniqueId", v.globally_unique_id)
      .kv("id", std::to_string(v.id))
      .kv("name", v.name)
      .kv("type", v.type());
}

void write_view_properties(JsonWriter& w, Database const& db, View const& v) {
  write_view_summary(w, v);
  if (v.search_alias) {
    write_alias_indexes(w, db, v);
    return;
  }
  auto const& m = v.meta;
  w.kv("cleanupIntervalStep", m.cleanup_interval_step)
      .kv("commitIntervalMsec", m.commit_interval_msec)
      .kv("consolidationIntervalMsec", m.consolidation_interval_msec)
      .key("consolidationPolicy")
      .raw(m.consolidation_policy)
      .key("optimizeTopK")
      .raw(m.optimize_top_k)
      .key("primarySort")
      .raw(m.primary_sort)
      .kv("primarySortCompression", m.primary_sort_compression)
      .key("storedValues")
      .raw(m.stored_values)
      .kv("writebufferActive", m.writebuffer_active)
      .kv("writebufferIdle", m.writebuffer_idle)
      .kv("writebufferSizeMax", m.writebuffer_size_max);
  write_links(w, db, v);
}

void write_view_properties_get(JsonWriter& w, Database const& db, View const& v) {
  if (v.search_alias) {
    w.kv("type", v.type()).kv("name", v.name);
    write_alias_indexes(w, db, v);
    w.kv("id", std::to_string(v.id)).kv("globallyUniqueId", v.globally_unique_id);
    return;
  }
  auto const& m = v.meta;
  w.kv("writebufferSizeMax", m.writebuffer_size_max)
      .kv("writebufferIdle", m.writebuffer_idle)
      .kv("id", std::to_string(v.id))
      .key("storedValues")
      .raw(m.stored_values)
      .kv("name", v.name)
      .kv("type", v.type())
      .key("consolidationPolicy")
      .raw(m.consolidation_policy)
      .kv("writebufferActive", m.writebuffer_active);
  write_links(w, db, v);
  w.kv("commitIntervalMsec", m.commit_interval_msec)
      .kv("consolidationIntervalMsec", m.consolidation_interval_msec)
      .key("optimizeTopK")
      .raw(m.optimize_top_k)
      .kv("globallyUniqueId", v.globally_unique_id)
      .kv("cleanupIntervalStep", m.cleanup_interval_step)
      .key("primarySort")
      .raw(m.primary_sort)
      .kv("primarySortCompression", m.primary_sort_compression);
}

}  // namespace emu
