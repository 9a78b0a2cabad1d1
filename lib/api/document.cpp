// Document identifiers, document requests and the parsing of write results
// (endpoints-collections.md §0.1, §1, §3, §4).
#include <arango/detail/ops_collection.hpp>
#include <arango/exceptions.hpp>

#include <array>
#include <cstring>
#include <stdexcept>

#include "decode.hpp"
#include "../json/guard.hpp"
#include "../json/rapidjson.hpp"

namespace arango {
inline namespace v1 {

DocumentList::DocumentList(JsonView array) {
  if (array.is_object()) {  // one document
    text_ = "[" + array.dump() + "]";
    count_ = 1;
    return;
  }
  if (!array.is_array()) throw std::invalid_argument("DocumentList: expected a JSON array or object");
  text_ = array.dump();
  count_ = array.size();
}

namespace detail {
namespace {

/// Collects the top-level "_id", "_key" and "_rev" strings of an object: RapidJSON's events
/// straight, without the virtual JsonHandler adapter, and keys matched without a copy.
class IdScanner {
 public:
  explicit IdScanner(DocumentIds& out) : out_(out) {}
  bool top_level_object() const noexcept { return object_; }

  bool Null() { return true; }
  bool Bool(bool) { return true; }
  bool Int(int) { return true; }
  bool Uint(unsigned) { return true; }
  bool Int64(std::int64_t) { return true; }
  bool Uint64(std::uint64_t) { return true; }
  bool Double(double) { return true; }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 1 && key_) key_->emplace(s, n);
    return true;
  }
  bool StartObject() {
    if (depth_ == 0) object_ = true;
    ++depth_;
    return true;
  }
  bool Key(const char* k, rapidjson::SizeType n, bool) {
    if (depth_ == 1) {
      std::string_view key(k, n);
      key_ = key == "_id" ? &out_.id : key == "_key" ? &out_.key : key == "_rev" ? &out_.rev : nullptr;
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    return true;
  }
  bool StartArray() {
    ++depth_;
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    --depth_;
    return true;
  }

 private:
  DocumentIds& out_;
  std::optional<std::string>* key_ = nullptr;  // where the current top-level member's string goes
  int depth_ = 0;
  bool object_ = false;
};

template <class Stream>
DocumentIds scan_object_from(Stream& stream, std::size_t size) {
  DocumentIds ids;
  IdScanner scanner(ids);
  Guard<IdScanner, false> guard(scanner);
  ReaderLease reader(size);
  rapidjson::ParseResult ok = reader->Parse<kParseFlags>(stream, guard);
  if (!ok) {
    if (std::string why = guard_message(guard, ok.Offset()); !why.empty()) {
      throw DocumentParseError("document is not valid JSON: " + why);
    }
    throw DocumentParseError(std::string("document is not valid JSON: invalid JSON: ") +
                             rapidjson::GetParseError_En(ok.Code()) + " (at offset " + std::to_string(ok.Offset()) + ")");
  }
  if (!scanner.top_level_object()) throw DocumentParseError("document must be a JSON object");
  return ids;
}

DocumentIds scan_object(std::string_view json) {
  rapidjson::MemoryStream stream(json.data(), json.size());
  return scan_object_from(stream, json.size());
}

/// The same for a std::string: its terminating NUL lets the reader copy strings in blocks.
DocumentIds scan_object(const std::string& json) {
  if (json.find('\0') != std::string::npos) return scan_object(std::string_view(json));
  rapidjson::StringStream stream(json.c_str());
  return scan_object_from(stream, json.size());
}

void validate_id(std::string_view collection, std::string_view id) {
  if (id.size() <= collection.size() + 1 || id.substr(0, collection.size()) != collection ||
      id[collection.size()] != '/') {
    throw DocumentParseError("Bad collection name in document ID \"" + std::string(id) + "\"");
  }
}

void check_id_shape(std::string_view id) {
  auto slash = id.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == id.size()) {
    throw DocumentParseError("Malformed document ID \"" + std::string(id) + "\"");
  }
}



constexpr std::string_view kDocumentApi = "/_api/document/";

std::string collection_path(std::string_view collection) {
  std::string path;
  path.reserve(kDocumentApi.size() + collection.size() + 8);
  path += kDocumentApi;
  append_path_segment(path, collection);
  return path;
}

/// /_api/document/<collection>/<key>, both percent-encoded.
std::string document_path(std::string_view collection, std::string_view key) {
  std::string path;
  path.reserve(kDocumentApi.size() + collection.size() + key.size() + 9);
  path += kDocumentApi;
  append_path_segment(path, collection);
  path += '/';
  append_path_segment(path, key);
  return path;
}

}  // namespace

DocumentIds scan_ids(std::string_view json_object) { return scan_object(json_object); }

std::string collection_of(const DocumentRef& document) {
  if (!document.is_body()) {
    const std::string& s = document.text();
    return s.substr(0, s.find('/'));
  }
  DocumentIds ids = scan_object(document.text());
  if (!ids.id) throw DocumentParseError("field \"_id\" required");
  check_id_shape(*ids.id);
  return ids.id->substr(0, ids.id->find('/'));
}

std::string document_id(std::string_view collection, const DocumentRef& document, bool validate) {
  if (!document.is_body()) {
    const std::string& s = document.text();
    if (s.empty()) throw DocumentParseError("document key or ID must not be empty");
    if (s.find('/') != std::string::npos) {
      check_id_shape(s);
      if (validate) validate_id(collection, s);
      return s;
    }
    return std::string(collection) + "/" + s;
  }
  DocumentIds ids = scan_object(document.text());
  if (ids.id) {
    check_id_shape(*ids.id);
    if (validate) validate_id(collection, *ids.id);
    return *ids.id;
  }
  if (ids.key) {
    if (ids.key->empty()) throw DocumentParseError("field \"_key\" must not be empty");
    return std::string(collection) + "/" + *ids.key;
  }
  throw DocumentParseError("Field \"_key\" or \"_id\" required");
}

std::string document_path(std::string_view id) {
  auto slash = id.find('/');
  return document_path(id.substr(0, slash), id.substr(slash + 1));
}

std::string ensure_key_from_id(std::string_view collection, std::string body) {
  DocumentIds ids = scan_object(body);
  if (!ids.id) return body;
  check_id_shape(*ids.id);
  validate_id(collection, *ids.id);
  if (ids.key) return body;
  // Splice "_key" in as the first member: {"_key":"k", ...rest}.
  JsonBuilder b;
  b.string(ids.id->substr(ids.id->find('/') + 1));
  std::string key_json = std::move(b.finish()).str();
  auto brace = body.find('{');
  std::string rest = body.substr(brace + 1);
  auto first = rest.find_first_not_of(" \t\r\n");
  bool empty_object = first != std::string::npos && rest[first] == '}';
  return body.substr(0, brace + 1) + "\"_key\":" + key_json + (empty_object ? "" : ",") + rest;
}

// python-arango's _ensure_key_from_id for each object of a replace or update
// array: an item with an "_id" (validated) but no "_key" gets the key, since
// the server reads "_key" only (arangod's ModifyProcessor: an "_id" alone is
// error 1205). Only arrays that name "_id" at all are parsed; text that does
// not parse is sent as it is, for the server to judge.
std::string ensure_keys_from_ids(std::string_view collection, std::string array) {
  if (array.find("\"_id\"") == std::string::npos) return array;
  Json parsed;
  try {
    parsed = Json::parse(array);
  } catch (const DeserializationError&) {
    return array;
  }
  if (!parsed.is_array()) return array;
  JsonBuilder b;
  b.begin_array();
  for (JsonView item : parsed.view().elements()) {
    std::string text = item.dump();
    b.raw(item.is_object() ? ensure_key_from_id(collection, std::move(text)) : text);
  }
  b.end_array();
  return std::move(b.finish()).str();
}

MetaParts meta_parts(const Json& object) {
  MetaParts p;
  if (object.is_null()) return p;  // silent writes send nothing back
  constexpr std::string_view what = "document write result";
  if (!object.is_object()) throw DeserializationError("document write result: not a JSON object");
  // {} for silent writes; otherwise all three, as a server always sends them.
  auto id = string_member(object, "_id", what);
  auto key = string_member(object, "_key", what);
  auto rev = string_member(object, "_rev", what);
  if (id || key || rev) {
    p.id = std::string(required_string(object, "_id", what));
    p.key = std::string(required_string(object, "_key", what));
    p.rev = std::string(required_string(object, "_rev", what));
  }
  if (auto old_rev = string_member(object, "_oldRev", what)) p.old_rev.emplace(*old_rev);
  for (const char* name : {"new", "old"}) {
    JsonView doc = object[name];
    if (doc.exists() && !doc.is_object() && !doc.is_null()) {
      throw DeserializationError("document write result: \"" + std::string(name) + "\" is not an object");
    }
  }
  if (object.contains("new")) p.new_doc = object.get("new");
  if (object.contains("old")) p.old_doc = object.get("old");
  return p;
}

Json body_or_empty(Response& response) {
  if (response.raw_body.empty()) return Json();
  return Json::parse(std::move(response.raw_body));
}

namespace {

/// The members of a write-result element that are read.
enum class Member { id, key, rev, old_rev, error, error_num, error_message, document, other };

/// By length first: a chain of string comparisons here cost a fifth of a whole scan.
Member member(std::string_view k) noexcept {
  auto is = [&](std::string_view name) { return std::memcmp(k.data(), name.data(), name.size()) == 0; };
  switch (k.size()) {
    case 3:
      if (is("_id")) return Member::id;
      if (is("new") || is("old")) return Member::document;
      break;
    case 4:
      if (is("_key")) return Member::key;
      if (is("_rev")) return Member::rev;
      break;
    case 5:
      if (is("error")) return Member::error;
      break;
    case 7:
      if (is("_oldRev")) return Member::old_rev;
      break;
    case 8:
      if (is("errorNum")) return Member::error_num;
      break;
    case 12:
      if (is("errorMessage")) return Member::error_message;
      break;
    default: break;
  }
  return Member::other;
}

/// Where a string member's value goes in `element`; nullptr when it is not kept.
std::string_view* slot(BulkMetaSink::Element& element, Member m) noexcept {
  switch (m) {
    case Member::id: return &element.id;
    case Member::key: return &element.key;
    case Member::rev: return &element.rev;
    case Member::old_rev: return &element.old_rev.emplace();
    default: return nullptr;
  }
}

/// Reads the form ArangoDB writes a multi-document result in when every element succeeded and
/// carries no document: an array of objects with only string members, no whitespace and no
/// escapes ([{"_id":"c/1","_key":"1","_rev":"_h..."},...]). Each string is a view into `text`
/// as it stands, so this makes no copy and decodes nothing. False as soon as the text leaves
/// that form (whitespace, an escape, an error element, a "new" document, malformed JSON): the
/// caller then clears the sink and reads the text with RapidJSON, which knows the whole grammar.
/// Strict about what it accepts, so whatever it reads, RapidJSON would read the same way.
/// One object of that form at `p` (its '{'), its kept members into `element`; `p` is left after
/// its '}'. At the end of the text, *p is c_str()'s NUL. False when the text leaves the form, for
/// a key given twice, and past 8 members (a server sends neither).
bool read_compact_object(const char*& p, const char* const end, BulkMetaSink::Element& element) {
  // A string at p (its opening quote): its contents, p left after the closing quote; an escape
  // or a control byte ends the form. The scan looks up to the end of the whole text, not of the
  // string, so a short string is one 16-byte step.
  auto string = [&](std::string_view& out) {
    if (*p != '"') return false;
    const char* begin = ++p;
    p = find_json_string_stop(p, end);
    if (*p != '"') return false;
    out = std::string_view(begin, std::size_t(p - begin));
    ++p;
    // Bytes that are not UTF-8 leave the form: RapidJSON's path reports them (see Guard).
    return !json_utf8_validation.load(std::memory_order_relaxed) || valid_utf8(out.data(), out.size());
  };
  if (*p++ != '{') return false;
  if (*p == '}') {
    ++p;
    return true;
  }
  unsigned seen = 0;
  // Every key, to leave the form on a duplicate of any (the Guard refuses it on the other path).
  std::array<std::string_view, 8> keys;
  std::size_t key_count = 0;
  for (;;) {
    std::string_view key, value;
    if (!string(key) || *p++ != ':' || !string(value)) return false;
    if (key_count == keys.size()) return false;
    for (std::size_t i = 0; i < key_count; ++i) {
      if (keys[i] == key) return false;
    }
    keys[key_count++] = key;
    const Member m = member(key);
    // "new"/"old" documents, and error members (which are not all strings), leave the form.
    if (m == Member::document || m == Member::error || m == Member::error_num || m == Member::error_message) {
      return false;
    }
    if (std::string_view* to = slot(element, m)) {
      const unsigned bit = 1u << static_cast<unsigned>(m);
      if (seen & bit) return false;
      seen |= bit;
      *to = value;
    }
    if (*p == ',') {
      ++p;
      continue;
    }
    // _id, _key and _rev all or none ({} for a silent write), as the other paths require.
    constexpr unsigned ids = 1u << unsigned(Member::id) | 1u << unsigned(Member::key) | 1u << unsigned(Member::rev);
    return *p++ == '}' && ((seen & ids) == 0 || (seen & ids) == ids);
  }
}

/// Reads the form ArangoDB writes a multi-document result in when every element succeeded and
/// carries no document: an array of objects with only string members, no whitespace and no
/// escapes ([{"_id":"c/1","_key":"1","_rev":"_h..."},...]). Each string is a view into `text`
/// as it stands, so this makes no copy and decodes nothing. False as soon as the text leaves
/// that form (whitespace, an escape, an error element, a "new" document, malformed JSON): the
/// caller then clears the sink and reads the text with RapidJSON, which knows the whole grammar.
/// Strict about what it accepts, so whatever it reads, RapidJSON would read the same way.
bool read_compact(const std::string& text, BulkMetaSink& sink) {
  const char* p = text.c_str();
  const char* const end = p + text.size();
  if (*p++ != '[') return false;
  if (*p == ']') return ++p == end;
  for (;;) {
    BulkMetaSink::Element element;
    if (!read_compact_object(p, end, element)) return false;
    sink.add(element);
    if (*p == ',') {
      ++p;
      continue;
    }
    return *p == ']' && ++p == end;
  }
}

/// Reads a multi-document write result ([{_id,_key,_rev,_oldRev?} or {error,errorNum,
/// errorMessage}, ...]) from RapidJSON's events straight into the caller's elements: no DOM, no
/// virtual call per event (a JsonHandler adapter cost as much as the parse). In-situ, so each
/// string is a view into the text until the parse ends. Gives up (`dom_needed`) on anything
/// else: "new"/"old" members (return_new/return_old) and elements that are not objects take the
/// DOM path, which decodes them.
class BulkMetaScanner {
 public:
  explicit BulkMetaScanner(BulkMetaSink& sink) : sink_(sink) {}
  bool dom_needed = false;

