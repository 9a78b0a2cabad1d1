// Document layer of the emulator, independent of HTTP.
//
// Everything that stores or changes documents goes through the operations
// below (doc_insert / doc_replace / doc_update / doc_remove / doc_lookup), so
// that the REST handlers, the import API and later the AQL engine share one
// implementation of keys, revisions, key generators, edge validation,
// unique/sparse index enforcement, schema validation, computed values,
// overwrite modes, versionAttribute, keepNull and mergeObjects.
//
// Documents are immutable once stored: a `DocPtr` (a reference-counted
// pointer to a Document) handed out stays valid and unchanged, a write always
// builds a new Document (DocDraft::make) and swaps the pointer. Snapshots and
// overlays are therefore cheap (copy pointers, never JSON).
//
// Locking: every function taking a `Collection&` / `Collection const&`
// expects the caller to hold `Collection::mutex` (exclusive for writes,
// shared for reads). Lock order: Store -> Database -> Collection.
//
// How stream transactions (issue 5) plug in: every operation reads and writes
// through a DocView. CommittedView is the collection itself; a transaction
// (transactions.hpp) implements DocView as an overlay (key -> DocPtr, nullptr
// = removed in the transaction, plus the overlay's own unique-index entries)
// over the committed CollectionData, so the same code validates keys,
// schemas, revisions and unique indexes for both. Like RocksDB, a
// transaction write-locks the document keys and unique index entries it
// touches (CollectionData::trx_locks); everybody else's writes to them fail
// with 1200 "Timeout waiting to lock key ..." until it ends. Commit takes the
// collection locks of all written collections (sorted by id), checks the
// overlay's unique entries against the committed data (the whole commit is
// rejected before anything is applied) and applies it with doc_set. Abort
// drops the overlay. Nothing outside the transaction sees its writes before
// commit.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

namespace emu {

class JsonWriter;
class Collection;
namespace search {
class LinkCommit;  // search/commit.hpp
}

// ---------------------------------------------------------------------------
// Ticks and revisions
// ---------------------------------------------------------------------------

// Server tick (TRI_NewTickServer): ids of databases, collections, indexes,
// documents of the traditional key generator ... strictly increasing.
std::uint64_t new_tick() noexcept;
// Makes sure later ticks are larger than `value` (key generators track
// numeric user keys).
void observe_tick(std::uint64_t value) noexcept;

// Hybrid logical clock as arangod's RevisionId: (milliseconds since the epoch
// << 20) | counter, strictly increasing within the process.
std::uint64_t new_revision() noexcept;
// arangod's HybridLogicalClock::encodeTimeStamp ("_l6zhVVS---").
std::string encode_revision(std::uint64_t rev);
// Inverse of encode_revision (nullopt for characters outside the alphabet).
std::optional<std::uint64_t> decode_revision(std::string_view s) noexcept;

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

// A stored document: one allocation holding this header, the key, _from/_to
// and the body's RapidJSON tree laid out exactly (no per-document allocator
// object, no separate strings). Immutable once made (doc_make); shared by
// intrusive reference count through DocPtr.
class Document {
 public:
  Document(Document const&) = delete;
  Document& operator=(Document const&) = delete;

  std::string_view key() const noexcept { return {chars(), key_len_}; }
  std::string_view from() const noexcept { return {chars() + key_len_, from_len_}; }  // edges only
  std::string_view to() const noexcept { return {chars() + key_len_ + from_len_, to_len_}; }
  bool is_edge() const noexcept { return from_len_ != 0; }

  std::uint64_t rev = 0;
  // User attributes in their stored order (an object). Never contains _key,
  // _id, _rev, _from or _to.
  rapidjson::Value body;

  std::string rev_string() const { return encode_revision(rev); }
  // The user attribute at a dotted path ("a.b.c"); nullptr when absent. (For
  // _key/_from/_to/_rev use the accessors above.)
  rapidjson::Value const* attribute(std::string_view path) const noexcept;

 private:
  friend class DocPtr;
  friend struct DocDraft;
  Document() = default;
  char const* chars() const noexcept { return reinterpret_cast<char const*>(this + 1); }

