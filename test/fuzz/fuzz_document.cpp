// fuzz-client-document: the answer to a single-document write (insert, update, replace, delete)
// or read, decoded by the operations' own decoders into DocumentMeta<Json>, DocumentMeta<Student>
// (a SAX-deserialized user type) and the document itself. Oracle: write_meta, which reads
// ArangoDB's compact form without a parser, agrees with meta_parts over a DOM of the same body
// (what it falls back to): both fail or both give the same _id, _key, _rev, _oldRev, new, old.
#include "fuzz_common.hpp"

#include <arango/detail/ops_collection.hpp>

#include "../support/student.hpp"

using namespace clientfuzz;
using testenv::Student;

namespace {

void same_meta(const detail::MetaParts& a, const detail::MetaParts& b) {
  check(a.id == b.id && a.key == b.key && a.rev == b.rev, "write_meta: _id/_key/_rev differ from the DOM's");
  check(a.old_rev == b.old_rev, "write_meta: _oldRev differs from the DOM's");
  check(a.new_doc.has_value() == b.new_doc.has_value() && (!a.new_doc || a.new_doc->dump() == b.new_doc->dump()),
        "write_meta: new differs from the DOM's");
  check(a.old_doc.has_value() == b.old_doc.has_value() && (!a.old_doc || a.old_doc->dump() == b.old_doc->dump()),
        "write_meta: old differs from the DOM's");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Answer a = read_answer(data, size);
  Response base = make_response(a);

  // The compact reader against the DOM.
  {
    Response fast = base;
    std::optional<detail::MetaParts> by_scan;
    typed_or_success([&] { by_scan = detail::write_meta(fast); });
    std::optional<detail::MetaParts> by_dom;
    typed_or_success([&] { by_dom = detail::meta_parts(a.body.empty() ? Json() : Json::parse(a.body)); });
    check(by_scan.has_value() == by_dom.has_value(), "write_meta and the DOM disagree on whether the body reads");
    if (by_scan) same_meta(*by_scan, *by_dom);
  }

  namespace ops = detail::ops;
  switch (a.selector % 8) {
    case 0: run(ops::insert_document<Json>("c", "{}", {}), base); break;
    case 1: run(ops::insert_document<Student>("c", "{}", {.return_new = true}), base); break;
    case 2: run(ops::update_document<Json>("c", R"({"_key":"k"})", {}), base); break;
    case 3: run(ops::replace_document<Student>("c", R"({"_key":"k"})", {.return_old = true}), base); break;
    case 4: run(ops::delete_document<Json>("c", DocumentRef("k"), {.ignore_missing = true}), base); break;
    case 5: run(ops::delete_document<Student>("c", DocumentRef("c/k"), {}), base); break;
    case 6: run(ops::get_document<Json>("c", DocumentRef("k"), {}), base); break;
    case 7: run(ops::get_document<Student>("c", DocumentRef("k"), {}), base); break;
  }
  return 0;
}
