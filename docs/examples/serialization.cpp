// docs/serialization.md quotes the regions of this file (and of samples/typed_documents.cpp). It
// runs against a fresh emulator and exits non-zero when anything is not as the guide says.
#include <arango/arango.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "example.hpp"

//! [book]
// A user type received through a DOM: from_json reads a JsonView (found by argument-dependent
// lookup, like to_json). Simpler to write than a SAX handler; costs a parse tree per document.
namespace shop {

struct Book {
  std::string key;
  std::string title;
  std::vector<std::string> authors;
  std::optional<double> price;  // absent: not for sale
};

void to_json(arango::JsonWriter& w, const Book& b) {
  w.begin_object();
  if (!b.key.empty()) {
    w.key("_key");
    w.string(b.key);
  }
  w.key("title");
  w.string(b.title);
  w.key("authors");
  w.begin_array();
  for (const std::string& a : b.authors) w.string(a);
  w.end_array();
  if (b.price) {
    w.key("price");
    w.number(*b.price);
  }
  w.end_object();
}

void from_json(arango::JsonView v, Book& b) {
  b.key = v["_key"].string_or("");
  b.title = v["title"].as_string();  // throws DeserializationError when not a string
  for (arango::JsonView a : v["authors"].elements()) b.authors.emplace_back(a.as_string());
  if (v["price"].is_number()) b.price = v["price"].as_double();
}

}  // namespace shop
//! [book]

//! [fields]
// A type from a list of its fields: written by to_json and read by a SAX Deserializer that the
// library derives from the list, nested structs, vectors and optionals included.
namespace shop {
struct Line {
  std::string sku;
  int quantity = 1;
};
struct Order {
  std::string key;
  std::string customer;
  std::vector<Line> lines;
  std::optional<std::string> note;  // left out when empty
};
}  // namespace shop

