#include "aql/search_index.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <shared_mutex>

#include "aql/datasource.hpp"
#include "aql/error.hpp"
#include "aql/search.hpp"
#include "docstore.hpp"
#include "search/commit.hpp"
#include "search/s2terms.hpp"
#include "search/views.hpp"
#include "store.hpp"

namespace emu::aql {

std::string string_field(std::string const& path, std::string const& analyzer) {
  std::string k = path;
  k += '\x01';
  k += analyzer;
  return k;
}

ViewIndex::Dictionary const& ViewIndex::dictionary(std::string const& key) {
  auto [it, inserted] = dictionaries_.try_emplace(key);
  if (!inserted) return it->second;
  std::vector<std::string const*> seen;  // the distinct terms of one document
  for (auto const& d : docs) {
    auto s = d.strings.find(key);
    if (s == d.strings.end()) continue;
    seen.clear();
    for (auto const& v : s->second) {
      for (auto const& t : v) seen.push_back(&t);
    }
    std::sort(seen.begin(), seen.end(), [](auto a, auto b) { return *a < *b; });
    seen.erase(std::unique(seen.begin(), seen.end(), [](auto a, auto b) { return *a == *b; }), seen.end());
    for (auto const* t : seen) it->second[*t] += 1;
  }
  return it->second;
}

std::uint64_t ViewIndex::docs_with_term(std::string const& key, std::string const& term) {
  auto const& dict = dictionary(key);
  auto it = dict.find(term);
  return it == dict.end() ? 0 : it->second;
}

namespace {

class Indexer {
 public:
  Indexer(Database const& db, ViewIndex& index) : db_(db), index_(index) {}

  search::AnalyzerDef const* analyzer(std::string const& name) {
    auto it = index_.analyzers.find(name);
    if (it != index_.analyzers.end()) return &it->second;
    auto def = search::find_analyzer(db_, name);
    if (!def) return nullptr;
    return &index_.analyzers.emplace(def->name, *def).first->second;
  }

  // FieldIterator: the values of `v` at `path` under `meta`.
  void value(IndexedDoc& d, LinkFieldMeta const& meta, std::string const& path, Value const& v,
             int depth) {
    if (depth > 64) return;  // documents nest at most that deep anyway
    if ((v.is_object() || v.is_array()) && geo(d, meta, path, v)) return;
    switch (v.type()) {
      case Value::Type::Null:
        d.nulls[path] += 1;
        return;
      case Value::Type::Bool:
        d.bools[path].push_back(v.as_bool());
        return;
      case Value::Type::Int:
      case Value::Type::Double:
        d.numbers[path].push_back(v.num());
        return;
      case Value::Type::String:
        for (auto const& name : meta.analyzers) {
          auto const* a = analyzer(name);
          if (a == nullptr) continue;
          std::vector<std::string> toks;
          try {
            toks = search::tokens(*a, v.str());
          } catch (search::AnalyzerError const&) {
            continue;  // a value the analyzer cannot take is not indexed
          }
          if (toks.size() > kMaxTermsPerField) {
            throw QueryError(10, "too many tokens in field '" + path + "' (more than " +
                                     std::to_string(kMaxTermsPerField) + ")");
          }
          d.strings[string_field(path, a->name)].push_back(std::move(toks));
          d.string_paths[path] = true;
        }
        return;
      case Value::Type::Array: {
        std::size_t i = 0;
        for (auto const& e : v.arr()) {
          std::string p = meta.track_list_positions ? path + "[" + std::to_string(i) + "]" : path;
          value(d, meta, p, e, depth + 1);
          ++i;
        }
        return;
      }
      case Value::Type::Object:
        object(d, meta, path, v, depth + 1);
        return;
    }
  }

