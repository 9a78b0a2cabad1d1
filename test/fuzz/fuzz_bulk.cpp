// fuzz-client-bulk: the answer to a multi-document call (insert_many, update_many, replace_many,
// delete_many, get_many) through the operations' own decoders. Oracle: to_bulk_meta, which
// reads the result with the compact reader or a SAX pass and falls back to the DOM only when
// those give up, agrees with bulk_meta_from_dom (the DOM path) on every element: both fail or
// both give the same errors and the same _id, _key, _rev, _oldRev, new, old.
#include "fuzz_common.hpp"

#include <arango/detail/ops_collection.hpp>

#include <vector>

#include "../support/student.hpp"

using namespace clientfuzz;
using testenv::Student;

namespace {

using Items = std::vector<BulkItem<DocumentMeta<Json>>>;

void same_items(const Items& fast, const Items& dom) {
  check(fast.size() == dom.size(), "to_bulk_meta: another number of elements than the DOM path");
  for (std::size_t i = 0; i < fast.size(); ++i) {
    check(fast[i].ok() == dom[i].ok(), "to_bulk_meta: error/value differs from the DOM path");
    if (!fast[i].ok()) {
      check(fast[i].error() == dom[i].error(), "to_bulk_meta: per-document error differs from the DOM path");
      continue;
    }
    const DocumentMeta<Json>& x = fast[i].value();
    const DocumentMeta<Json>& y = dom[i].value();
    check(x.id == y.id && x.key == y.key && x.rev == y.rev && x.old_rev == y.old_rev,
          "to_bulk_meta: _id/_key/_rev/_oldRev differ from the DOM path", x.id + " " + x.key + " " + x.rev);
    check(x.new_doc.has_value() == y.new_doc.has_value() && (!x.new_doc || x.new_doc->dump() == y.new_doc->dump()), "new differs");
    check(x.old_doc.has_value() == y.old_doc.has_value() && (!x.old_doc || x.old_doc->dump() == y.old_doc->dump()), "old differs");
  }
}

DocumentList list(std::size_t n) {
  std::string text = "[";
  for (std::size_t i = 0; i < n; ++i) text += i ? R"(,{"_key":"k"})" : R"({"_key":"k"})";
  text += "]";
  return DocumentList(Json::parse(text));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Answer a = read_answer(data, size);
  Response base = make_response(a);

  // The fast paths against the DOM path.
  {
    Response r1 = base;
    Response r2 = base;
    std::optional<Items> fast, dom;
    typed_or_success([&] { fast = detail::to_bulk_meta<Json>(r1, 2); });
    typed_or_success([&] { dom = detail::bulk_meta_from_dom<Json>(r2); });
    check(fast.has_value() == dom.has_value(), "to_bulk_meta and the DOM path disagree on whether the body reads");
    if (fast) same_items(*fast, *dom);
  }

  namespace ops = detail::ops;
  switch (a.selector % 7) {
    case 0: run(ops::insert_many<Json>("c", list(2), {}), base); break;
    case 1: run(ops::insert_many<Student>("c", list(1), {.return_new = true}), base); break;
    case 2: run(ops::update_many<Json>("c", list(3), {}), base); break;
    case 3: run(ops::replace_many<Student>("c", list(2), {}), base); break;
    case 4: run(ops::delete_many<Json>("c", list(2), {}), base); break;
    case 5: run(ops::get_many<Json>("c", list(2), {}), base); break;
    case 6: run(ops::get_many<Student>("c", list(2), {}), base); break;
  }
  return 0;
}
