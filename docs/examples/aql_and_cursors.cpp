// docs/aql-and-cursors.md quotes the regions of this file; it runs against a fresh emulator in CI
// (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits non-zero
// when anything is not as the guide says.
#include <arango/arango.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

//! [number]
struct Number {
  std::int64_t value = 0;
};
// Found by argument-dependent lookup; a Deserializer<Number> would skip the DOM.
void from_json(arango::JsonView v, Number& n) { n.value = v["value"].as_int64(); }
//! [number]

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_aql").get()) sys.delete_database("docs_aql").get();
  sys.create_database("docs_aql").get();
  arango::StandardDatabase db = client.db("docs_aql", {.auth = auth}).get();
  db.create_collection("numbers").get();
  db.aql().execute("FOR i IN 1..10 INSERT {_key: TO_STRING(i), value: i} INTO numbers").get();

  //! [execute]
  arango::AQL aql = db.aql();
  arango::Cursor<arango::Json> cursor =
      aql.execute("FOR n IN @@col FILTER n.value > @min SORT n.value RETURN n.value",
                  {.count = true,
                   .batch_size = 3,
                   .bind_vars = arango::Json::parse(R"({"@col": "numbers", "min": 4})")})
          .get();
  std::cout << cursor.count() << " results\n";  // 6: asked for with count = true
  std::vector<std::int64_t> values;
  while (std::optional<arango::Json> v = cursor.next().get()) values.push_back(v->as_int64());
  //! [execute]
  expect(cursor.count() == 6, "count() is the number of results");
  expect(values == std::vector<std::int64_t>{5, 6, 7, 8, 9, 10}, "next() walks every batch in order");

  //! [batches]
  arango::Cursor<arango::Json> batched = aql.execute("FOR i IN 1..7 RETURN i", {.batch_size = 3}).get();
  std::size_t first = batched.buffered();         // 3: the first batch came with the answer
  bool more = batched.has_more();                 // true: the server holds the rest
  arango::Json one = batched.pop();               // from the buffer, never fetches
  std::size_t added = batched.fetch().get();      // the next batch appended: 3
  std::deque<arango::Json> rest = batched.batch();  // a copy of what is buffered: 2, 3, 4, 5, 6
  batched.close().get();                          // frees the server-side cursor early
  //! [batches]
  expect(first == 3 && more, "the first batch holds batch_size documents");
  expect(one.as_int64() == 1 && added == 3, "pop() takes the first; fetch() appends the next batch");
  expect(rest.size() == 5 && rest.front().as_int64() == 2 && rest.back().as_int64() == 6, "batch() copies the buffer");

  //! [cursor-errors]
  arango::Cursor<arango::Json> small = aql.execute("RETURN 1").get();  // all in the first batch
  try {
    small.count();  // count was not asked for
  } catch (const arango::CursorCountError& e) {
    std::cout << e.message() << "\n";
  }
  small.pop();
  try {
    small.pop();  // the buffer is empty
  } catch (const arango::CursorEmptyError& e) {
    std::cout << e.message() << "\n";
  }
  //! [cursor-errors]
  try {
    small.count();
    expect(false, "count() without count = true throws");
  } catch (const arango::CursorCountError&) {
  }
  try {
    small.pop();
    expect(false, "pop() on an empty buffer throws");
  } catch (const arango::CursorEmptyError&) {
  }
  expect(!small.id().has_value(), "a result that fits one batch has no server-side cursor");
  try {
    small.fetch().get();
    expect(false, "fetch() without a server-side cursor throws");
  } catch (const arango::CursorStateError&) {
  }

  //! [statistics]
  arango::Cursor<arango::Json> write =
      aql.execute("FOR n IN numbers FILTER n.value <= 2 UPDATE n WITH {small: true} IN numbers").get();
  std::cout << write.statistics()["writesExecuted"].as_int64() << " written\n";  // 2
  arango::Cursor<arango::Json> limited =
      aql.execute("FOR n IN numbers LIMIT 2 RETURN n", {.options = arango::QueryProperties{.full_count = true}}).get();
  std::cout << limited.statistics()["fullCount"].as_int64() << " without the LIMIT\n";  // 10
  //! [statistics]
  expect(write.statistics()["writesExecuted"].as_int64() == 2, "statistics() has writesExecuted");
  expect(limited.statistics()["fullCount"].as_int64() == 10, "full_count reports the count without LIMIT");

  //! [typed]
  arango::Cursor<Number> typed = aql.execute<Number>("FOR n IN numbers SORT n.value LIMIT 3 RETURN n").get();
  while (std::optional<Number> n = typed.next().get()) std::cout << n->value << "\n";  // 1 2 3
  //! [typed]
  {
    arango::Cursor<Number> again = aql.execute<Number>("FOR n IN numbers SORT n.value DESC LIMIT 1 RETURN n").get();
    expect(again.next().get().value().value == 10, "execute<T> decodes each result as T");
  }

  //! [query-error]
  try {
    aql.execute("FOR n IN numbers RETURN").get();
  } catch (const arango::AQLQueryExecuteError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 400 1501 (syntax error)
  }
  //! [query-error]
  try {
    aql.execute("FOR n IN numbers RETURN").get();
    expect(false, "a syntax error fails");
  } catch (const arango::AQLQueryExecuteError& e) {
    expect(e.http_code() == 400 && e.error_code() == 1501, "a syntax error is 400 / 1501");
  }
  try {
    aql.execute("FOR n IN missing RETURN n").get();
    expect(false, "an unknown collection fails");
  } catch (const arango::AQLQueryExecuteError& e) {
    expect(e.error_code() == 1203, "an unknown collection is 1203");
  }
  try {
    aql.execute("RETURN @x").get();
    expect(false, "a missing bind parameter fails");
  } catch (const arango::AQLQueryExecuteError& e) {
    expect(e.error_code() == 1551, "a missing bind parameter is 1551");
  }

  //! [explain]
  arango::Json plan = aql.explain("FOR n IN numbers FILTER n.value == 3 RETURN n").get();  // {"plan": ...}
  arango::Json parsed = aql.validate("FOR n IN numbers RETURN n").get();  // collections, bindVars, ast
  //! [explain]
  expect(plan["plan"].is_object(), "explain delivers the plan");
  expect(parsed["ast"].is_array() && parsed["collections"].is_array(), "validate delivers the ast and collections");
  try {
    aql.validate("FOR").get();
    expect(false, "validate of a broken query fails");
  } catch (const arango::AQLQueryValidateError& e) {
    expect(e.error_code() == 1501, "validate reports 1501");
  }

  //! [functions]
  aql.create_function("myfns::double", "function (x) { return x * 2; }", /*is_deterministic=*/true).get();
  arango::Json doubled = aql.execute("RETURN myfns::double(21)").get().next().get().value();  // 42
  arango::Json listed = aql.functions("myfns").get();  // [{"name": "MYFNS::DOUBLE", "code": ...}]
  aql.delete_function("myfns", {.group = true}).get();
  //! [functions]
  expect(doubled.as_int64() == 42, "a user function runs in queries");
  expect(listed.size() == 1, "functions() lists the namespace's functions");
  expect(aql.functions("myfns").get().size() == 0, "delete_function with group removes the namespace");

  //! [tracking]
  arango::QueryTrackingConfiguration tracking = aql.tracking().get();
  aql.set_tracking({.slow_query_threshold = 5.0}).get();  // only the fields given change
  arango::Json running = aql.queries().get();             // an array of running queries
  arango::Json slow = aql.slow_queries().get();
  aql.clear_slow_queries().get();
  bool killed = aql.kill("12345", {.ignore_missing = true}).get();  // false: no such query
  //! [tracking]
  expect(aql.tracking().get().slow_query_threshold == 5.0, "set_tracking changes the threshold");
  expect(tracking.raw.is_object() && running.is_array() && slow.is_array(), "tracking, queries, slow_queries");
  expect(!killed, "kill with ignore_missing delivers false for an unknown query");

  //! [cache]
  arango::AQLQueryCache cache = aql.cache();
  arango::QueryCacheProperties properties = cache.configure({.mode = "demand"}).get();
  arango::Cursor<arango::Json> cached = aql.execute("FOR n IN numbers RETURN n.value", {.cache = true}).get();
  cache.clear().get();
  //! [cache]
  expect(properties.mode == "demand", "configure sets the cache mode");
  (void)cached.cached();

  //! [retry]
  arango::Cursor<arango::Json> retryable =
      aql.execute("FOR i IN 1..6 RETURN i",
                  {.batch_size = 2, .options = arango::QueryProperties{.allow_retry = true}})
          .get();
  std::optional<std::string> batch_id = retryable.next_batch_id();  // "2"
  retryable.fetch().get();                      // batch 2: 3, 4
  std::size_t reread = retryable.fetch(batch_id).get();  // batch 2 again, e.g. after a lost answer
  //! [retry]
  expect(batch_id.has_value(), "allow_retry gives a next batch id");
  expect(reread == 2 && retryable.buffered() == 6, "fetch(batch_id) appends the re-read batch");

  //! [stream]
  arango::Cursor<arango::Json> streamed =
      aql.execute("FOR n IN numbers RETURN n", {.batch_size = 4, .options = arango::QueryProperties{.stream = true}})
          .get();
  std::size_t seen = 0;
  while (streamed.next().get()) ++seen;  // 10, four at a time
  //! [stream]
  expect(seen == 10, "a streaming query yields every document");

  sys.delete_database("docs_aql").get();
  if (failures == 0) std::cout << "aql and cursors: all as documented\n";
  return failures == 0 ? 0 : 1;
}