  bool StartArray() {
    if (depth_ == 1) return give_up();  // an element that is an array
    if (depth_ == 2 && !typed(Kind::any)) return false;
    ++depth_;
    return true;
  }
  bool EndArray(rapidjson::SizeType) { return --depth_ >= 0; }
  bool StartObject() {
    if (depth_ == 1) {
      element_ = {};
      error_ = false;
      error_num_ = 0;
      message_ = {};
      has_num_ = has_message_ = false;
      ids_seen_ = 0;
    } else if (depth_ == 0) {
      return give_up();
    } else if (depth_ == 2 && !typed(Kind::any)) {
      return false;
    }
    ++depth_;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    if (--depth_ != 1) return true;
    // An error element without an integer errorNum and a string errorMessage: the DOM path
    // reports which member is wrong.
    if (error_ && (!has_num_ || !has_message_)) return give_up();
    if (ids_seen_ != 0 && ids_seen_ != 7) return give_up();  // some of _id, _key, _rev: only all or none
    if (error_) {
      sink_.add_error(DocumentError{static_cast<int>(error_num_), std::string(message_)});
    } else {
      sink_.add(element_);
    }
    return true;
  }
  bool Key(const char* k, rapidjson::SizeType n, bool) {
    if (depth_ != 2) return true;
    member_ = member(std::string_view(k, n));
    return member_ != Member::document || give_up();
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ <= 1) return give_up();  // not an array of objects
    if (depth_ != 2) return true;
    if (!typed(Kind::string)) return false;
    if (member_ == Member::id || member_ == Member::key || member_ == Member::rev) {
      ids_seen_ |= 1u << static_cast<unsigned>(member_);
    }
    if (std::string_view* to = slot(element_, member_)) {
      *to = std::string_view(s, n);
    } else if (member_ == Member::error_message) {
      message_ = std::string_view(s, n);
      has_message_ = true;
    }
    return true;
  }
  bool Bool(bool v) {
    if (depth_ <= 1) return give_up();
    if (depth_ == 2 && !typed(Kind::boolean)) return false;
    if (depth_ == 2 && member_ == Member::error) error_ = v;
    return true;
  }
  bool Int64(std::int64_t v) {
    if (depth_ <= 1) return give_up();
    if (depth_ == 2 && !typed(Kind::integer)) return false;
    if (depth_ == 2 && member_ == Member::error_num) {
      if (v < INT32_MIN || v > INT32_MAX) return give_up();
      error_num_ = v;
      has_num_ = true;
    }
    return true;
  }
  bool Int(int v) { return Int64(v); }
  bool Uint(unsigned v) { return Int64(v); }
  bool Uint64(std::uint64_t v) { return v > std::uint64_t(INT64_MAX) ? give_up() : Int64(static_cast<std::int64_t>(v)); }
  bool Double(double) { return depth_ <= 1 ? give_up() : depth_ != 2 || typed(Kind::any); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return give_up(); }  // numbers are not parsed as strings
  bool Null() { return depth_ <= 1 ? give_up() : depth_ != 2 || typed(Kind::any); }