  void object(IndexedDoc& d, LinkFieldMeta const& meta, std::string const& path, Value const& v,
              int depth) {
    for (auto const& [k, e] : v.obj()) {
      if (path.empty() && (k == "_id" || k == "_rev")) continue;
      LinkFieldMeta const* child = nullptr;
      if (auto it = meta.fields.find(k); it != meta.fields.end()) {
        child = &it->second;
      } else if (meta.include_all_fields) {
        child = &meta;
      } else {
        continue;
      }
      value(d, *child, path.empty() ? k : path + "." + k, e, depth);
    }
  }

  // A geo analyzer of the level takes an object or array as a whole (GeoAnalyzer): what it
  // stores for the geo filters' exact check (search/s2terms.hpp: the shape, its centroid for
  // type centroid, a geopoint's Point); a value it cannot take is not indexed.
  bool geo(IndexedDoc& d, LinkFieldMeta const& meta, std::string const& path, Value const& v) {
    for (auto const& name : meta.analyzers) {
      auto const* a = analyzer(name);
      if (a == nullptr || !search::is_geo_analyzer(a->type)) continue;
      std::optional<search::GeoTerms> g;
      try {
        g = search::geo_terms(*a, v, false);  // the filters check every shape exactly
      } catch (search::AnalyzerError const&) {
      }
      if (g) d.geo[path].push_back(std::move(g->stored));
      return true;
    }
    return false;
  }

