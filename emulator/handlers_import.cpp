// POST /_api/import (RestImportHandler of arangod 3.12).
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "handlers.hpp"
#include "handlers_common.hpp"
#include "router.hpp"
#include "store.hpp"
#include "transactions.hpp"

namespace emu {
namespace {

using Value = rapidjson::Value;

enum class OnDuplicate { Error, Update, Replace, Ignore };

struct ImportResult {
  std::uint64_t created = 0, errors = 0, empty = 0, updated = 0, ignored = 0;
  std::vector<std::string> details;
  void error(std::string msg) {
    ++errors;
    details.push_back(std::move(msg));
  }
};

std::string positionize(std::size_t i) { return "at position " + std::to_string(i) + ": "; }

std::string truncated(std::string part) {
  if (part.size() > 255) part = part.substr(0, 255) + "...";
  return part;
}

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\b' || c == '\f';
}

// A document waiting to be inserted ("baby" in arangod).
struct Baby {
  std::shared_ptr<rapidjson::Document> holder;
  Value const* value = nullptr;
};

struct Importer {
  bool complete = false;
  bool edge = false;
  std::string from_prefix, to_prefix;
  ImportResult result;
  std::vector<Baby> babies;
  int abort_error = 0;  // complete=true: error that aborts everything

  // handleSingleDocument: type check, prefixes, edge attributes.
  int add(std::shared_ptr<rapidjson::Document> holder, Value const& v, std::size_t pos) {
    if (!v.IsObject()) {
      result.error(positionize(pos) +
                   "invalid JSON type (expecting object), offending document: " +
                   truncated(to_json(v)));
      return 1227;
    }
    if (!edge) {
      babies.push_back({std::move(holder), &v});
      return 0;
    }
    auto doc = std::make_shared<rapidjson::Document>();
    doc->CopyFrom(v, doc->GetAllocator());
    auto prefix = [&](char const* attr, std::string const& pre) {
      if (pre.empty()) return;
      auto it = doc->FindMember(attr);
      if (it == doc->MemberEnd()) return;
      std::string value;
      if (it->value.IsString()) {
        value.assign(it->value.GetString(), it->value.GetStringLength());
        if (value.find('/') != std::string::npos) return;
      } else if (it->value.IsUint64()) {
        value = std::to_string(it->value.GetUint64());
      } else if (it->value.IsInt64()) {
        value = std::to_string(it->value.GetInt64());
      } else {
        return;
      }
      value = pre + value;
      it->value.SetString(value.data(), static_cast<rapidjson::SizeType>(value.size()),
                          doc->GetAllocator());
    };
    prefix("_from", from_prefix);
    prefix("_to", to_prefix);
    auto const* f = member(*doc, "_from");
    auto const* t = member(*doc, "_to");
    if (f == nullptr || t == nullptr || !f->IsString() || !t->IsString()) {
      result.error(positionize(pos) + "missing '_from' or '_to' attribute, offending document: " +
                   truncated(to_json(*doc)));
      return 1233;
    }
    Value const* vp = doc.get();
    babies.push_back({std::move(doc), vp});
    return 0;
  }
};

HttpResponse import_response(ImportResult const& r, bool details) {
  JsonWriter w;
  w.begin_object()
      .kv("error", false)
      .kv("created", r.created)
      .kv("errors", r.errors)
      .kv("empty", r.empty)
      .kv("updated", r.updated)
      .kv("ignored", r.ignored);
  if (details) {
    w.key("details").begin_array();
    for (auto const& d : r.details) w.string(d);
    w.end_array();
  }
  w.end_object();
  return json_response(201, w);
}

// performImport: inserts the babies, handles onDuplicate, rolls back
// everything on the first error when complete=true.
int perform_import(Collection& c, DocView& view, Importer& imp, OnDuplicate on_dup,
                   WriteOptions const& o) {
  std::vector<std::pair<std::string, DocPtr>> undo;
  auto fail = [&](int error) {
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) view.reset(it->first, it->second);
    return error;
  };
  auto make_error = [&](std::size_t pos, int error, Value const& v) {
    imp.result.error(positionize(pos) + "creating document failed with error '" +
                     std::string(error_message(error)) +
                     "', offending document: " + truncated(to_json(v)));
  };
  std::size_t pos = 0;
  for (auto const& baby : imp.babies) {
    Value const& v = *baby.value;
    std::string key;
    if (auto const* k = member(v, "_key"); k != nullptr && k->IsString()) {
      key.assign(k->GetString(), k->GetStringLength());
    }
    DocPtr before = key.empty() ? nullptr : view.lookup(key);
    OpResult r = doc_insert(c, view, v, o);
    if (r.ok()) {
      ++imp.result.created;
      if (imp.complete) undo.emplace_back(std::string(r.doc->key()), nullptr);
    } else if (r.error == 1210 && on_dup != OnDuplicate::Error && !key.empty() && before) {
      if (on_dup == OnDuplicate::Ignore) {
        ++imp.result.ignored;
      } else {
        OpResult u = on_dup == OnDuplicate::Update ? doc_update(c, view, key, v, o)
                                                   : doc_replace(c, view, key, v, o);
        if (u.ok()) {
          ++imp.result.updated;
          if (imp.complete) undo.emplace_back(key, before);
        } else {
          int e = u.error == 1202 ? 1210 : u.error;
          make_error(pos, e, v);
          if (imp.complete) return fail(e);
        }
      }
    } else {
      make_error(pos, r.error, v);
      if (imp.complete) return fail(r.error);
    }
    ++pos;
  }
  return 0;
}

