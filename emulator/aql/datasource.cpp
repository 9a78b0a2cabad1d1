#include "aql/datasource.hpp"
#include "aql/vector.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <shared_mutex>

#include "aql/search_index.hpp"
#include "search/views.hpp"
#include "store.hpp"
#include "transactions.hpp"

namespace emu::aql {

Value document_value(Document const& d, std::string_view collection_name) {
  Object o;
  o.reserve(d.body.MemberCount() + 5);
  o.emplace_back("_key", Value::string(std::string(d.key())));
  o.emplace_back("_id", Value::string(std::string(collection_name).append("/").append(d.key())));
  if (d.is_edge()) {
    o.emplace_back("_from", Value::string(std::string(d.from())));
    o.emplace_back("_to", Value::string(std::string(d.to())));
  }
  o.emplace_back("_rev", Value::string(d.rev_string()));
  for (auto const& m : d.body.GetObject()) {
    o.emplace_back(std::string(m.name.GetString(), m.name.GetStringLength()),
                   Value::from_json(m.value));
  }
  return Value::object(std::move(o));
}

namespace {

// The collection as it was when the scan was opened (SnapshotScan), read in
// batches under the shared lock: 16 documents first, doubling up to 1024, so
// that a LIMIT which stops early costs about what it reads. Each document is
// converted when asked for, outside the lock.
class LazyScan : public DataSource::Scan {
 public:
  explicit LazyScan(std::shared_ptr<Collection> c) : c_(std::move(c)) {
    std::shared_lock lock(c_->mutex);
    name_ = c_->name;
    scan_.emplace(c_->data);
  }
  bool next(Value& doc) override {
    if (pos_ >= batch_.size()) {
      batch_.clear();
      pos_ = 0;
      std::shared_lock lock(c_->mutex);
      if (!scan_->next_batch(batch_, batch_size_)) return false;
      batch_size_ = std::min<std::size_t>(batch_size_ * 2, 1024);
    }
    doc = document_value(*batch_[pos_], name_);
    batch_[pos_++].reset();  // a long scan does not keep what it has passed alive
    return true;
  }

 private:
  std::shared_ptr<Collection> c_;
  std::string name_;
  std::optional<SnapshotScan> scan_;
  std::vector<DocPtr> batch_;
  std::size_t pos_ = 0;
  std::size_t batch_size_ = 16;
};

// A collection that does not exist: nothing to read.
class EmptyScan : public DataSource::Scan {
 public:
  bool next(Value&) override { return false; }
};

}  // namespace

std::unique_ptr<DataSource::Scan> empty_scan() { return std::make_unique<EmptyScan>(); }

void DataSource::scan(std::string const& collection, std::function<bool(Value const&)> const& fn) {
  auto docs = open_scan(collection);
  Value d;
  while (docs->next(d)) {
    if (!fn(d)) break;
  }
}

std::vector<std::shared_ptr<Index const>> DataSource::indexes(std::string const&) { return {}; }

bool DataSource::is_view(std::string_view name) {
  auto db = database();
  if (!db || db->find_collection(name)) return false;
  std::shared_lock lock(db->mutex);
  return find_view_locked(*db, name) != nullptr;
}

std::vector<std::shared_ptr<Index const>> user_indexes(Database& db, std::string_view name) {
  auto c = db.find_collection(name);
  if (!c) return {};
  std::shared_lock lock(c->mutex);
  return {c->data.indexes.begin(), c->data.indexes.end()};
}

namespace {

// FOR over a view without SEARCH: the documents its links committed last
// (search/commit.hpp), one link after the other, as arangod reads the view's snapshot.
class ViewScan : public DataSource::Scan {
 public:
  explicit ViewScan(std::vector<CommittedLink> links) : links_(std::move(links)) {}
  bool next(Value& doc) override {
    for (; link_ < links_.size(); ++link_, pos_ = 0) {
      auto const& l = links_[link_];
      if (pos_ < l.docs->size()) {
        doc = document_value(*(*l.docs)[pos_++], l.collection);
        return true;
      }
    }
    return false;
  }