 private:
  Database const& db_;
  ViewIndex& index_;
};

// A search-alias view's inverted index as link metadata: its fields ("a.b",
// "tags[*]") as nested levels with their analyzers.
LinkFieldMeta inverted_meta(Index const& idx, ViewIndex& out) {
  auto unquote = [](std::string const& json) {
    rapidjson::Document d;
    d.Parse(json.c_str(), json.size());
    return d.IsString() ? std::string(d.GetString(), d.GetStringLength()) : std::string();
  };
  std::string analyzer = "identity";
  if (auto it = idx.extra.find("analyzer"); it != idx.extra.end()) {
    if (auto a = unquote(it->second); !a.empty()) analyzer = a;
  }
  out.alias_default_analyzer = analyzer;
  auto flag = [&](char const* k) {
    auto it = idx.extra.find(k);
    return it != idx.extra.end() && it->second == "true";
  };
  LinkFieldMeta root;
  root.analyzers = {analyzer};
  root.include_all_fields = flag("includeAllFields");
  root.track_list_positions = flag("trackListPositions");
  rapidjson::Document fields;
  fields.Parse(idx.fields_json.c_str(), idx.fields_json.size());
  if (!fields.IsArray()) return root;
  for (auto const& f : fields.GetArray()) {
    if (!f.IsObject() || !f.HasMember("name") || !f["name"].IsString()) continue;
    std::string name(f["name"].GetString(), f["name"].GetStringLength());
    std::string fa = analyzer;
    if (f.HasMember("analyzer") && f["analyzer"].IsString()) fa = f["analyzer"].GetString();
    // the path's parts ("a.b[*]" -> a, b)
    std::vector<std::string> parts;
    std::string cur;
    for (char c : name) {
      if (c == '.') {
        parts.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    parts.push_back(cur);
    std::string path;
    LinkFieldMeta* level = &root;
    for (auto& p : parts) {
      if (auto pos = p.find("[*]"); pos != std::string::npos) p.erase(pos);
      auto [it, inserted] = level->fields.try_emplace(p);
      if (inserted) {
        it->second.analyzers = {fa};
        it->second.include_all_fields = false;
        it->second.track_list_positions = root.track_list_positions;
      }
      level = &it->second;
      path += path.empty() ? p : "." + p;
    }
    level->analyzers = {fa};
    if (f.HasMember("includeAllFields") && f["includeAllFields"].IsBool()) {
      level->include_all_fields = f["includeAllFields"].GetBool();
    }
    if (f.HasMember("trackListPositions") && f["trackListPositions"].IsBool()) {
      level->track_list_positions = f["trackListPositions"].GetBool();
    }
    out.alias_analyzer.emplace(path, fa);
  }
  return root;
}

}  // namespace

namespace {

// One link in link order: its collection, what it indexes, and its commits
// (search/commit.hpp: SEARCH reads what the link committed last).
struct Link {
  std::shared_ptr<Collection> collection;
  std::string name;
  LinkFieldMeta meta;
  std::shared_ptr<search::LinkCommit> commit;
  std::uint64_t interval_ms = 0;
};

// The links of view `name` (nullopt: no such view); `out` takes the view's kind and its
// inverted indexes' analyzers.
std::optional<std::vector<Link>> view_links(Database& db, std::string const& name, ViewIndex& out) {
  std::vector<Link> links;
  std::shared_lock lock(db.mutex);
  auto v = find_view_locked(db, name);
  if (!v) return std::nullopt;
  out.search_alias = v->search_alias;
  auto by_id = [&](std::uint64_t id) -> std::shared_ptr<Collection> {
    for (auto const& [cname, c] : db.collections) {
      if (c->id == id) return c;
    }
    return nullptr;
  };
  if (v->search_alias) {
    for (auto const& e : v->indexes) {
      auto c = by_id(e.collection_id);
      if (!c) continue;
      std::shared_lock cl(c->mutex);
      for (auto const& idx : c->data.indexes) {
        if (idx->id == e.index_id) {
          links.push_back({c, c->name, inverted_meta(*idx, out), idx->search_commit,
                           search::inverted_commit_interval(*idx)});
        }
      }
    }
  } else {
    for (auto const& [id, meta] : v->links) {
      auto c = by_id(id);
      if (!c) continue;
      auto commit = v->commits.find(id);
      links.push_back({c, c->name, meta, commit == v->commits.end() ? nullptr : commit->second,
                       v->meta.commit_interval_msec});
    }
  }
  return links;
}

// The link's committed snapshot (a link without one, made by a path that does not keep
// commits, sees the collection as it is).
std::shared_ptr<search::LinkCommit::Docs const> committed_docs(Link const& link, std::string const& database,
                                                              bool wait_for_sync) {
  if (link.commit) return link.commit->read(*link.collection, database, link.interval_ms, wait_for_sync);
  auto all = std::make_shared<search::LinkCommit::Docs>();
  std::shared_lock cl(link.collection->mutex);
  for (auto const& [rev, live] : link.collection->data.by_rev) all->push_back(live.doc);
  return all;
}

}  // namespace

std::optional<std::vector<CommittedLink>> committed_view_documents(std::shared_ptr<Database> const& db,
                                                                   std::string const& name) {
  ViewIndex scratch;
  auto links = view_links(*db, name, scratch);
  if (!links) return std::nullopt;
  std::vector<CommittedLink> out;
  for (auto const& link : *links) out.push_back({link.name, committed_docs(link, db->name, false)});
  return out;
}

std::shared_ptr<ViewIndex> build_view_index(std::shared_ptr<Database> const& db, std::string const& name,
                                            std::vector<std::string> const& only, bool wait_for_sync) {
  auto out = std::make_shared<ViewIndex>();
  auto links = view_links(*db, name, *out);
  if (!links) return nullptr;
  Indexer indexer(*db, *out);
  for (auto const& link : *links) {
    if (!only.empty() && std::find(only.begin(), only.end(), link.name) == only.end()) continue;
    auto committed = committed_docs(link, db->name, wait_for_sync);
    if (out->docs.size() + committed->size() > kMaxSearchDocuments) {
      throw QueryError(10, "a SEARCH reads at most " + std::to_string(kMaxSearchDocuments) + " documents");
    }
    for (auto const& ptr : *committed) {
      IndexedDoc d;
      d.doc = document_value(*ptr, link.name);
      d.collection = link.name;
      if (d.doc.is_object()) indexer.object(d, link.meta, "", d.doc, 0);
      for (auto const& [key, values] : d.strings) {
        auto& st = out->stats[key];
        st.docs_with_field += 1;
        for (auto const& v : values) st.total_terms += v.size();
      }
      out->docs.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace emu::aql