// The steps of import_documents.

OnDuplicate parse_on_duplicate(RequestContext& ctx) {
  OnDuplicate on_dup = OnDuplicate::Error;
  if (auto const* d = ctx.query_value("onDuplicate")) {
    if (*d == "update") on_dup = OnDuplicate::Update;
    else if (*d == "replace") on_dup = OnDuplicate::Replace;
    else if (*d == "ignore") on_dup = OnDuplicate::Ignore;
  }
  return on_dup;
}

// fromPrefix/toPrefix, ending in '/'.
std::string edge_prefix(RequestContext& ctx, char const* name) {
  std::string p;
  if (auto const* v = ctx.query_value(name)) {
    p = *v;
    if (!p.empty() && p.back() != '/') p.push_back('/');
  }
  return p;
}

std::string_view trim_line(std::string_view line) {
  while (!line.empty() && (is_ws(line.front()) || line.front() == '\n')) line.remove_prefix(1);
  while (!line.empty() && (is_ws(line.back()) || line.back() == '\n')) line.remove_suffix(1);
  return line;
}

// The CSV-like format: a first line with the attribute names, then one JSON array of values per
// line.
struct CsvInput {
  std::shared_ptr<rapidjson::Document> keys;
  std::string_view rest;  // the lines after the header
};

std::optional<HttpResponse> read_csv_header(std::string_view body, CsvInput& csv) {
  auto nl = body.find('\n');
  if (nl == std::string_view::npos) {
    return error_response(400, err::kHttpBadParameter, "no JSON array found in second line");
  }
  auto parsed = parse_json(trim_line(body.substr(0, nl)));
  bool keys_ok = parsed.ok() && parsed.doc->IsArray() && !parsed.doc->Empty();
  if (keys_ok) {
    for (auto const& k : parsed.doc->GetArray()) {
      if (!k.IsString()) keys_ok = false;
    }
  }
  if (!keys_ok) {
    return error_response(400, err::kHttpBadParameter, "no JSON string array found in first line");
  }
  csv.keys = std::shared_ptr<rapidjson::Document>(std::move(parsed.doc));
  csv.rest = body.substr(nl + 1);
  return std::nullopt;
}

// type=documents, or type=auto when the body does not start with '[': one document per line.
bool is_linewise(std::string const& type, std::string_view body) {
  bool linewise = type == "documents";
  if (type == "auto") {
    linewise = true;
    for (char ch : body) {
      if (ch == '\r' || ch == '\n' || ch == '\t' || ch == '\b' || ch == '\f' || ch == ' ') continue;
      if (ch == '[') linewise = false;
      break;
    }
  }
  return linewise;
}

// The error detail for a line that is not JSON.
std::string unparsable_line(std::size_t i, std::string_view line) {
  return positionize(i) +
         "invalid JSON type (expecting object, probably parse error), offending context: " +
         truncated(std::string(line));
}

// Each reader below hands the documents to imp.add and returns the error that stops the import
// (complete=true), or 0.

int import_json_lines(Importer& imp, std::string_view body) {
  int res = 0;
  std::size_t p = 0, i = 0;
  while (p < body.size()) {
    ++i;
    while (p < body.size() && is_ws(body[p])) ++p;
    if (p >= body.size() || body[p] == '\0') break;
    auto nl = body.find('\n', p);
    if (nl == p) {
      ++imp.result.empty;
      p = nl + 1;
      continue;
    }
    std::string_view line = nl == std::string_view::npos ? body.substr(p) : body.substr(p, nl - p);
    p = nl == std::string_view::npos ? body.size() : nl + 1;
    auto parsed = parse_json(line);
    if (!parsed.ok()) {
      imp.result.error(unparsable_line(i, line));
      if (imp.complete) break;
      continue;
    }
    auto holder = std::shared_ptr<rapidjson::Document>(std::move(parsed.doc));
    res = imp.add(holder, *holder, i);
    if (res != 0) {
      if (imp.complete) break;
      res = 0;
    }
  }
  return res;
}

// One JSON array of documents; a body that is not one answers at once (res untouched).
std::optional<HttpResponse> import_json_array(Importer& imp, std::string_view body, int& res) {
  auto parsed = parse_json(body);
  if (!parsed.ok()) {
    return error_response(400, err::kHttpBadParameter,
                          "expecting a valid JSON array in the request. got: " + parsed.error);
  }
  if (!parsed.doc->IsArray()) {
    return error_response(400, err::kHttpBadParameter, "expecting a JSON array in the request");
  }
  auto holder = std::shared_ptr<rapidjson::Document>(std::move(parsed.doc));
  std::size_t i = 0;
  for (auto const& v : holder->GetArray()) {
    ++i;
    res = imp.add(holder, v, i);
    if (res != 0) {
      if (imp.complete) break;
      res = 0;
    }
  }
  return std::nullopt;
}