 private:
  enum class Kind { string, boolean, integer, any };
  /// A value of kind `got` for the current member, at depth 2: the members this reads must have
  /// their own type (anything else: the DOM path reports it); other members may be anything.
  bool typed(Kind got) {
    Kind want = Kind::any;
    switch (member_) {
      case Member::id:
      case Member::key:
      case Member::rev:
      case Member::old_rev:
      case Member::error_message: want = Kind::string; break;
      case Member::error: want = Kind::boolean; break;
      case Member::error_num: want = Kind::integer; break;
      case Member::document:
      case Member::other: return true;
    }
    return want == got || give_up();
  }
  bool give_up() {
    dom_needed = true;
    return false;
  }
  BulkMetaSink& sink_;
  BulkMetaSink::Element element_{};
  int depth_ = 0;
  Member member_ = Member::other;
  bool error_ = false;
  bool has_num_ = false;
  bool has_message_ = false;
  unsigned ids_seen_ = 0;  // bits 1 << Member::id, key, rev
  std::int64_t error_num_ = 0;
  std::string_view message_;
};

}  // namespace

bool scan_bulk_meta(const std::string& body, BulkMetaSink& sink) {
  if (read_compact(body, sink)) return true;
  sink.clear();
  // In-situ parsing decodes strings where they lie instead of copying each onto the reader's
  // stack. It overwrites the text, and the DOM path may still need the body, so it parses a
  // copy (one memcpy, small next to the parse).
  std::string text = body;
  BulkMetaScanner scanner(sink);
  Guard<BulkMetaScanner, true> guard(scanner);
  rapidjson::Reader reader;
  rapidjson::InsituStringStream stream(text.data());
  const bool parsed = !reader.Parse<kParseFlags | rapidjson::kParseInsituFlag>(stream, guard).IsError();
  // A parse error, an element it does not read, a string or key the Guard refuses, or a NUL
  // inside the text (the terminated stream stops there): the DOM path decodes the body or
  // reports what is wrong with it.
  return parsed && !scanner.dom_needed && stream.Tell() == text.size();
}

