// docs/transactions.md quotes the regions of this file; it runs against a fresh emulator in CI
// (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits non-zero
// when anything is not as the guide says.
#include <arango/arango.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_trx").get()) sys.delete_database("docs_trx").get();
  sys.create_database("docs_trx").get();
  arango::StandardDatabase db = client.db("docs_trx", {.auth = auth}).get();
  db.create_collection("accounts").get();
  db.create_collection("audit").get();
  auto accounts = db.collection("accounts");
  accounts.insert(arango::Json::parse(R"({"_key": "ann", "balance": 100})")).get();
  accounts.insert(arango::Json::parse(R"({"_key": "bob", "balance": 0})")).get();

  //! [begin]
  arango::TransactionDatabase trx =
      db.begin_transaction({.read = {"accounts"}, .write = {"accounts", "audit"}}).get();
  std::cout << "transaction " << trx.transaction_id() << " " << trx.transaction_status().get() << "\n";  // running

  auto trx_accounts = trx.collection("accounts");  // every call carries x-arango-trx-id
  trx_accounts.update(arango::Json::parse(R"({"_key": "ann", "balance": 70})")).get();
  trx_accounts.update(arango::Json::parse(R"({"_key": "bob", "balance": 30})")).get();
  trx.aql().execute("INSERT {what: 'transfer', amount: 30} INTO audit").get();  // AQL inside it too

  // Outside the transaction nothing has changed yet.
  std::int64_t before = accounts.get("ann").get().value()["balance"].as_int64();  // 100

  trx.commit_transaction().get();
  //! [begin]
  expect(trx.context() == "transaction", "a TransactionDatabase's context is \"transaction\"");
  expect(before == 100, "writes are invisible outside the transaction before the commit");
  expect(accounts.get("ann").get().value()["balance"].as_int64() == 70, "the commit makes them visible");
  expect(db.collection("audit").count().get() == 1, "the AQL insert is committed too");
  expect(trx.transaction_status().get() == "committed", "the status is committed");

  //! [abort]
  arango::TransactionDatabase undo = db.begin_transaction({.write = {"accounts"}}).get();
  undo.collection("accounts").delete_("bob").get();
  bool inside = undo.collection("accounts").has("bob").get();  // false: deleted in here
  undo.abort_transaction().get();                              // the delete is discarded
  std::string status = undo.transaction_status().get();        // "aborted"
  //! [abort]
  expect(!inside, "the transaction sees its own delete");
  expect(status == "aborted", "the status is aborted");
  expect(accounts.has("bob").get(), "an aborted delete leaves the document");

  //! [fetch]
  arango::TransactionDatabase started = db.begin_transaction({.write = {"audit"}}).get();
  std::string id = started.transaction_id();  // e.g. handed to another part of the program
  arango::TransactionDatabase same = db.fetch_transaction(id);  // no request
  std::vector<arango::TransactionInfo> running = db.list_transactions().get();  // {id, state}
  same.abort_transaction().get();
  //! [fetch]
  expect(std::any_of(running.begin(), running.end(),
                     [&](const arango::TransactionInfo& t) { return t.id == id && t.state == "running"; }),
         "list_transactions lists the running transaction");
  expect(started.transaction_status().get() == "aborted", "fetch_transaction reaches the same transaction");

  //! [errors]
  try {
    db.begin_transaction({.write = {"no_such_collection"}}).get();
  } catch (const arango::TransactionInitError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 404 1203
  }
  try {
    db.fetch_transaction("123456").transaction_status().get();
  } catch (const arango::TransactionStatusError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 404 1655
  }
  //! [errors]
  try {
    db.begin_transaction({.write = {"no_such_collection"}}).get();
    expect(false, "begin_transaction with an unknown collection fails");
  } catch (const arango::TransactionInitError& e) {
    expect(e.http_code() == 404 && e.error_code() == 1203, "an unknown collection is 404 / 1203");
  }
  try {
    db.fetch_transaction("123456").transaction_status().get();
    expect(false, "an unknown transaction fails");
  } catch (const arango::TransactionStatusError& e) {
    expect(e.error_code() == 1655, "an unknown transaction is 1655");
  }
  try {
    trx.commit_transaction().get();  // committed already: a second commit is accepted by arangod
  } catch (const arango::TransactionCommitError&) {
  }
  try {
    undo.commit_transaction().get();
    expect(false, "committing an aborted transaction fails");
  } catch (const arango::TransactionCommitError& e) {
    expect(e.error_code() == 1653, "committing an aborted transaction is 1653");
  }
  {
    arango::TransactionDatabase narrow = db.begin_transaction({.read = {"accounts"}}).get();
    try {
      narrow.collection("audit").insert(arango::Json::parse("{}")).get();
      expect(false, "a write to an undeclared collection fails");
    } catch (const arango::DocumentInsertError& e) {
      std::cout << "undeclared write: " << e.http_code() << " " << e.error_code() << "\n";
      expect(e.http_code() == 400 && e.error_code() == 1652, "an undeclared write is 400 / 1652");
    }
    narrow.abort_transaction().get();
  }

  //! [javascript]
  arango::Json total = db.execute_transaction(
                             "function (params) {"
                             "  var db = require('@arangodb').db;"
                             "  return db._query('FOR a IN accounts RETURN a.balance').toArray()"
                             "    .reduce(function (s, b) { return s + b; }, params.start);"
                             "}",
                             {.params = arango::Json::parse(R"({"start": 0})"), .read = {"accounts"}})
                           .get();  // 100
  //! [javascript]
  expect(total.as_int64() == 100, "a JavaScript transaction returns its function's result");

  sys.delete_database("docs_trx").get();
  if (failures == 0) std::cout << "transactions: all as documented\n";
  return failures == 0 ? 0 : 1;
}