// A CSV row as a document: keys[k] = row[k], null values left out.
std::shared_ptr<rapidjson::Document> csv_row_document(Value const& row, Value const& keys) {
  auto obj = std::make_shared<rapidjson::Document>();
  obj->SetObject();
  auto& a = obj->GetAllocator();
  rapidjson::SizeType n = std::min(row.Size(), keys.Size());
  for (rapidjson::SizeType k = 0; k < n; ++k) {
    Value const& val = row[k];
    if (val.IsNull()) continue;
    obj->AddMember(Value(keys[k], a), Value(val, a), a);
  }
  return obj;
}

// The CSV rows; positions count from `line` (the query parameter of that name).
int import_csv_lines(Importer& imp, CsvInput const& csv, std::size_t line_no,
                     bool ignore_missing) {
  int res = 0;
  std::size_t i = line_no;
  auto const& keys = *csv.keys;
  std::string_view rest = csv.rest;
  while (!rest.empty()) {
    ++i;
    auto nl = rest.find('\n');
    std::string_view line = trim_line(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (line.empty()) {
      ++imp.result.empty;
      continue;
    }
    auto parsed = parse_json(line);
    if (!parsed.ok()) {
      imp.result.error(unparsable_line(i, line));
      res = err::kInternal;
    } else if (!parsed.doc->IsArray()) {
      imp.result.error(positionize(i) + "no valid JSON array data");
      res = err::kBadParameter;
    } else if (parsed.doc->Size() != keys.Size() &&
               !(ignore_missing && parsed.doc->Size() < keys.Size())) {
      if (ignore_missing) {
        // excess values are ignored
      } else {
        imp.result.error(positionize(i) + "wrong number of JSON values (got " +
                         std::to_string(parsed.doc->Size()) + ", expected " +
                         std::to_string(keys.Size()) + ")");
        res = err::kBadParameter;
      }
    }
    if (res == 0 && parsed.ok() && parsed.doc->IsArray()) {
      auto obj = csv_row_document(*parsed.doc, keys);
      res = imp.add(obj, *obj, i);
    }
    if (res != 0) {
      if (imp.complete) break;
      res = 0;
    }
  }
  return res;
}

HttpResponse import_documents(RequestContext& ctx) {
  auto const* cname = ctx.query_value("collection");
  if (cname == nullptr || cname->empty()) {
    return error_response(400, 1204,
                          "'collection' is missing, expecting /_api/import?collection=<identifier>");
  }
  std::string type;
  if (auto const* t = ctx.query_value("type")) type = *t;
  bool const json_mode = type == "documents" || type == "array" || type == "list" || type == "auto";
  std::string_view body = ctx.body();

  OnDuplicate on_dup = parse_on_duplicate(ctx);
  Importer imp;
  imp.complete = ctx.query_flag("complete");
  imp.from_prefix = edge_prefix(ctx, "fromPrefix");
  imp.to_prefix = edge_prefix(ctx, "toPrefix");
  bool const details = ctx.query_flag("details");
  bool const overwrite = ctx.query_flag("overwrite");
  bool const ignore_missing = ctx.query_flag("ignoreMissing");
  WriteOptions o;
  o.wait_for_sync = ctx.query_flag("waitForSync");

  // CSV-like format: the header line is checked before the collection.
  CsvInput csv;
  if (!json_mode) {
    if (auto e = read_csv_header(body, csv)) return *e;
  }

  DocTarget target;
  if (auto e = target.open(ctx, TrxAccess::Write)) return *e;
  auto c = ctx.db->find_collection(*cname);
  if (!c) return collection_not_found(*cname);
  imp.edge = c->is_edge();
  if (auto e = target.access(c, TrxAccess::Write)) return *e;

  std::unique_lock lock(c->mutex);
  DocView& view = target.view(*c);
  if (overwrite) view.truncate();

  int res = 0;
  if (!json_mode) {
    std::size_t line_no = 0;
    if (auto const* ln = ctx.query_value("line")) {
      line_no = static_cast<std::size_t>(std::atoll(ln->c_str()));
    }
    res = import_csv_lines(imp, csv, line_no, ignore_missing);
  } else if (is_linewise(type, body)) {
    res = import_json_lines(imp, body);
  } else if (auto e = import_json_array(imp, body, res)) {
    return *e;
  }

  if (res == 0) res = perform_import(*c, view, imp, on_dup, o);
  if (res != 0) {
    lock.unlock();
    return error_response(res);
  }
  return import_response(imp.result, details);
}

HttpResponse import_superfluous(RequestContext&) {
  return error_response(400, err::kHttpSuperfluousSuffices,
                        "superfluous suffix, expecting /_api/import?collection=<identifier>");
}

}  // namespace

void register_import_handlers(Router& api) {
  api.post("/_api/import", import_documents);
  api.post("/_api/import/*rest", import_superfluous);
}

}  // namespace emu
