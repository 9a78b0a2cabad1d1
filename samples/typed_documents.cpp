// Documents as your own type: a Student struct goes to the server through to_json and comes
// back through a SAX handler (arango::Deserializer<Student>), with no JSON DOM in between.
// Runs against ARANGO_URL (default http://127.0.0.1:8529) as ARANGO_USER / ARANGO_PASSWORD and
// exits non-zero when anything it checks does not hold.
#include <arango/arango.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

//! [type]
struct Student {
  std::string key;  // "_key"
  std::string name;
  std::int64_t age = 0;
};

//! [to-json]
// Serializer: found by argument-dependent lookup.
void to_json(arango::JsonWriter& w, const Student& s) {
  w.begin_object();
  if (!s.key.empty()) {
    w.key("_key");
    w.string(s.key);
  }
  w.key("name");
  w.string(s.name);
  w.key("age");
  w.int64(s.age);
  w.end_object();
}
//! [to-json]

//! [type]
//! [deserializer]
// Deserializer: receives the parser's events and fills the struct directly. Members it does not
// know (_id, _rev) are skipped; a nested value would be refused.
class StudentHandler final : public arango::JsonHandler {
 public:
  explicit StudentHandler(Student& s) : s_(s) {}
  bool on_start_object() override { return ++depth_ == 1; }
  bool on_end_object(std::size_t) override { return --depth_ == 0; }
  bool on_key(std::string_view k) override {
    key_ = k;
    return true;
  }
  bool on_string(std::string_view v) override {
    if (key_ == "_key") s_.key = v;
    if (key_ == "name") s_.name = v;
    return true;
  }
  bool on_int64(std::int64_t v) override {
    if (key_ == "age") s_.age = v;
    return true;
  }
  bool on_uint64(std::uint64_t v) override { return on_int64(static_cast<std::int64_t>(v)); }

 private:
  Student& s_;
  std::string key_;
  int depth_ = 0;
};

template <>
struct arango::Deserializer<Student> {
  static StudentHandler handler(Student& s) { return StudentHandler(s); }
};
//! [deserializer]

static std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

static int failures = 0;
static void check(bool ok, const std::string& what) {
  std::cout << (ok ? "ok:     " : "FAILED: ") << what << "\n";
  if (!ok) ++failures;
}

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  const std::string db_name = "typed_documents_sample";
  if (sys.has_database(db_name).get()) sys.delete_database(db_name).get();
  sys.create_database(db_name).get();
  arango::StandardDatabase db = client.db(db_name, {.auth = auth}).get();

  //! [typed]
  //! [collection]
  // A collection whose documents are Students.
  arango::StandardCollection<Student> students = db.create_collection<Student>("students").get();

  arango::DocumentMeta<Student> meta = students.insert(Student{"ann", "Ann", 20}, {.return_new = true}).get();
  check(meta.id == "students/ann", "insert gives the id students/ann (" + meta.id + ")");
  check(meta.new_doc && meta.new_doc->name == "Ann", "return_new decodes the new document as a Student");
  //! [typed]

  std::optional<Student> ann = students.get("ann").get();
  //! [collection]
  check(ann && ann->name == "Ann" && ann->age == 20, "get decodes Ann, 20 through the SAX handler");

  students.update(Student{"ann", "Ann", 21}).get();
  check(students.get("students/ann").get()->age == 21, "update is read back: age 21");

  // Several at once: one entry per input, in input order, each a value or its error.
  auto inserted = students.insert_many(std::vector<Student>{{"bob", "Bob", 30}, {"ann", "Dup", 1}}).get();
  check(inserted.size() == 2 && inserted[0].ok(), "insert_many: bob inserted");
  check(!inserted[1].ok() && inserted[1].error().error_code == 1210,
        "insert_many: the duplicate ann is reported with error 1210");

  auto many = students.get_many(std::vector<std::string>{"bob", "nobody", "ann"}).get();
  check(many.size() == 3 && many[0]->name == "Bob" && !many[1].ok() && many[2]->age == 21,
        "get_many reports the missing document in place instead of dropping it");
  check(!many[1].ok() && many[1].error().error_code == 1202, "the missing one carries error 1202");

  check(!students.get("nobody").get().has_value(), "get of a missing document gives nullopt");
  try {
    (void)students.get("teachers/1").get();
    check(false, "an id of another collection is refused");
  } catch (const arango::DocumentParseError& e) {
    check(true, std::string("an id of another collection is refused: ") + e.what());
  }

  check(students.count().get() == 2, "count is 2");
  sys.delete_database(db_name).get();
  std::cout << (failures ? "typed documents sample FAILED\n" : "typed documents sample done\n");
  return failures ? 1 : 0;
}