MetaParts write_meta(Response& response) {
  // The compact form of a single result ({"_id":"c/1","_key":"1","_rev":"_h..."}), read without
  // a parser as scan_bulk_meta reads each element of a multi-document result.
  const char* p = response.raw_body.c_str();
  const char* const end = p + response.raw_body.size();
  BulkMetaSink::Element element;
  if (!response.raw_body.empty() && read_compact_object(p, end, element) && p == end) {
    MetaParts parts;
    parts.id.assign(element.id);
    parts.key.assign(element.key);
    parts.rev.assign(element.rev);
    if (element.old_rev) parts.old_rev.emplace(*element.old_rev);
    return parts;
  }
  return meta_parts(body_or_empty(response));
}

std::vector<BulkPart> bulk_parts(Response& response) {
  Json body = body_json(response);
  if (!body.is_array()) throw DeserializationError("expected a JSON array of per-document results");
  std::vector<BulkPart> parts;
  parts.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    Json item = body.get(i);
    BulkPart part;
    const std::string what = "multi-document result, element " + std::to_string(i);
    if (!item.is_object()) throw DeserializationError(what + ": not a JSON object");
    JsonView error = item["error"];
    if (error.exists() && !error.is_bool()) throw DeserializationError(what + ": \"error\" is not a boolean");
    if (error.bool_or(false)) {
      JsonView num = item["errorNum"];
      if (!num.is_integer() || num.as_double() < INT32_MIN || num.as_double() > INT32_MAX) {
        throw DeserializationError(what + ": \"errorNum\" is missing or not an integer");
      }
      part.error = DocumentError{static_cast<int>(num.as_int64()), std::string(required_string(item, "errorMessage", what))};
    } else {
      part.value = std::move(item);
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

namespace ops {

Request get_document_request(const std::string& collection, const DocumentRef& document, const GetOptions& options) {
  // A plain key (document_id would make it "<collection>/<key>") goes into the path directly.
  const bool plain_key = !document.is_body() && !document.text().empty() &&
                         document.text().find('/') == std::string::npos;
  Request request{Method::GET, plain_key ? document_path(collection, document.text())
                                         : document_path(document_id(collection, document))};
  if (options.allow_dirty_read) request.headers.add("x-arango-allow-dirty-read", "true");
  if (options.if_match) request.headers.add("If-Match", *options.if_match);
  if (options.if_none_match) request.headers.add("If-None-Match", *options.if_none_match);
  return request;
}

Operation<bool> has_document(const std::string& collection, const DocumentRef& document, const HasOptions& options) {
  Request request = get_document_request(collection, document, options);
  request.method = Method::HEAD;
  return {std::move(request), [](Response& r) {
            if (r.status_code == 404) return false;
            require_document_success<DocumentGetError>(r);
            return true;
          }};
}

namespace {

/// The elements of a JSON array text, `per` to a part, each part an array text of its own, with
/// their counts; nothing when `text` is not an array whose elements it can find (it is then
/// sent whole, and the server judges it).
std::vector<std::pair<std::string, std::size_t>> split_array(const std::string& text, std::size_t per) {
  std::vector<std::pair<std::string, std::size_t>> parts;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n && space(text[i])) ++i;
  if (i == n || text[i] != '[') return {};
  ++i;
  std::string part = "[";
  std::size_t in_part = 0;
  int depth = 0;
  bool in_string = false;
  std::size_t start = std::string::npos;  // the current element's first character
  for (; i < n; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (space(c)) continue;
    if (depth == 0 && (c == ',' || c == ']')) {
      if (start == std::string::npos) {
        if (c == ']' && in_part == 0 && parts.empty()) return {};  // an empty array
        return {};  // an element missing: not for this scanner
      }
      std::size_t end = i;
      while (space(text[end - 1])) --end;
      if (in_part > 0) part += ',';
      part.append(text, start, end - start);
      start = std::string::npos;
      if (++in_part == per || c == ']') {
        part += ']';
        parts.emplace_back(std::move(part), in_part);
        part = "[";
        in_part = 0;
      }
      if (c == ']') {
        while (++i < n) {
          if (!space(text[i])) return {};
        }
        return parts;
      }
      continue;
    }
    if (start == std::string::npos) start = i;
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth < 0) return {};
    }
  }
  return {};  // no closing bracket
}

}  // namespace

