// The collection, index and document operations. The untyped ones are written in
// lib/api/collection.cpp; the typed document operations are templates here, each beside the
// declaration of its request builder (whose body is in lib/api/document.cpp), over the
// non-template parsing in the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/document.hpp>
#include <arango/exceptions.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// Attribute paths of an index: a list of names, or any JSON array (inverted indexes take objects).
class IndexFields {
 public:
  /// No attribute.
  IndexFields() : text_("[]") {}
  /// Attribute names, written in braces: {"name", "address.city"}.
  template <class... S>
    requires(sizeof...(S) >= 1 && (std::is_convertible_v<const S&, std::string_view> && ...))
  IndexFields(const S&... names) {
    const std::string_view list[] = {std::string_view(names)...};
    text_ = names_text(list, sizeof...(S));
  }
  IndexFields(const std::vector<std::string>& names);
  IndexFields(const std::vector<InvertedIndexField>& fields);  ///< inverted indexes
  IndexFields(JsonView array);
  IndexFields(const Json& array) : IndexFields(array.view()) {}
  const std::string& text() const noexcept { return text_; }

 private:
  static std::string names_text(const std::string_view* names, std::size_t count);
  std::string text_;
};

namespace detail {

// --- identifiers (the seed's rules, collection.py §0.1) ---

/// The seed's Collection.get_col_name: the part of an id before '/', or the collection of a
/// body's "_id". Throws DocumentParseError for a body without "_id".
std::string collection_of(const DocumentRef& document);
/// The full "collection/key" id of `document` within `collection`. Ids naming another
/// collection, empty keys and bodies without "_id"/"_key" throw DocumentParseError.
ARANGO_INTERNAL std::string document_id(std::string_view collection, const DocumentRef& document, bool validate = true);
/// The request path of a document id: /_api/document/<collection>/<key>, both percent-encoded.
ARANGO_INTERNAL std::string document_path(std::string_view id);
/// A body for insert: when it has "_id" but no "_key", the id is checked against `collection`
/// and "_key" is added (the seed's _ensure_key_from_id).
ARANGO_INTERNAL std::string ensure_key_from_id(std::string_view collection, std::string body);

// --- parsing shared by the typed decoders ---

struct MetaParts {
  std::string id, key, rev;
  std::optional<std::string> old_rev;
  std::optional<Json> new_doc, old_doc;
};
/// The metadata object of a write result ({_id,_key,_rev,_oldRev?,new?,old?}); `{}` (silent)
/// gives empty parts.
MetaParts meta_parts(const Json& object);
/// The body as a DOM; null when there is none (a silent write).
ARANGO_INTERNAL Json body_or_empty(Response& response);
/// The metadata of a single-document write result: meta_parts(body_or_empty(response)), with
/// ArangoDB's compact form ({"_id":..,"_key":..,"_rev":..} with no whitespace or escapes) read
/// without a parser.
MetaParts write_meta(Response& response);

/// One element of a multi-document result array: its error, or the element itself.
struct BulkPart {
  std::optional<DocumentError> error;
  Json value;
};
/// The elements of a multi-document response array, in order.
std::vector<BulkPart> bulk_parts(Response& response);

template <class T>
DocumentMeta<T> to_meta(MetaParts&& parts) {
  DocumentMeta<T> meta;
  meta.id = std::move(parts.id);
  meta.key = std::move(parts.key);
  meta.rev = std::move(parts.rev);
  meta.old_rev = std::move(parts.old_rev);
  if (parts.new_doc && !parts.new_doc->is_null()) meta.new_doc = from_view<T>(*parts.new_doc);
  if (parts.old_doc && !parts.old_doc->is_null()) meta.old_doc = from_view<T>(*parts.old_doc);
  return meta;
}

/// Where a pass over a multi-document write result puts its elements (the typed result vector
/// of to_bulk_meta, without an intermediate copy).
class BulkMetaSink {
 public:
  /// A result object's string members; the views point into the text being read and are valid
  /// only during the call they are passed to.
  struct Element {
    std::string_view id{};
    std::string_view key{};
    std::string_view rev{};
    std::optional<std::string_view> old_rev{};
  };
  /// Appends the element of a result object.
  virtual void add(const Element& element) = 0;
  /// Appends a per-document error.
  virtual void add_error(DocumentError error) = 0;
  /// Drops every element appended so far.
  virtual void clear() = 0;