 private:
  std::vector<CommittedLink> links_;
  std::size_t link_ = 0, pos_ = 0;
};

class DocstoreSource : public DataSource {
 public:
  explicit DocstoreSource(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  // A view by name or id: its name (what it reads: committed_view_documents).
  std::optional<std::string> view_name(std::string_view name) const {
    std::shared_lock lock(db_->mutex);
    auto v = find_view_locked(*db_, name);
    if (!v) return std::nullopt;
    return v->name;
  }
  std::shared_ptr<Database> database() const override { return db_; }

  std::optional<CollectionInfo> collection(std::string_view name) override {
    auto c = db_->find_collection(name);
    if (!c) {
      if (auto v = view_name(name)) return CollectionInfo{*v, false};
      return std::nullopt;
    }
    std::shared_lock lock(c->mutex);
    return CollectionInfo{c->name, c->is_edge()};
  }

  std::vector<std::string> collection_names() override {
    std::vector<std::string> out;
    for (auto const& c : db_->collections_sorted()) {
      std::shared_lock lock(c->mutex);
      out.push_back(c->name);
    }
    return out;
  }

  std::unique_ptr<Scan> open_scan(std::string const& name) override {
    auto c = db_->find_collection(name);
    if (!c) {
      if (auto links = committed_view_documents(db_, name)) return std::make_unique<ViewScan>(std::move(*links));
      return empty_scan();
    }
    return std::make_unique<LazyScan>(std::move(c));
  }

  std::size_t count(std::string const& name) override {
    auto c = db_->find_collection(name);
    if (!c) {
      // a view: what its links committed, as FOR over it reads
      std::size_t n = 0;
      if (auto links = committed_view_documents(db_, name)) {
        for (auto const& l : *links) n += l.docs->size();
      }
      return n;
    }
    std::shared_lock lock(c->mutex);
    return c->data.docs.size();
  }

  std::vector<VectorIndexInfo> vector_indexes(std::string const& name) override {
    auto c = db_->find_collection(name);
    if (!c) return {};
    std::shared_lock lock(c->mutex);
    return vector_indexes_of(*c);
  }

  std::optional<Value> lookup(std::string const& name, std::string_view key) override {
    auto c = db_->find_collection(name);
    if (!c) return std::nullopt;
    DocPtr d;
    std::string cname;
    {
      std::shared_lock lock(c->mutex);
      d = doc_lookup(*c, key);
      cname = c->name;
    }
    if (!d) return std::nullopt;
    return document_value(*d, cname);
  }

  std::vector<std::shared_ptr<Index const>> indexes(std::string const& name) override {
    return user_indexes(*db_, name);
  }

  WriteResult insert(std::string const& name, Value const& doc, WriteOptions const& o) override {
    return write(name, [&](Collection& c, rapidjson::Value const& input) {
      return doc_insert(c, input, o);
    }, doc);
  }

  WriteResult update(std::string const& name, std::string_view key, Value const& patch,
                     WriteOptions const& o) override {
    return write(name, [&](Collection& c, rapidjson::Value const& input) {
      return doc_update(c, key, input, o);
    }, patch);
  }

  WriteResult replace(std::string const& name, std::string_view key, Value const& doc,
                      WriteOptions const& o) override {
    return write(name, [&](Collection& c, rapidjson::Value const& input) {
      return doc_replace(c, key, input, o);
    }, doc);
  }

  WriteResult remove(std::string const& name, std::string_view key, std::optional<std::string> rev,
                     WriteOptions const& o) override {
    return write(name, [&](Collection& c, rapidjson::Value const&) {
      return doc_remove(c, key, rev, o);
    }, Value());
  }

 private:
  template <typename Fn>
  WriteResult write(std::string const& name, Fn&& fn, Value const& input) {
    WriteResult out;
    auto c = db_->find_collection(name);
    if (!c) {
      out.error = 1203;
      out.message = "collection or view not found: " + name;
      return out;
    }
    // waits while a stream transaction holds the collection exclusively
    CollectionLock guard;
    if (auto e = guard.acquire(c, db_->name, false); e.failed()) {
      out.error = e.code;
      out.message = e.message;
      return out;
    }
    return locked_write(*c, input, fn);
  }

  std::shared_ptr<Database> db_;
};

}  // namespace

WriteResult locked_write(Collection& c, Value const& input,
                         std::function<OpResult(Collection&, rapidjson::Value const&)> const& fn) {
  rapidjson::Document in;
  input.to_rapidjson(in, in.GetAllocator());
  OpResult r;
  std::string cname;
  {
    std::unique_lock lock(c.mutex);
    r = fn(c, in);
    cname = c.name;
  }
  WriteResult out;
  out.error = r.error;
  out.message = r.message;
  out.ignored = r.ignored;
  if (r.ok()) {
    if (r.doc) out.doc = document_value(*r.doc, cname);
    if (r.old) out.old = document_value(*r.old, cname);
  }
  return out;
}

std::unique_ptr<DataSource> make_docstore_source(std::shared_ptr<Database> db) {
  return std::make_unique<DocstoreSource>(std::move(db));
}

}  // namespace emu::aql