template <>
struct arango::JsonFields<shop::Line> {
  static constexpr auto fields = arango::fields(field("sku", &shop::Line::sku), field("quantity", &shop::Line::quantity));
};
template <>
struct arango::JsonFields<shop::Order> {
  static constexpr auto fields =
      arango::fields(field("_key", &shop::Order::key), field("customer", &shop::Order::customer),
                     field("lines", &shop::Order::lines), field("note", &shop::Order::note));
};
//! [fields]

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::ArangoClient client(url);
  arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();

  //! [typed-collection]
  arango::StandardCollection<shop::Book> books = db.create_collection<shop::Book>("books").get();
  books.insert(shop::Book{"dune", "Dune", {"Frank Herbert"}, 9.99}).get();
  books.insert(shop::Book{"emma", "Emma", {"Jane Austen"}, std::nullopt}).get();
  std::optional<shop::Book> dune = books.get("dune").get();  // nullopt when there is none
  // Queries decode each result into the type asked for.
  auto cursor = db.aql().execute<shop::Book>("FOR b IN books SORT b.title RETURN b").get();
  while (std::optional<shop::Book> b = cursor.next().get()) std::cout << b->title << "\n";
  //! [typed-collection]
  expect(dune && dune->title == "Dune" && dune->authors == std::vector<std::string>{"Frank Herbert"} &&
             dune->price == 9.99,
         "a Book round-trips through to_json / from_json");
  {
    auto again = db.aql().execute<shop::Book>("FOR b IN books SORT b.title RETURN b").get();
    std::vector<std::string> titles;
    bool emma_has_no_price = false;
    while (auto b = again.next().get()) {
      titles.push_back(b->title);
      if (b->key == "emma") emma_has_no_price = !b->price;
    }
    expect(titles == std::vector<std::string>{"Dune", "Emma"}, "execute<Book> decodes every result");
    expect(emma_has_no_price, "an absent member stays unset");
  }

  //! [same-collection-as-json]
  // The same collection as JSON: a handle decides the type, not the collection.
  arango::StandardCollection<arango::Json> raw = db.collection("books");
  arango::Json doc = raw.get("dune").get().value();
  std::cout << doc["_rev"].as_string() << " " << doc["authors"][0].as_string() << "\n";
  //! [same-collection-as-json]
  expect(doc["_rev"].is_string() && doc["authors"][0].as_string() == "Frank Herbert", "a Json handle sees everything");

  //! [decode-error]
  raw.insert(arango::Json::object({{"_key", "odd"}, {"title", 42}})).get();  // title is no string
  try {
    (void)books.get("odd").get();
  } catch (const arango::DeserializationError& e) {  // thrown by from_json, raised by the call
    std::cout << "cannot read as Book: " << e.what() << "\n";
  }
  //! [decode-error]
  {
    bool raised = false;
    try {
      (void)books.get("odd").get();
    } catch (const arango::DeserializationError&) {
      raised = true;
    }
    expect(raised, "a document from_json cannot read makes the call raise DeserializationError");
  }

  //! [json]
  using namespace arango::literals;
  arango::Json built = arango::Json::object({{"name", "Ann"}, {"tags", arango::Json::array({"a", "b"})}});
  arango::Json parsed = arango::Json::parse(R"({"name": "Ann", "tags": ["a", "b"]})");
  arango::Json literal = R"({"tags": ["a", "b"], "name": "Ann"})"_json;
  // Deep equality: members in any order.
  std::cout << (built == parsed && parsed == literal) << "\n";
  for (auto [name, value] : parsed.members()) std::cout << name << " = " << value.dump() << "\n";
  arango::JsonView missing = parsed["nope"];  // absent: reads as null, exists() is false
  std::cout << missing.exists() << " " << missing.int64_or(-1) << "\n";
  arango::Json tags = parsed.get("tags");  // shares parsed's document and keeps it alive
  //! [json]
  expect(built == parsed && parsed == literal, "Json::object, parse and _json build equal values");
  expect(!missing.exists() && missing.is_null() && missing.int64_or(-1) == -1, "a missing member is absent");
  expect(tags.size() == 2 && tags[1].as_string() == "b", "Json::get keeps a part");

  //! [builder]
  // Write JSON text directly (no DOM), e.g. to send a body you assemble yourself.
  arango::JsonBuilder w;
  w.begin_object();
  w.key("_key");
  w.string("moby");
  w.key("title");
  w.string("Moby-Dick");
  w.end_object();
  arango::JsonText text = w.finish();  // {"_key":"moby","title":"Moby-Dick"}
  raw.insert(text).get();              // JsonText is sent as it is
  //! [builder]
  expect(text.str() == R"({"_key":"moby","title":"Moby-Dick"})", "JsonBuilder writes compact JSON");
  expect(books.get("moby").get()->title == "Moby-Dick", "a JsonText insert stores the document");

  //! [fields-use]
  auto orders = db.create_collection<shop::Order>("orders").get();
  orders.insert(shop::Order{"o1", "Ann", {{"dune", 2}, {"emma", 1}}, std::nullopt}).get();
  std::optional<shop::Order> o1 = orders.get("o1").get();
  std::cout << o1->customer << " ordered " << o1->lines.size() << " lines\n";
  try {  // a value of the wrong type names its path
    (void)arango::decode_json<shop::Order>(R"({"lines": [{"sku": "x", "quantity": "two"}]})");
  } catch (const arango::DeserializationError& e) {
    std::cout << e.what() << "\n";  // lines[0].quantity: expected an integer, got a string
  }
  //! [fields-use]
  expect(o1 && o1->lines.size() == 2 && o1->lines[0].sku == "dune" && o1->lines[0].quantity == 2 && !o1->note,
         "an Order round-trips through its JsonFields");
  expect(arango::JsonInput(*o1).text() ==
             R"({"_key":"o1","customer":"Ann","lines":[{"sku":"dune","quantity":2},{"sku":"emma","quantity":1}]})",
         "JsonFields writes the fields in list order and leaves an empty optional out");
  {
    std::string what;
    try {
      (void)arango::decode_json<shop::Order>(R"({"lines": [{"sku": "x", "quantity": "two"}]})");
    } catch (const arango::DeserializationError& e) {
      what = e.what();
    }
    expect(what == "lines[0].quantity: expected an integer, got a string", "a JsonFields error names the path");
  }

  //! [decode-json]
  shop::Book b = arango::decode_json<shop::Book>(R"({"title": "Ulysses", "authors": ["James Joyce"]})");
  //! [decode-json]
  expect(b.title == "Ulysses" && b.authors.size() == 1 && !b.price, "decode_json uses from_json");

  {
    bool raised = false;
    try {
      arango::JsonBuilder nan;
      nan.number(std::numeric_limits<double>::quiet_NaN());
    } catch (const arango::SerializationError&) {
      raised = true;
    }
    expect(raised, "NaN is a SerializationError");
    raised = false;
    try {
      (void)arango::Json::parse(R"({"a": 1, "a": 2})");
    } catch (const arango::DeserializationError&) {
      raised = true;
    }
    expect(raised, "a key given twice is a DeserializationError");
    raised = false;
    try {
      (void)arango::Json::parse("{");
    } catch (const arango::DeserializationError&) {
      raised = true;
    }
    expect(raised, "text that is not JSON is a DeserializationError");
    raised = false;
    try {
      (void)arango::Json::parse(R"("\udc00")");
    } catch (const arango::DeserializationError&) {
      raised = true;
    }
    expect(raised, "a lone surrogate is refused");
    raised = false;
    try {
      (void)parsed["name"].as_int64();
    } catch (const arango::DeserializationError&) {
      raised = true;
    }
    expect(raised, "a typed read of another type is a DeserializationError");
  }

  db.delete_collection("books").get();
  if (failures == 0) std::cout << "serialization: all as documented\n";
  return failures == 0 ? 0 : 1;
}