  // keys are at most 254 bytes, _from/_to at most 511 (collection/key)
  mutable std::atomic<std::uint32_t> refs_{0};
  std::uint16_t key_len_ = 0;
  std::uint16_t from_len_ = 0;
  std::uint16_t to_len_ = 0;
};

// Shared ownership of an immutable Document (as shared_ptr<Document const>,
// with the count inside the document: 8 bytes, no control block).
class DocPtr {
 public:
  DocPtr() noexcept = default;
  DocPtr(std::nullptr_t) noexcept {}  // NOLINT: as shared_ptr
  DocPtr(DocPtr const& o) noexcept : p_(o.p_) { acquire(); }
  DocPtr(DocPtr&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  DocPtr& operator=(DocPtr const& o) noexcept {
    DocPtr(o).swap(*this);
    return *this;
  }
  DocPtr& operator=(DocPtr&& o) noexcept {
    DocPtr(std::move(o)).swap(*this);
    return *this;
  }
  ~DocPtr() { release(); }

  Document const* get() const noexcept { return p_; }
  Document const& operator*() const noexcept { return *p_; }
  Document const* operator->() const noexcept { return p_; }
  explicit operator bool() const noexcept { return p_ != nullptr; }
  void reset() noexcept { DocPtr().swap(*this); }
  void swap(DocPtr& o) noexcept { std::swap(p_, o.p_); }
  friend bool operator==(DocPtr const& a, DocPtr const& b) noexcept { return a.p_ == b.p_; }
  friend bool operator==(DocPtr const& a, std::nullptr_t) noexcept { return a.p_ == nullptr; }

 private:
  friend struct DocDraft;
  explicit DocPtr(Document* p) noexcept : p_(p) { acquire(); }
  void acquire() noexcept {
    if (p_ != nullptr) p_->refs_.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept;

  Document* p_ = nullptr;
};

// A document being made (insert, update, replace): mutable, then frozen into
// a Document by make().
struct DocDraft {
  std::string key;
  std::string from;  // edges only
  std::string to;    // edges only
  std::uint64_t rev = 0;
  rapidjson::MemoryPoolAllocator<> alloc{1024};
  rapidjson::Value body{rapidjson::kObjectType};  // allocated from `alloc`

  // The stored document: key, _from/_to, rev and a copy of the body in one
  // allocation of the size it needs.
  DocPtr make() const;
};

// Writes the document as arangod returns it: _key, _id, [_from, _to,] _rev,
// then the user attributes.
void write_document(JsonWriter& w, Document const& d, std::string_view collection_name);
std::string document_json(Document const& d, std::string_view collection_name);
// Parsed full representation (for schema checks, AQL, computed values).
void document_to_value(Document const& d, std::string_view collection_name,
                       rapidjson::Value& out, rapidjson::Document::AllocatorType& alloc);

// ---------------------------------------------------------------------------
// Key generators
// ---------------------------------------------------------------------------

enum class KeyGenType { Traditional, Autoincrement, Padded, Uuid };

struct KeyGenerator {
  KeyGenType type = KeyGenType::Traditional;
  bool allow_user_keys = true;
  std::uint64_t increment = 1;  // autoincrement
  std::uint64_t offset = 0;     // autoincrement
  std::uint64_t last_value = 0;

  // Error number (0 = ok) for a user-supplied key.
  int validate(std::string_view key, bool is_restore = false) const;
  // Remembers a user key (numeric keys move last_value).
  void track(std::string_view key);
  std::string generate();
  void write(JsonWriter& w) const;  // the keyOptions object
};
// Parses keyOptions of a collection creation. Error number + message.
struct KeyGenParse {
  int error = 0;
  std::string message;
  KeyGenerator gen;
};
KeyGenParse parse_key_options(rapidjson::Value const* options);

// Key characters and length as KeyGenerator::validateKey (traditional).
bool is_valid_document_key(std::string_view key) noexcept;
// "<collection>/<key>" as accepted for _from/_to.
bool is_valid_document_id(std::string_view id) noexcept;

// ---------------------------------------------------------------------------
// Indexes
// ---------------------------------------------------------------------------

// The params of a vector index (vector_index.hpp).
struct VectorParams {
  std::string metric;  // "cosine", "l2" or "innerProduct"
  std::uint64_t dimension = 0;
  std::uint64_t n_lists = 0;  // fixed nLists; 0 in scaling mode
  std::int64_t default_n_probe = 1;
  // nLists in scaling mode (3.12.10: an object, or absent): autoSqrt gives
  // max(min_n_lists, multiplier * sqrt(N)) unless a tier's threshold <= N
  std::uint64_t multiplier = 4, min_n_lists = 2;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> tiers;  // (threshold, fixedValue)
  std::uint64_t resolved_n_lists = 0;  // what the training used (0: not trained)
};

struct Index {
  std::uint64_t id = 0;
  std::string type;                 // as reported: primary, edge, persistent, ttl, ...
  std::string name;
  std::vector<std::string> fields;  // attribute paths ("a.b", "tags[*]")
  bool unique = false;
  bool sparse = false;
  double expire_after = 0;          // ttl
  // Further reported attributes: key -> compact JSON, merged with the ones
  // above and written in sorted key order (arangod sorts index objects).
  std::map<std::string, std::string> extra;
  // Replaces the plain `fields` array in the output (inverted indexes).
  std::string fields_json;

  // Unique enforcement: encoded value tuple -> document key.
  std::unordered_map<std::string, std::string> unique_entries;

  // vector indexes: the params, the committed documents with a vector, and
  // whether the index has been trained (vector_index.hpp)
  std::optional<VectorParams> vector;
  std::uint64_t vector_docs = 0;
  bool trained = false;

  // inverted indexes: what SEARCH sees of the collection (search/commit.hpp)
  std::shared_ptr<search::LinkCommit> search_commit;

  bool enforces_unique() const { return unique && (type == "persistent"); }
};

// Writes the reported definition: all attributes sorted by name. `extra_kv`
// (e.g. isNewlyCreated, figures) are merged in the same order.
void write_index(JsonWriter& w, Index const& idx, std::string_view collection_name,
                 std::vector<std::pair<std::string, std::string>> const& extra_kv = {});

// Builds an index from a POST /_api/index body. Error number + message.
struct IndexParse {
  int error = 0;
  int status = 0;  // HTTP status to use (0: generic map)
  std::string message;
  std::shared_ptr<Index> index;
};
IndexParse parse_index_definition(rapidjson::Value const& body, Collection const& c);
// Same definition (type, fields, unique, sparse and type specifics)?
bool same_index_definition(Index const& a, Index const& b);

// ---------------------------------------------------------------------------
// Schema and computed values
// ---------------------------------------------------------------------------

enum class SchemaLevel { None, New, Moderate, Strict };
struct Schema {
  std::shared_ptr<rapidjson::Document> rule;
  SchemaLevel level = SchemaLevel::Strict;
  std::string message;
};
struct SchemaParse {
  int error = 0;
  std::string message;
  std::optional<Schema> schema;  // nullopt: no schema (null / {})
};
SchemaParse parse_schema(rapidjson::Value const& v);
void write_schema(JsonWriter& w, std::optional<Schema> const& s);
// Validates a document value against the JSON-schema subset.
bool schema_accepts(rapidjson::Value const& rule, rapidjson::Value const& doc);

struct ComputedValue {
  std::string name;
  std::string expression;
  bool overwrite = false;
  bool on_insert = true, on_update = true, on_replace = true;
  bool keep_null = true;
  bool fail_on_warning = false;
  // Parsed form of `expression` when the emulator can evaluate it.
  std::shared_ptr<void const> compiled;
};
struct ComputedParse {
  int error = 0;
  std::string message;
  std::vector<ComputedValue> values;
};
ComputedParse parse_computed_values(rapidjson::Value const& v);
void write_computed_values(JsonWriter& w, std::vector<ComputedValue> const& cvs, bool is_null);

// ---------------------------------------------------------------------------
// Collection contents
// ---------------------------------------------------------------------------

// The key index: the documents themselves, hashed and compared by their key
// (the key is not stored twice). Looked up by std::string_view.
struct DocKeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view k) const noexcept { return std::hash<std::string_view>{}(k); }
  std::size_t operator()(DocPtr const& d) const noexcept { return (*this)(d->key()); }
};
struct DocKeyEq {
  using is_transparent = void;
  static std::string_view k(std::string_view s) noexcept { return s; }
  static std::string_view k(DocPtr const& d) noexcept { return d->key(); }
  template <class A, class B>
  bool operator()(A const& a, B const& b) const noexcept { return k(a) == k(b); }
};
using DocKeyIndex = std::unordered_set<DocPtr, DocKeyHash, DocKeyEq>;

struct LiveVersion {
  DocPtr doc;
  std::uint64_t seq = 0;  // write_seq that made it visible
};
struct DeadVersion {
  DocPtr doc;
  std::uint64_t seq = 0;      // visible from
  std::uint64_t removed = 0;  // up to (excluding) this write_seq
};

struct CollectionData {
  KeyGenerator keygen;
  std::optional<Schema> schema;
  std::vector<ComputedValue> computed_values;
  bool computed_values_null = true;
  bool cache_enabled = false;
  std::uint32_t write_concern = 1;
  std::uint32_t replication_factor = 1;

