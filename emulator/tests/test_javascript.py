#!/usr/bin/env python3
"""Server-side JavaScript of arango-emulator (python3 standard library only).

    test_javascript.py PATH/TO/arango-emulator

JS transactions (POST /_api/transaction with an action): results, params, the @arangodb db
object (collections, documents, db._query cursors), errors as executeTransactionJS reports them
(a thrown string is 1650, an ArangoError keeps its errorNum, a TypeError is 17, a syntax error
is 400 / 10 "missing/invalid action definition for transaction - ..."), rollback of everything
a throwing script wrote, undeclared writes (1652); the bounds: a script that loops forever or
allocates without end fails (21 at --javascript.script-timeout, or out of memory) and the
server keeps serving. User AQL functions (checked at creation, run from AQL, a throwing one is
1583). Tasks that run once and periodically and write documents. POST /_admin/execute with and
without --javascript.allow-admin-execute. --javascript.enabled false: 501 / 9 and AQL's
"V8 engine is disabled".
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402
from emutest import error_of, mkcoll, started  # noqa: E402


def trx(emu, action, collections=None, **extra):
    body = {"collections": collections if collections is not None else {}, "action": action}
    body.update(extra)
    return emu.request("POST", "/_api/transaction", body, timeout=30)


def count(emu, coll):
    return emu.request("GET", f"/_api/collection/{coll}/count").json()["count"]


def aql(emu, query, bind=None):
    r = emu.request("POST", "/_api/cursor", {"query": query, "bindVars": bind or {}}, timeout=30)
    return r.status, r.json()


# --- JS transactions ------------------------------------------------------------------------

def check_results_and_params(c, emu):
    mkcoll(emu, "jsA")
    r = trx(emu, "function () { return 'worked!'; }")
    c.eq((r.status, r.json()), (200, {"error": False, "code": 200, "result": "worked!"}), "string result")
    c.eq(list(r.json().keys()), ["error", "code", "result"], "envelope key order")
    r = trx(emu, "function () { }")
    c.eq(r.json(), {"error": False, "code": 200, "result": None}, "undefined is null")
    r = trx(emu, "function (p) { return {sum: p.a + p.b, list: p.list.concat([3])}; }",
            params={"a": 1, "b": 41, "list": [1, 2]})
    c.eq(r.json()["result"], {"sum": 42, "list": [1, 2, 3]}, "params passed through")
    r = trx(emu, "function (p) { return p; }", params=[1, "x", None])
    c.eq(r.json()["result"], [1, "x", None], "array params")
    r = trx(emu, "function (p) { return typeof p; }")
    c.eq(r.json()["result"], "undefined", "no params: undefined")


def check_db_object(c, emu):
    mkcoll(emu, "jsB")
    action = """function (params) {
      var db = require('@arangodb').db;
      var c = db._collection('jsB');
      var meta = c.save({_key: 'k1', v: 1});
      db.jsB.insert({_key: 'k2', v: 2});
      c.update('k1', {w: 10});
      c.replace('jsB/k2', {v: 20});
      var out = {
        name: db._name(), meta: meta._key, count: c.count(),
        doc1: c.document('k1').w, doc2: c.document({_key: 'k2'}).v,
        exists: c.exists('k1') !== false, missing: c.exists('nope'),
        viaIndex: db['jsB'].name(), unknown: db._collection('nope') === null,
        unknownProp: db.nope === undefined
      };
      c.remove('k2');
      out.after = c.count();
      out.all = c.toArray().map(function (d) { return d._key; });
      return out;
    }"""
    r = trx(emu, action, {"write": "jsB"})
    c.eq(r.status, 200, f"db calls: {r.text[:300]}")
    c.eq(r.json()["result"], {"name": "_system", "meta": "k1", "count": 2, "doc1": 10, "doc2": 20,
                              "exists": True, "missing": False, "viaIndex": "jsB",
                              "unknown": True, "unknownProp": True, "after": 1, "all": ["k1"]},
         "collection calls")
    c.eq(count(emu, "jsB"), 1, "committed")


def check_query(c, emu):
    mkcoll(emu, "jsQ")
    emu.request("POST", "/_api/document/jsQ", [{"v": i} for i in range(2500)])
    action = """function (params) {
      var db = require('@arangodb').db;
      db.jsQ.save({v: 10000});
      var cur = db._query('FOR d IN jsQ FILTER d.v >= @min SORT d.v RETURN d.v', {min: params.min});
      var first = cur.next();
      var more = cur.hasNext();
      var rest = cur.toArray();
      var big = db._query('FOR d IN jsQ RETURN 1').toArray().length;
      var q = db._query({query: 'RETURN @x', bindVars: {x: 7}}).toArray();
      return {first: first, more: more, rest: rest.length, last: rest[rest.length - 1],
              big: big, q: q, end: cur.hasNext()};
    }"""
    r = trx(emu, action, {"write": "jsQ"}, params={"min": 2490})
    c.eq(r.status, 200, f"query: {r.text[:300]}")
    c.eq(r.json()["result"], {"first": 2490, "more": True, "rest": 10, "last": 10000,
                              "big": 2501, "q": [7], "end": False},
         "db._query sees the transaction's own write; cursor next/hasNext/toArray over batches")


def check_errors(c, emu):
    mkcoll(emu, "jsE")
    r = trx(emu, "function () { throw 'doh!'; }", {"read": "jsE"})
    c.eq((r.status, r.json()), (500, {"code": 500, "error": True, "errorMessage": "doh!",
                                      "errorNum": 1650}), "a thrown string (RestTransactionAbort)")
    r = trx(emu, "function () { var a = require('@arangodb'); throw new a.ArangoError("
                 "{errorNum: a.errors.ERROR_ARANGO_CONFLICT.code, errorMessage: 'mine'}); }")
    c.eq(error_of(r), (409, 1200, "mine"), "an ArangoError keeps its errorNum")
    r = trx(emu, "function () { return require('@arangodb').db.jsE.document('nope'); }", {"read": "jsE"})
    c.eq(error_of(r), (404, 1202, "document not found"), "a failing db call's error")
    r = trx(emu, "function () { null.x; }")
    c.eq(error_of(r)[:2], (400, 17), "a TypeError is 17")
    r = trx(emu, "function () { throw new Error('plain'); }")
    c.eq(error_of(r), (500, 1650, "Error: plain"), "an Error: name: message")
    r = trx(emu, "function () { throw {}; }")
    c.eq(error_of(r), (500, 1650, "an unknown error occured while executing the transaction"),
         "an object without a message")
    r = trx(emu, "function () { syntax error }")
    s, n, m = error_of(r)
    c.eq((s, n), (400, 10), "syntax error")
    c.true(m.startswith("missing/invalid action definition for transaction - SyntaxError"), m)
    r = trx(emu, "function () { require('@arangodb').db.jsE.save({}); }", {"read": "jsE"})
    c.eq(error_of(r)[:2], (400, 1652), "write to a collection declared for reading")
    c.eq(count(emu, "jsE"), 0, "nothing written")
    r = trx(emu, "function () { require('nosuchmodule'); }")
    c.eq(error_of(r), (500, 1650, "Error: cannot locate module 'nosuchmodule'"), "unknown module")
    # request validation (executeTransactionJS's messages)
    r = emu.request("POST", "/_api/transaction", {"action": "function () {}"})
    c.eq(error_of(r), (400, 10, "missing/invalid collections definition for transaction"),
         "no collections")
    r = emu.request("POST", "/_api/transaction", {"collections": {}})
    c.eq(error_of(r), (400, 10, "missing/invalid action definition for transaction"), "no action")
    r = emu.request("POST", "/_api/transaction", {"collections": {}, "action": 1})
    c.eq(error_of(r), (400, 10, "missing/invalid action definition for transaction"), "action not a string")
    r = emu.request("POST", "/_api/transaction", {"collections": {"read": 1}, "action": "function(){}"})
    c.eq(error_of(r), (400, 10, "invalid collection definition for transaction:  There is no array in 'read'"),
         "read not an array")
    r = emu.request("POST", "/_api/transaction", {"collections": {"write": ["a", 1]}, "action": "function(){}"})
    c.eq(error_of(r), (400, 10, "invalid collection definition for transaction:  Collection name #1 "
                                "in array 'write' is not a string"), "a name not a string")
    r = emu.request("POST", "/_api/transaction", {"collections": {}, "action": "function(){}",
                                                   "lockTimeout": "x"})
    c.eq(error_of(r), (400, 10, "<lockTimeout> must be a valid numeric value"), "lockTimeout")
    r = emu.request("POST", "/_api/transaction", {"collections": {}, "action": "function(){}",
                                                   "waitForSync": 1})
    c.eq(error_of(r), (400, 10, "<waitForSync> must be a boolean value"), "waitForSync")
    r = emu.request("POST", "/_api/transaction", [1])
    c.eq(error_of(r), (400, 10, "expecting object input data"), "not an object")
    r = trx(emu, "function () {}", {"write": "nosuchcollection"})
    c.eq(error_of(r)[:2], (404, 1203), "unknown collection")


def check_rollback(c, emu):
    mkcoll(emu, "jsR1")
    mkcoll(emu, "jsR2")
    emu.request("POST", "/_api/document/jsR1", {"_key": "keep", "v": 1})
    action = """function (params) {
      var db = require('@arangodb').db;
      db.jsR1.save({_key: 'new1'});
      db.jsR1.update('keep', {v: 2});
      db.jsR2.save({_key: 'new2'});
      db._query('FOR i IN 1..10 INSERT {i: i} INTO jsR2');
      if (db.jsR2.count() !== 11) return 'not visible inside';
      throw new Error('midway');
    }"""
    r = trx(emu, action, {"write": ["jsR1", "jsR2"]})
    c.eq(error_of(r), (500, 1650, "Error: midway"), "throws midway")
    c.eq((count(emu, "jsR1"), count(emu, "jsR2")), (1, 0), "nothing written in either collection")
    c.eq(emu.request("GET", "/_api/document/jsR1/keep").json()["v"], 1, "update rolled back")
    c.eq(emu.request("GET", "/_api/transaction").json(), {"transactions": []}, "no transaction left")


def check_slow_script(c, exe):
    # A JavaScript transaction is no stream transaction: the idle timeout of those
    # (--trx-idle-timeout) does not end it while its script runs, however far apart the
    # script's requests are.
    with started(c, exe, "--no-auth", "--trx-idle-timeout", "0.5") as emu:
        mkcoll(emu, "jsSlow")
        action = """function () {
          var db = require('@arangodb').db;
          db.jsSlow.save({_key: 'a'});
          require('internal').sleep(1.5);
          db.jsSlow.save({_key: 'b'});
          return db.jsSlow.count();
        }"""
        r = trx(emu, action, {"write": ["jsSlow"]})
        c.eq((r.status, r.json().get("result")), (200, 2), "a script slower than the idle timeout commits")
        c.eq(count(emu, "jsSlow"), 2, "both writes kept")


def check_runaway(c, exe):
    with started(c, exe, "--no-auth", "--javascript.script-timeout", "1",
                 "--javascript.memory-limit", "16777216") as emu:
        mkcoll(emu, "jsL")
        t0 = time.monotonic()
        r = trx(emu, "function () { require('@arangodb').db.jsL.save({}); while (true) {} }",
                {"write": "jsL"})
        took = time.monotonic() - t0
        s, n, m = error_of(r)
        c.eq((s, n), (410, 21), f"endless loop: canceled ({m})")
        c.true("--javascript.script-timeout" in m, "message names the option")
        c.true(0.9 < took < 5, f"stopped at the timeout ({took:.1f} s)")
        c.eq(count(emu, "jsL"), 0, "its write rolled back")
        c.eq(emu.request("GET", "/_api/version").status, 200, "the server keeps serving")
        r = trx(emu, "function () { return 1; }")
        c.eq(r.json().get("result"), 1, "the next script runs")
        r = trx(emu, "function () { var a = [], s = 'x'; while (true) { s = s + s; a.push(s); } }")
        s, n, m = error_of(r)
        c.true((s, n) in ((500, 3), (500, 1650)) and "alloc" in m,
               f"endless allocation fails at --javascript.memory-limit: {(s, n, m)}")
        c.eq(emu.request("GET", "/_api/version").status, 200, "serving after out of memory")
        r = trx(emu, "function () { require('internal').sleep(30); }")
        c.eq(error_of(r)[:2], (410, 21), "a long sleep is canceled too")
        r = emu.request("POST", "/_api/cursor", {"query": "RETURN 1"})
        c.eq(r.status, 201, "AQL after the runaways")


# --- user AQL functions ---------------------------------------------------------------------

def check_user_functions(c, emu):
    def create(name, code):
        return emu.request("POST", "/_api/aqlfunction", {"name": name, "code": code})
    c.eq(create("jsfn::add", "function (a, b) { return a + b; }").status, 201, "create")
    c.eq(create("jsfn::obj", "function (x) { return {x: x, f: function () {}, n: NaN, u: undefined}; }").status,
         201, "create obj")
    c.eq(create("jsfn::boom", "function () { throw new Error('boom'); }").status, 201, "create boom")
    c.eq(create("jsfn::self", "function () { return this.name; }").status, 201, "create self")
    c.eq(error_of(create("jsfn::bad", "function (a, {")), (400, 1581, "invalid user function code"),
         "syntax error at creation")
    c.eq(error_of(create("jsfn::num", "42")), (400, 1581, "invalid user function code"),
         "not a function at creation")
    s, b = aql(emu, "FOR i IN 1..3 RETURN JSFN::ADD(i, @x)", {"x": 10})
    c.eq((s, b.get("result")), (201, [11, 12, 13]), "called from AQL")
    s, b = aql(emu, "RETURN jsfn::add('a', 'b')")
    c.eq(b.get("result"), ["ab"], "case-insensitive name")
    s, b = aql(emu, "RETURN JSFN::OBJ([1, {a: 2}])")
    c.eq(b.get("result"), [{"x": [1, {"a": 2}], "n": None, "u": None}], "FIX_VALUE of the result")
    s, b = aql(emu, "RETURN JSFN::SELF()")
    c.eq(b.get("result"), ["JSFN::SELF"], "this.name")
    s, b = aql(emu, "RETURN JSFN::BOOM()")
    c.eq((s, b.get("errorNum")), (500, 1583), "a throwing function")
    c.true("in function 'JSFN::BOOM()': user function runtime error: Error: boom" in b.get("errorMessage", ""),
           b.get("errorMessage"))
    s, b = aql(emu, "RETURN JSFN::NOPE()")
    c.eq((s, b.get("errorNum")), (404, 1582), "unknown function")
    emu.request("DELETE", "/_api/aqlfunction/jsfn?group=true")


# --- tasks ----------------------------------------------------------------------------------

def wait_for(pred, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


def check_tasks(c, emu):
    mkcoll(emu, "jsT")
    r = emu.request("POST", "/_api/tasks", {
        "name": "once", "offset": 0.3, "params": {"v": 7},
        "command": "require('@arangodb').db.jsT.save({_key: 'once', v: params.v});"})
    c.eq(r.status, 200, "register a one-shot task")
    tid = r.json()["id"]
    c.eq(emu.request("GET", "/_api/document/jsT/once").status, 404, "not before its offset")
    c.true(wait_for(lambda: emu.request("GET", "/_api/document/jsT/once").status == 200),
           "the task wrote its document")
    c.eq(emu.request("GET", "/_api/document/jsT/once").json()["v"], 7, "with its params")
    c.eq(emu.request("GET", f"/_api/tasks/{tid}").status, 404, "a one-shot task is gone after it ran")
    r = emu.request("POST", "/_api/tasks", {
        "name": "tick", "period": 0.2,
        "command": "var db = require('@arangodb').db; db.jsT.save({tick: true});"})
    pid = r.json()["id"]
    c.true(wait_for(lambda: aql(emu, "RETURN LENGTH(FOR d IN jsT FILTER d.tick RETURN 1)")[1]["result"][0] >= 3),
           "a periodic task runs again and again")
    c.eq(emu.request("DELETE", f"/_api/tasks/{pid}").status, 200, "delete it")
    time.sleep(0.3)
    n = aql(emu, "RETURN LENGTH(FOR d IN jsT FILTER d.tick RETURN 1)")[1]["result"][0]
    time.sleep(0.6)
    c.eq(aql(emu, "RETURN LENGTH(FOR d IN jsT FILTER d.tick RETURN 1)")[1]["result"][0], n,
         "no run after deletion")
    # a failing command is logged, not fatal
    emu.request("POST", "/_api/tasks", {"name": "failing", "offset": 0.05, "command": "throw new Error('task failed here');"})

    def logged():
        r = emu.request("GET", "/_admin/log/entries?search=task%20failed%20here")
        return r.status == 200 and r.json().get("total", 0) >= 1
    c.true(wait_for(logged), "the failure is logged")
    c.eq(emu.request("GET", "/_api/version").status, 200, "serving after a failing task")


# --- /_admin/execute ------------------------------------------------------------------------

def check_admin_execute_on(c, emu):
    mkcoll(emu, "jsX")
    r = emu.request("POST", "/_admin/execute", "return 1 + 1;")
    c.eq((r.status, r.json()), (200, 2), "a number")
    r = emu.request("POST", "/_admin/execute",
                    "var db = require('@arangodb').db; db.jsX.save({}); return {n: db.jsX.count(), db: db._name()};",
                    headers={"x-arango-v8-returnAsJSON": "true"})
    c.eq((r.status, r.json()), (200, {"n": 1, "db": "_system"}), "an object, with db access")
    r = emu.request("POST", "/_admin/execute", "")
    c.eq(r.json(), {"error": False, "code": 200}, "empty body")
    r = emu.request("POST", "/_admin/execute", "throw new Error('bad');")
    c.eq(r.status, 500, "a throw: 500")
    c.true(r.text.startswith("Error: bad"), f"the stack as text: {r.text[:100]}")


def check_admin_execute_off(c, emu):
    r = emu.request("POST", "/_admin/execute", "return 1;")
    c.eq(error_of(r), (404, 404, "unknown path '/_admin/execute'"), "not served by default")


def check_disabled(c, emu):
    r = emu.request("POST", "/_api/transaction", {"collections": {}, "action": "function () { return 1; }"})
    c.eq(error_of(r), (501, 9, "JavaScript operations are disabled"), "JS transaction")
    emu.request("POST", "/_api/aqlfunction", {"name": "off::f", "code": "function () { return 1; }"})
    s, b = aql(emu, "RETURN OFF::F()")
    c.eq((s, b.get("errorNum"), b.get("errorMessage", "")[:23]), (500, 4, "AQL: V8 engine is disab"),
         "user function without JavaScript")


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        c.run("results and params", check_results_and_params, emu)
        c.run("the db object", check_db_object, emu)
        c.run("db._query", check_query, emu)
        c.run("errors", check_errors, emu)
        c.run("rollback over two collections", check_rollback, emu)
        c.run("user AQL functions", check_user_functions, emu)
        c.run("tasks", check_tasks, emu)
        c.run("/_admin/execute off", check_admin_execute_off, emu)
    c.run("runaway scripts", check_runaway, exe)
    c.run("a script slower than the stream idle timeout", check_slow_script, exe)
    with started(c, exe, "--no-auth", "--javascript.allow-admin-execute", "true") as emu:
        c.run("/_admin/execute on", check_admin_execute_on, emu)
    with started(c, exe, "--no-auth", "--javascript.enabled", "false") as emu:
        c.run("--javascript.enabled false", check_disabled, emu)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