std::vector<Request> get_many_requests(const std::string& collection, DocumentList documents,
                                       const GetManyOptions& options) {
  std::vector<Request> out;
  if (options.batch_size != 0 && documents.size() > options.batch_size) {
    for (auto& [text, count] : split_array(documents.text(), options.batch_size)) {
      out.push_back(get_many_request(collection, DocumentList(JsonText(std::move(text)), count), options));
    }
  }
  if (out.empty()) out.push_back(get_many_request(collection, std::move(documents), options));
  return out;
}

Request get_many_request(const std::string& collection, DocumentList documents, const GetManyOptions& options) {
  Request request{Method::PUT, collection_path(collection), {{"onlyget", "true"}}, std::move(documents).text()};
  add_bool(request.params, "ignoreRevs", options.ignore_revs);
  if (options.allow_dirty_read) {
    request.headers.add("x-arango-allow-dirty-read", bool_param(*options.allow_dirty_read));
  }
  return request;
}

namespace {

const char* overwrite_mode_param(OverwriteMode mode) {
  switch (mode) {
    case OverwriteMode::ignore: return "ignore";
    case OverwriteMode::replace: return "replace";
    case OverwriteMode::update: return "update";
    case OverwriteMode::conflict: return "conflict";
  }
  throw std::invalid_argument("unknown OverwriteMode");
}

void insert_params(Params& p, const InsertOptions& o) {
  add_bool(p, "waitForSync", o.wait_for_sync);
  add_bool(p, "returnNew", o.return_new);
  add_bool(p, "returnOld", o.return_old);
  add_bool(p, "silent", o.silent);
  add_bool(p, "overwrite", o.overwrite);
  if (o.overwrite_mode) p.emplace_back("overwriteMode", overwrite_mode_param(*o.overwrite_mode));
  add_bool(p, "keepNull", o.keep_null);
  add_bool(p, "mergeObjects", o.merge_objects);
  add_bool(p, "refillIndexCaches", o.refill_index_caches);
  add_string(p, "versionAttribute", o.version_attribute);
}

template <class O>
void replace_params(Params& p, const O& o) {
  add_bool(p, "ignoreRevs", o.ignore_revs);
  add_bool(p, "waitForSync", o.wait_for_sync);
  add_bool(p, "returnNew", o.return_new);
  add_bool(p, "returnOld", o.return_old);
  add_bool(p, "silent", o.silent);
  add_bool(p, "refillIndexCaches", o.refill_index_caches);
  add_string(p, "versionAttribute", o.version_attribute);
}

/// An update takes a replace's parameters plus keepNull and mergeObjects.
template <class O>
void update_params(Params& p, const O& o) {
  replace_params(p, o);
  add_bool(p, "keepNull", o.keep_null);
  add_bool(p, "mergeObjects", o.merge_objects);
}

template <class O>
void delete_params(Params& p, const O& o) {
  add_bool(p, "ignoreRevs", o.ignore_revs);
  add_bool(p, "waitForSync", o.wait_for_sync);
  add_bool(p, "returnOld", o.return_old);
  add_bool(p, "silent", o.silent);
  add_bool(p, "refillIndexCaches", o.refill_index_caches);
}

}  // namespace

