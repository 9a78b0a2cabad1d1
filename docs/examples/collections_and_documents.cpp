// docs/collections-and-documents.md quotes the regions of this file; it runs against a fresh
// emulator in CI (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and
// exits non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "example.hpp"

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_collections").get()) sys.delete_database("docs_collections").get();
  sys.create_database("docs_collections").get();
  arango::StandardDatabase db = client.db("docs_collections", {.auth = auth}).get();

  //! [collections]
  arango::StandardCollection<> books = db.create_collection("books").get();
  db.create_collection("loans", {.col_type = arango::CollectionType::EDGE}).get();
  db.create_collection("tickets", {.key_options = arango::KeyOptions{.allow_user_keys = false,
                                                                     .generator_type = "autoincrement",
                                                                     .increment = 10}})
      .get();

  bool has = db.has_collection("books").get();                              // true
  std::vector<arango::CollectionInfo> all = db.collections(/*exclude_system=*/true).get();
  arango::StandardCollection<> handle = db.collection("books");             // no request
  //! [collections]
  expect(has, "has_collection finds the new collection");
  expect(all.size() == 3, "collections(true) lists the three user collections");
  expect(std::any_of(all.begin(), all.end(),
                     [](const arango::CollectionInfo& c) {
                       return c.name == "loans" && c.type == arango::CollectionType::EDGE;
                     }),
         "loans is an edge collection");
  expect(handle.name() == "books", "collection() names the collection");

  //! [create-error]
  try {
    db.create_collection("books").get();
  } catch (const arango::CollectionCreateError& e) {
    std::cout << e.error_code() << " " << e.error_message() << "\n";  // 1207 duplicate name
  }
  //! [create-error]
  try {
    db.create_collection("books").get();
    expect(false, "a duplicate collection name fails");
  } catch (const arango::CollectionCreateError& e) {
    expect(e.error_code() == 1207, "a duplicate collection name is errorNum 1207");
  }

  //! [collection-calls]
  arango::CollectionProperties props = books.configure({.wait_for_sync = true}).get();
  std::int64_t n = books.count().get();
  std::string revision = books.revision().get();
  //! [collection-calls]
  expect(props.wait_for_sync, "configure changes wait_for_sync");
  expect(n == 0, "a new collection counts 0 documents");
  expect(!revision.empty(), "revision() is a string");

  //! [insert]
  arango::DocumentMeta<> meta =
      books.insert(arango::Json::parse(R"({"_key": "dune", "title": "Dune", "year": 1965})"), {.return_new = true})
          .get();
  std::cout << meta.id << " " << meta.key << " " << meta.rev << "\n";     // books/dune dune _rev
  std::cout << (*meta.new_doc)["title"].as_string() << "\n";              // Dune

  // Without a _key the server makes one.
  arango::DocumentMeta<> made = books.insert(arango::Json::object({{"title", "Solaris"}, {"year", 1961}})).get();
  //! [insert]
  expect(meta.id == "books/dune" && meta.key == "dune" && !meta.rev.empty(), "insert delivers id, key and rev");
  expect(meta.new_doc && (*meta.new_doc)["year"].as_int64() == 1965, "return_new delivers the new document");
  expect(!made.key.empty() && made.id == "books/" + made.key, "the server makes a key");

  //! [get]
  std::optional<arango::Json> dune = books.get("dune").get();               // by key
  std::optional<arango::Json> same = books.get("books/dune").get();         // by id
  std::optional<arango::Json> none = books.get("no-such-book").get();       // std::nullopt
  bool exists = books.has("dune").get();
  //! [get]
  expect(dune && (*dune)["title"].as_string() == "Dune", "get by key");
  expect(same && (*same)["_rev"].as_string() == meta.rev, "get by id");
  expect(!none, "a missing document is nullopt");
  expect(exists, "has finds the document");

  //! [update]
  arango::DocumentMeta<> updated =
      books.update(arango::Json::parse(R"({"_key": "dune", "rating": 5})"), {.return_old = true}).get();
  // updated.old_rev is the revision before; old_doc has no "rating"
  books.replace(arango::Json::parse(R"({"_key": "dune", "title": "Dune", "year": 1965, "pages": 412})")).get();
  //! [update]
  expect(updated.old_rev == meta.rev, "update reports the old revision");
  expect(updated.old_doc && !(*updated.old_doc).contains("rating"), "return_old delivers the document before");
  {
    arango::Json after = books.get("dune").get().value();
    expect(after["pages"].as_int64() == 412 && !after.contains("rating"), "replace drops what the body lacks");
  }

  //! [overwrite]
  books.insert(arango::Json::parse(R"({"_key": "dune", "title": "Dune, 2nd edition"})"),
               {.overwrite_mode = arango::OverwriteMode::update})
      .get();
  try {
    books.insert(arango::Json::parse(R"({"_key": "dune"})")).get();  // the default: conflict
  } catch (const arango::DocumentInsertError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 409 1210
  }
  //! [overwrite]
  {
    arango::Json after = books.get("dune").get().value();
    expect(after["title"].as_string() == "Dune, 2nd edition" && after["pages"].as_int64() == 412,
           "overwrite_mode update merges into the stored document");
  }
  try {
    books.insert(arango::Json::parse(R"({"_key": "dune"})")).get();
    expect(false, "inserting an existing key fails");
  } catch (const arango::DocumentInsertError& e) {
    expect(e.http_code() == 409 && e.error_code() == 1210, "an existing key is 409 / 1210");
  }

  //! [revision]
  std::string stale = meta.rev;  // the revision of the first insert
  try {
    books.update(arango::Json::parse(R"({"_key": "dune", "year": 1966})"), {.if_match = stale}).get();
  } catch (const arango::DocumentRevisionError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 412 1200
  }
  //! [revision]
  try {
    books.update(arango::Json::parse(R"({"_key": "dune", "year": 1966})"), {.if_match = stale}).get();
    expect(false, "a stale if_match fails");
  } catch (const arango::DocumentRevisionError& e) {
    expect(e.http_code() == 412 && e.error_code() == 1200, "a stale revision is 412 / 1200");
  }

  //! [parse-error]
  try {
    books.get("authors/herbert").get();  // an id of another collection: nothing is sent
  } catch (const arango::DocumentParseError& e) {
    std::cout << e.message() << "\n";
  }
  //! [parse-error]
  try {
    books.get("authors/herbert").get();
    expect(false, "an id of another collection is refused");
  } catch (const arango::DocumentParseError&) {
  }

  //! [delete]
  std::optional<arango::DocumentMeta<>> gone = books.delete_("dune", {.return_old = true}).get();
  std::optional<arango::DocumentMeta<>> missing = books.delete_("dune", {.ignore_missing = true}).get();
  //! [delete]
  expect(gone && gone->old_doc && (*gone->old_doc)["pages"].as_int64() == 412, "delete_ delivers the old document");
  expect(!missing, "delete_ of a missing document with ignore_missing is nullopt");
  try {
    books.delete_("dune").get();
    expect(false, "delete_ of a missing document fails");
  } catch (const arango::DocumentDeleteError& e) {
    expect(e.error_code() == 1202, "a missing document is errorNum 1202");
  }

  //! [bulk]
  std::vector<arango::Json> batch{arango::Json::parse(R"({"_key": "a", "n": 1})"),
                                  arango::Json::parse(R"({"_key": "b", "n": 2})"),
                                  arango::Json::parse(R"({"_key": "a", "n": 3})")};  // a duplicate
  std::vector<arango::BulkItem<arango::DocumentMeta<>>> results = books.insert_many(batch).get();
  for (const auto& item : results) {
    if (item) std::cout << "inserted " << item->id << "\n";
    else std::cout << "failed " << item.error().error_code << " " << item.error().error_message << "\n";
  }

  std::vector<arango::BulkItem<arango::Json>> docs = books.get_many(std::vector<std::string>{"b", "x", "a"}).get();
  // docs[0] is b, docs[1] the error 1202 for x, docs[2] is a
  //! [bulk]
  expect(results.size() == 3 && results[0].ok() && results[1].ok(), "insert_many: one item per input");
  expect(!results[2].ok() && results[2].error().error_code == 1210, "insert_many: the duplicate is reported in place");
  expect(docs.size() == 3 && docs[0].ok() && (*docs[0])["n"].as_int64() == 2, "get_many: b first");
  expect(!docs[1].ok() && docs[1].error().error_code == 1202, "get_many: the missing x in place, 1202");
  expect(docs[2].ok() && (*docs[2])["n"].as_int64() == 1, "get_many: a last");

  //! [bulk-more]
  books.update_many(arango::Json::parse(R"([{"_key": "a", "n": 10}, {"_key": "b", "n": 20}])")).get();
  books.delete_many(std::vector<std::string>{"a"}).get();
  //! [bulk-more]
  expect(!books.has("a").get() && books.get("b").get().value()["n"].as_int64() == 20,
         "update_many and delete_many apply per document");

  //! [import]
  arango::ImportResult imported = books.import_bulk(std::string(R"({"_key": "c", "n": 3}
{"_key": "d", "n": 4}
)"),
                                                    {.doc_type = "documents"})
                                      .get();
  std::cout << imported.created << " created, " << imported.errors << " errors\n";
  //! [import]
  expect(imported.created == 2 && imported.errors == 0, "import_bulk of two JSON lines creates two documents");

  //! [find]
  arango::Cursor<arango::Json> found =
      books.find(arango::Json::object({{"n", 4}}), {.limit = 10, .sort = {{.sort_by = "n", .sort_order = "DESC"}}})
          .get();
  while (std::optional<arango::Json> doc = found.next().get()) std::cout << (*doc)["_key"].as_string() << "\n";

  std::int64_t changed = books.update_match(arango::Json::object({{"n", 3}}), arango::Json::parse(R"({"seen": true})")).get();
  std::int64_t removed = books.delete_match(arango::Json::object({{"seen", true}})).get();
  //! [find]
  expect(found.count() == 1, "find with count: one document has n 4");
  expect(changed == 1 && removed == 1, "update_match and delete_match deliver the numbers of documents");

  //! [by-id]
  db.insert_document("books", arango::Json::parse(R"({"_key": "emma", "title": "Emma"})")).get();
  std::optional<arango::Json> emma = db.document("books/emma").get();  // the collection from the id
  db.delete_document("books/emma").get();
  //! [by-id]
  expect(emma && (*emma)["title"].as_string() == "Emma", "database-level document calls take ids");

  //! [drop]
  books.truncate().get();                                   // documents gone, indexes kept
  bool dropped = db.delete_collection("tickets").get();     // true
  bool again = db.delete_collection("tickets", {.ignore_missing = true}).get();  // false
  //! [drop]
  expect(books.count().get() == 0, "truncate empties the collection");
  expect(dropped && !again, "delete_collection: true, then false with ignore_missing");

  sys.delete_database("docs_collections").get();
  if (failures == 0) std::cout << "collections and documents: all as documented\n";
  return failures == 0 ? 0 : 1;
}