  DocKeyIndex docs;                                   // the documents by key
  // Storage (revision) order, and when each version became visible (write_seq).
  std::map<std::uint64_t, LiveVersion> by_rev;
  // Versions removed or replaced while a scan snapshot that sees them was open
  // (rev -> version); dropped when no open snapshot sees them any more.
  std::multimap<std::uint64_t, DeadVersion> graveyard;
  // Counts every change of the committed contents (under the exclusive lock).
  std::uint64_t write_seq = 0;
  // Open scan snapshots (their write_seq): registered under the shared lock,
  // so under snap_mutex.
  mutable std::mutex snap_mutex;
  mutable std::multiset<std::uint64_t> snapshots;
  std::unordered_map<std::string, std::set<std::string>> edges_from;  // vertex id -> edge keys
  std::unordered_map<std::string, std::set<std::string>> edges_to;
  std::vector<std::shared_ptr<Index>> indexes;        // user indexes (primary/edge implicit)
  std::uint64_t last_revision = 0;                    // last write (incl. removes)
  // Write locks of running stream transactions: lock name (see DocView::lock)
  // -> transaction id. Everybody else's writes to a locked key or unique
  // index entry fail with 1200 until that transaction ends.
  std::unordered_map<std::string, std::uint64_t> trx_locks;
};

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

enum class OverwriteMode { None, Ignore, Replace, Update, Conflict };

struct WriteOptions {
  bool wait_for_sync = false;
  bool return_new = false;
  bool return_old = false;
  bool silent = false;
  bool ignore_revs = true;      // ignore _rev in the body
  bool keep_null = true;        // update: null means "remove" when false
  bool merge_objects = true;    // update: merge nested objects
  bool is_restore = false;      // take _key/_rev as given (import of dumps)
  OverwriteMode overwrite_mode = OverwriteMode::None;
  std::string version_attribute;  // external versioning
  // Expected revision (If-Match header); checked regardless of ignore_revs.
  std::optional<std::string> if_match;
};

struct OpResult {
  int error = 0;
  std::string message;          // detailed message (empty: errors.tsv text)
  DocPtr doc;                   // the document after the operation (removed one for remove)
  DocPtr old;                   // the previous version (update/replace/remove/overwrite)
  bool ignored = false;         // overwriteMode ignore / versionAttribute: nothing written
  bool precondition = false;    // 1200 caused by if_match (HTTP 412)
  bool ok() const noexcept { return error == 0; }
};

// What the operations below read and write: the committed contents of a
// collection (CommittedView, used by the overloads without a view) or a
// stream transaction's overlay over them (transactions.hpp). The caller holds
// Collection::mutex as for the committed data.
class DocView {
 public:
  virtual ~DocView() = default;
  virtual DocPtr lookup(std::string_view key) const = 0;
  // All visible documents in storage (revision) order; `fn` returns false to stop.
  virtual void for_each(std::function<bool(DocPtr const&)> const& fn) const = 0;
  virtual std::size_t count() const = 0;
  virtual bool revision_taken(std::uint64_t rev) const = 0;
  // Key of the visible document holding `tuple` in unique index `idx` ("" = none).
  virtual std::string unique_owner(Index const& idx, std::string const& tuple) const = 0;
  // Write lock on a document key ("k" + key) or a unique index entry
  // ("u" + index id + ":" + tuple); false when another transaction holds it.
  virtual bool lock(std::string const& name) = 0;
  virtual void put(DocPtr const& old, DocPtr const& doc) = 0;
  virtual void remove(DocPtr const& old) = 0;
  // Sets `key` to `doc` (nullptr: absent) without any checks (rollback).
  virtual void reset(std::string const& key, DocPtr const& doc) = 0;
  // Removes every visible document; 0 or an error number (1200: locked).
  virtual int truncate() = 0;
};

class CommittedView final : public DocView {
 public:
  explicit CommittedView(Collection& c) : c_(c) {}
  DocPtr lookup(std::string_view key) const override;
  void for_each(std::function<bool(DocPtr const&)> const& fn) const override;
  std::size_t count() const override;
  bool revision_taken(std::uint64_t rev) const override;
  std::string unique_owner(Index const& idx, std::string const& tuple) const override;
  bool lock(std::string const& name) override;
  void put(DocPtr const& old, DocPtr const& doc) override;
  void remove(DocPtr const& old) override;
  void reset(std::string const& key, DocPtr const& doc) override;
  int truncate() override;