Request insert_request(const std::string& collection, std::string body, const InsertOptions& options) {
  Request request{Method::POST, collection_path(collection), {}, ensure_key_from_id(collection, std::move(body))};
  insert_params(request.params, options);
  return request;
}

Request insert_many_request(const std::string& collection, DocumentList documents, const InsertOptions& options) {
  Request request{Method::POST, collection_path(collection), {}, std::move(documents).text()};
  insert_params(request.params, options);
  return request;
}

Request update_request(const std::string& collection, std::string body, const UpdateOptions& options) {
  std::string id = document_id(collection, DocumentRef::from_body_text(body));
  Request request{Method::PATCH, document_path(id), {}, std::move(body)};
  update_params(request.params, options);
  if (options.if_match) request.headers.add("If-Match", *options.if_match);
  return request;
}

Request update_many_request(const std::string& collection, DocumentList documents, const UpdateManyOptions& options) {
  Request request{Method::PATCH, collection_path(collection), {},
                  ensure_keys_from_ids(collection, std::move(documents).text())};
  update_params(request.params, options);
  return request;
}

Request replace_request(const std::string& collection, std::string body, const ReplaceOptions& options) {
  std::string id = document_id(collection, DocumentRef::from_body_text(body));
  Request request{Method::PUT, document_path(id), {}, std::move(body)};
  replace_params(request.params, options);
  if (options.if_match) request.headers.add("If-Match", *options.if_match);
  return request;
}