 protected:
  ~BulkMetaSink() = default;
};
/// Reads the elements of a multi-document write result into `sink` without a DOM. False (and
/// `sink` holds a partial result) when an element needs the DOM ("new"/"old" documents, an
/// element that is not an object) or the body is not a well-formed JSON array.
bool scan_bulk_meta(const std::string& body, BulkMetaSink& sink);

/// A multi-document write result read through the DOM: what to_bulk_meta falls back to, and
/// the only way "new"/"old" documents are decoded.
template <class T>
std::vector<BulkItem<DocumentMeta<T>>> bulk_meta_from_dom(Response& response) {
  std::vector<BulkItem<DocumentMeta<T>>> out;
  auto parts = bulk_parts(response);
  out.reserve(parts.size());
  for (BulkPart& p : parts) {
    if (p.error) {
      out.emplace_back(std::move(*p.error));
    } else {
      out.emplace_back(to_meta<T>(meta_parts(p.value)));
    }
  }
  return out;
}

/// `expected`: the number of documents sent, which the result array has (a capacity hint).
template <class T>
std::vector<BulkItem<DocumentMeta<T>>> to_bulk_meta(Response& response, std::size_t expected) {
  using Item = BulkItem<DocumentMeta<T>>;
  struct Sink final : BulkMetaSink {
    std::vector<Item> out;
    void add(const Element& e) override {
      DocumentMeta<T>& m = out.emplace_back(std::in_place).value();
      m.id.assign(e.id);
      m.key.assign(e.key);
      m.rev.assign(e.rev);
      if (e.old_rev) m.old_rev.emplace(*e.old_rev);
    }
    void add_error(DocumentError error) override { out.emplace_back(std::move(error)); }
    void clear() override { out.clear(); }
  } sink;
  sink.out.reserve(expected);
  if (scan_bulk_meta(response.raw_body, sink)) return std::move(sink.out);
  return bulk_meta_from_dom<T>(response);
}

/// Throws the error of a failed single-document call: 412 gives DocumentRevisionError, other
/// failures E.
template <class E>
ARANGO_INTERNAL void require_document_success(Response& r) {
  if (r.is_success) return;
  if (r.status_code == 412) raise_from<DocumentRevisionError>(r);
  raise_from<E>(r);
}

namespace ops {

// --- collection level ---
Operation<std::vector<IndexProperties>> indexes(const std::string& collection, const IndexListOptions& options);
Operation<IndexProperties> get_index(const std::string& collection, std::string_view id);
Operation<IndexProperties> add_index(const std::string& collection, std::string_view type, const IndexFields& fields,
                                     const IndexOptions& options);
Operation<bool> delete_index(const std::string& collection, std::string_view id, const DeleteIndexOptions& options);
Operation<bool> load_indexes(const std::string& collection);
Operation<void> recalculate_count(const std::string& collection);
Operation<CollectionProperties> collection_properties(const std::string& collection);
Operation<CollectionProperties> configure_collection(const std::string& collection, const ConfigureOptions& options);
Operation<void> rename_collection(const std::string& collection, std::string_view new_name);
Operation<CollectionInfo> compact_collection(const std::string& collection);
Operation<void> truncate_collection(const std::string& collection, const TruncateOptions& options);
Operation<std::int64_t> count_documents(const std::string& collection);
Operation<CollectionStatistics> collection_statistics(const std::string& collection);
Operation<std::string> responsible_shard(const std::string& collection, const JsonInput& document);
Operation<Json> collection_shards(const std::string& collection, const ShardsOptions& options);
Operation<std::string> collection_revision(const std::string& collection);
Operation<std::string> collection_checksum(const std::string& collection, const ChecksumOptions& options);
Operation<bool> has_document(const std::string& collection, const DocumentRef& document, const HasOptions& options);
Operation<ImportResult> import_bulk(const std::string& collection, std::string data, const ImportOptions& options);

// --- database level ---
Operation<std::vector<CollectionInfo>> collections(std::optional<bool> exclude_system);
Operation<bool> has_collection(const std::string& name);
/// CollectionCreateError (the caller makes the collection handle from its executor: detail::then).
Operation<void> create_collection(const std::string& name, const CreateCollectionOptions& options);
Operation<bool> delete_collection(const std::string& name, const DeleteCollectionOptions& options);
Operation<std::vector<std::string>> key_generators();

// --- documents ---
// Each operation: its request builder (in lib/api/document.cpp), then the operation with its
// typed decoder (a template: T is the caller's document type), built from the shapes below.

template <class T, class E>
Operation<DocumentMeta<T>> single_write(Request request) {
  return {std::move(request), [](Response& r) {
            require_document_success<E>(r);
            return to_meta<T>(write_meta(r));
          }};
}

/// How many elements a multi-document write answers with: one per document, none with silent
/// (errors only). A capacity hint for the decoder.
template <class Options>
std::size_t result_count(const DocumentList& documents, const Options& options) {
  return options.silent.value_or(false) ? 0 : documents.size();
}

/// `count`: the number of documents in the request.
template <class T, class E>
Operation<std::vector<BulkItem<DocumentMeta<T>>>> multi_write(Request request, std::size_t count) {
  return {std::move(request), [count](Response& r) {
            require_success<E>(r);
            return to_bulk_meta<T>(r, count);
          }};
}

Request get_document_request(const std::string& collection, const DocumentRef& document, const GetOptions& options);
template <class T>
Operation<std::optional<T>> get_document(const std::string& collection, const DocumentRef& document,
                                         const GetOptions& options) {
  return {get_document_request(collection, document, options), [](Response& r) -> std::optional<T> {
            if (r.status_code == 404 && r.error_code == 1202) return std::nullopt;
            // 412 (If-Match failed) is DocumentRevisionError; 304 (If-None-Match matched) is not a
            // success and gives DocumentGetError, as in the seed.
            require_document_success<DocumentGetError>(r);
            return decode_json<T>(std::move(r.raw_body));
          }};
}

Request get_many_request(const std::string& collection, DocumentList documents, const GetManyOptions& options);
/// get_many's requests: one per options.batch_size documents, in order (one when batch_size is 0
/// or the list is no longer, or when it is not a plain JSON array).
std::vector<Request> get_many_requests(const std::string& collection, DocumentList documents,
                                       const GetManyOptions& options);
template <class T>
std::vector<BulkItem<T>> decode_get_many(Response& r) {
  require_success<DocumentGetError>(r);
  std::vector<BulkItem<T>> out;
  auto parts = bulk_parts(r);
  out.reserve(parts.size());
  for (BulkPart& p : parts) {
    if (p.error) {
      out.emplace_back(std::move(*p.error));
    } else {
      out.emplace_back(from_view<T>(p.value));
    }
  }
  return out;
}
/// get_many as one request (an async job is one request: the async context sends it so).
template <class T>
Operation<std::vector<BulkItem<T>>> get_many(const std::string& collection, DocumentList documents,
                                            const GetManyOptions& options) {
  return {get_many_request(collection, std::move(documents), options), &decode_get_many<T>};
}
/// get_many in batches of options.batch_size documents, which the executor runs one after
/// another (run_batches) and joins in order.
template <class T>
std::vector<Operation<std::vector<BulkItem<T>>>> get_many_batches(const std::string& collection,
                                                                  DocumentList documents,
                                                                  const GetManyOptions& options) {
  std::vector<Operation<std::vector<BulkItem<T>>>> out;
  for (Request& request : get_many_requests(collection, std::move(documents), options)) {
    out.push_back({std::move(request), &decode_get_many<T>});
  }
  return out;
}

Request insert_request(const std::string& collection, std::string body, const InsertOptions& options);
template <class T>
Operation<DocumentMeta<T>> insert_document(const std::string& collection, std::string body,
                                           const InsertOptions& options) {
  return single_write<T, DocumentInsertError>(insert_request(collection, std::move(body), options));
}

Request insert_many_request(const std::string& collection, DocumentList documents, const InsertOptions& options);
template <class T>
Operation<std::vector<BulkItem<DocumentMeta<T>>>> insert_many(const std::string& collection, DocumentList documents,
                                                             const InsertOptions& options) {
  const std::size_t results = result_count(documents, options);
  return multi_write<T, DocumentInsertError>(insert_many_request(collection, std::move(documents), options), results);
}

Request update_request(const std::string& collection, std::string body, const UpdateOptions& options);
template <class T>
Operation<DocumentMeta<T>> update_document(const std::string& collection, std::string body,
                                           const UpdateOptions& options) {
  return single_write<T, DocumentUpdateError>(update_request(collection, std::move(body), options));
}

Request update_many_request(const std::string& collection, DocumentList documents, const UpdateManyOptions& options);
template <class T>
Operation<std::vector<BulkItem<DocumentMeta<T>>>> update_many(const std::string& collection, DocumentList documents,
                                                             const UpdateManyOptions& options) {
  const std::size_t results = result_count(documents, options);
  return multi_write<T, DocumentUpdateError>(update_many_request(collection, std::move(documents), options), results);
}

Request replace_request(const std::string& collection, std::string body, const ReplaceOptions& options);
template <class T>
Operation<DocumentMeta<T>> replace_document(const std::string& collection, std::string body,
                                            const ReplaceOptions& options) {
  return single_write<T, DocumentReplaceError>(replace_request(collection, std::move(body), options));
}

Request replace_many_request(const std::string& collection, DocumentList documents, const ReplaceManyOptions& options);
template <class T>
Operation<std::vector<BulkItem<DocumentMeta<T>>>> replace_many(const std::string& collection, DocumentList documents,
                                                              const ReplaceManyOptions& options) {
  const std::size_t results = result_count(documents, options);
  return multi_write<T, DocumentReplaceError>(replace_many_request(collection, std::move(documents), options),
                                              results);
}

Request delete_request(const std::string& collection, const DocumentRef& document, const DeleteOptions& options);
template <class T>
Operation<std::optional<DocumentMeta<T>>> delete_document(const std::string& collection, const DocumentRef& document,
                                                          const DeleteOptions& options) {
  return {delete_request(collection, document, options),
          [ignore_missing = options.ignore_missing](Response& r) -> std::optional<DocumentMeta<T>> {
            if (ignore_missing && r.status_code == 404 && r.error_code == 1202) return std::nullopt;
            require_document_success<DocumentDeleteError>(r);
            return to_meta<T>(write_meta(r));
          }};
}

Request delete_many_request(const std::string& collection, DocumentList documents, const DeleteManyOptions& options);
template <class T>
Operation<std::vector<BulkItem<DocumentMeta<T>>>> delete_many(const std::string& collection, DocumentList documents,
                                                             const DeleteManyOptions& options) {
  const std::size_t results = result_count(documents, options);
  return multi_write<T, DocumentDeleteError>(delete_many_request(collection, std::move(documents), options), results);
}

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