 private:
  Collection& c_;
};

// The operations on a view (the overloads below use the committed data).
OpResult doc_insert(Collection& c, DocView& v, rapidjson::Value const& input, WriteOptions const& o);
OpResult doc_replace(Collection& c, DocView& v, std::string_view key, rapidjson::Value const& input,
                     WriteOptions const& o);
OpResult doc_update(Collection& c, DocView& v, std::string_view key, rapidjson::Value const& input,
                    WriteOptions const& o);
OpResult doc_remove(Collection& c, DocView& v, std::string_view key,
                    std::optional<std::string> body_rev, WriteOptions const& o);

// Index key tuples of a document in `idx` (several with array expansion;
// none when a sparse index skips it), as unique_entries stores them.
std::vector<std::string> index_tuples(Index const& idx, Document const& d);
// "unique constraint violated - in index ... conflicting key: <key>".
std::string unique_violation_message(Index const& idx, std::string_view conflicting_key);
// Makes `doc` (nullptr: absent) the committed version of `key`, keeping
// indexes and the collection revision up to date (transaction commit).
void doc_set(Collection& c, std::string const& key, DocPtr const& doc);

// Insert (with overwriteMode). `input` must be an object.
OpResult doc_insert(Collection& c, rapidjson::Value const& input, WriteOptions const& o);
// Replace / update the document with key `key` (taken from the URL or the
// body's _key by the caller).
OpResult doc_replace(Collection& c, std::string_view key, rapidjson::Value const& input,
                     WriteOptions const& o);
OpResult doc_update(Collection& c, std::string_view key, rapidjson::Value const& input,
                    WriteOptions const& o);
// Remove; `body_rev` is the _rev of the selector object (checked unless
// ignore_revs).
OpResult doc_remove(Collection& c, std::string_view key, std::optional<std::string> body_rev,
                    WriteOptions const& o);
// nullptr when absent.
DocPtr doc_lookup(Collection const& c, std::string_view key);
// Puts the document with key `key` back to `previous` (nullptr: absent).
// Used to roll back a partially applied batch (import with complete=true).
void doc_undo(Collection& c, std::string const& key, DocPtr const& previous);
// Removes everything (keeps indexes and key generator state).
void doc_truncate(Collection& c);
// Iterates all documents in storage order.
void doc_for_each(Collection const& c, std::function<bool(DocPtr const&)> const& fn);

// A scan of the committed documents in storage order as they were when it was
// opened (as arangod's snapshot iterators): writes after that are not seen, and
// the versions they remove or replace stay readable to it (the collection's
// graveyard) until it is destroyed. It reads a batch at a time, so a scan that
// stops early costs what it read, not the collection.
class SnapshotScan {
 public:
  // The caller holds the collection's shared lock, and keeps the collection
  // alive while the scan exists.
  explicit SnapshotScan(CollectionData const& data);
  ~SnapshotScan();
  SnapshotScan(SnapshotScan const&) = delete;
  SnapshotScan& operator=(SnapshotScan const&) = delete;
  // Appends up to about `max` further documents (all versions of one revision
  // together); false when there were none left. The caller holds the shared lock.
  bool next_batch(std::vector<DocPtr>& out, std::size_t max);

 private:
  CollectionData const& data_;
  std::uint64_t snapshot_;
  std::uint64_t next_rev_ = 0;  // where the next batch starts
  bool done_ = false;
};

// Extracts the key from a selector as transaction::helpers::extractKeyPart
// does: a string ("key" or "coll/key"), or an object's "_key" string (its
// "_id" does not count). Empty when there is none.
std::string selector_key(rapidjson::Value const& v);

// Adds an index (checks existing documents for unique violations).
IndexParse add_index(Collection& c, std::shared_ptr<Index> idx);
// Collection checksum as GET /_api/collection/<c>/checksum.
std::uint64_t collection_checksum(Collection const& c, bool with_revisions, bool with_data);

// TTL: removes expired documents of all ttl indexes; returns the count.
// Returns the allocator's free memory to the system when it holds much of it
// (after a dropped database, a finished large query or cursor): glibc keeps
// freed memory in its arenas otherwise. Cheap when there is little to give.
void give_back_free_memory();

std::size_t ttl_sweep(Collection& c, double now_seconds);

}  // namespace emu