Request replace_many_request(const std::string& collection, DocumentList documents,
                             const ReplaceManyOptions& options) {
  Request request{Method::PUT, collection_path(collection), {},
                  ensure_keys_from_ids(collection, std::move(documents).text())};
  replace_params(request.params, options);
  return request;
}

Request delete_request(const std::string& collection, const DocumentRef& document, const DeleteOptions& options) {
  Request request{Method::DELETE, document_path(document_id(collection, document))};
  delete_params(request.params, options);
  if (options.if_match) request.headers.add("If-Match", *options.if_match);
  return request;
}

Request delete_many_request(const std::string& collection, DocumentList documents, const DeleteManyOptions& options) {
  Request request{Method::DELETE, collection_path(collection), {}, std::move(documents).text()};
  delete_params(request.params, options);
  return request;
}

Operation<ImportResult> import_bulk(const std::string& collection, std::string data, const ImportOptions& options) {
  Request request{Method::POST, "/_api/import", {{"collection", collection}}, std::move(data)};
  Params& p = request.params;
  add_string(p, "type", options.doc_type);
  p.emplace_back("complete", bool_param(options.complete));
  p.emplace_back("details", bool_param(options.details));
  add_string(p, "fromPrefix", options.from_prefix);
  add_string(p, "toPrefix", options.to_prefix);
  add_bool(p, "overwrite", options.overwrite);
  add_bool(p, "overwriteCollectionPrefix", options.overwrite_collection_prefix);
  add_string(p, "onDuplicate", options.on_duplicate);
  add_bool(p, "waitForSync", options.wait_for_sync);
  add_bool(p, "ignoreMissing", options.ignore_missing);
  return {std::move(request), [](Response& r) {
            require_success<DocumentInsertError>(r);
            Json body = body_json(r);
            ImportResult result;
            result.created = body["created"].int64_or(0);
            result.errors = body["errors"].int64_or(0);
            result.empty = body["empty"].int64_or(0);
            result.updated = body["updated"].int64_or(0);
            result.ignored = body["ignored"].int64_or(0);
            if (body["details"].is_array()) result.details = string_list(body["details"]);
            result.raw = std::move(body);
            return result;
          }};
}

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
