// The AQL engine's only access to stored data.
//
// Every collection read and write of a query goes through a DataSource. The
// default implementation (DocstoreDataSource) uses the document layer
// (docstore.hpp) under the collection locks: reads take the shared lock for
// the duration of one call (a scan takes the document pointers, which are
// immutable, a batch at a time from a SnapshotScan and converts them outside
// the lock), writes take the exclusive
// lock for one document operation. A stream transaction (issue 5) implements
// the same interface on top of its overlay (reads consult the overlay first,
// writes go to the overlay), so queries run inside a transaction see its
// uncommitted writes and nothing else changes in the engine.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aql/value.hpp"
#include "docstore.hpp"

namespace emu {
class Database;
}

namespace emu::aql {

struct CollectionInfo {
  std::string name;  // canonical name (lookups by id resolve to it)
  bool edge = false;
};

struct WriteResult {
  int error = 0;
  std::string message;  // detail (empty: errors.tsv text)
  Value doc;            // document after the operation (NEW); removed document for remove
  Value old;            // previous version (OLD)
  bool ignored = false; // nothing written (overwriteMode ignore)
};

// A vector index as the optimizer sees it (aql/vector.hpp).
struct VectorIndexInfo {
  std::string name;
  std::string field;   // attribute path ("a.b")
  std::string metric;  // "cosine", "l2", "innerProduct"
  std::size_t dimension = 0;
  bool ready = false;  // trained
};

class DataSource {
 public:
  virtual ~DataSource() = default;

  // Collection by name (or numeric id); nullopt when unknown.
  virtual std::optional<CollectionInfo> collection(std::string_view name) = 0;
  // All collection names (sorted), system collections included.
  virtual std::vector<std::string> collection_names() = 0;
  // All documents in storage order, converted one at a time as next() asks
  // for them (a FOR over a collection that a LIMIT stops early reads only what
  // it needs); nothing for an unknown collection (empty_scan()).
  class Scan {
   public:
    virtual ~Scan() = default;
    virtual bool next(Value& doc) = 0;
  };
  virtual std::unique_ptr<Scan> open_scan(std::string const& collection) = 0;
  // The same documents through open_scan(); `fn` returns false to stop.
  void scan(std::string const& collection, std::function<bool(Value const&)> const& fn);
  // Number of documents.
  virtual std::size_t count(std::string const& collection) = 0;
  // The collection's vector indexes (none when unknown).
  virtual std::vector<VectorIndexInfo> vector_indexes(std::string const& collection) {
    (void)collection;
    return {};
  }
  // Document by key; nullopt when absent.
  virtual std::optional<Value> lookup(std::string const& collection, std::string_view key) = 0;
  // The user-defined indexes of a collection (their definitions: the geo and fulltext
  // functions look for theirs here); empty when it has none or is unknown.
  virtual std::vector<std::shared_ptr<Index const>> indexes(std::string const& collection);

  // The database the query runs in (its analyzers serve TOKENS()); nullptr
  // when there is none.
  virtual std::shared_ptr<Database> database() const { return nullptr; }
  // Whether `name` (name or id) is a view of database() and not a collection.
  bool is_view(std::string_view name);

  virtual WriteResult insert(std::string const& collection, Value const& doc,
                             WriteOptions const& options) = 0;
  virtual WriteResult update(std::string const& collection, std::string_view key,
                             Value const& patch, WriteOptions const& options) = 0;
  virtual WriteResult replace(std::string const& collection, std::string_view key,
                              Value const& doc, WriteOptions const& options) = 0;
  virtual WriteResult remove(std::string const& collection, std::string_view key,
                             std::optional<std::string> rev, WriteOptions const& options) = 0;
};

// DataSource over a database of the emulator's store (docstore under the
// collection locks).
std::unique_ptr<DataSource> make_docstore_source(std::shared_ptr<Database> db);

// The user-defined indexes of collection `name` of `db` (empty when unknown).
std::vector<std::shared_ptr<Index const>> user_indexes(Database& db, std::string_view name);

// A scan that reads nothing (an unknown collection, a source without data).
std::unique_ptr<DataSource::Scan> empty_scan();

// A stored document as an AQL value (_key, _id, [_from, _to,] _rev, body).
Value document_value(Document const& d, std::string_view collection_name);

// Runs one document operation fn(collection, input) under the collection's exclusive lock and
// reports it as a WriteResult (the documents only when it succeeded): what every DataSource's
// writes share once they have found the collection and checked their access to it.
WriteResult locked_write(Collection& c, Value const& input,
                         std::function<OpResult(Collection&, rapidjson::Value const&)> const& fn);

}  // namespace emu::aql
