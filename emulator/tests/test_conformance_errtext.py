#!/usr/bin/env python3
"""Error texts of arango-emulator, one table row per error condition (python3 standard library
only).

    test_conformance_errtext.py PATH/TO/arango-emulator

Each row sends one request and checks the HTTP status, errorNum and errorMessage exactly, as
ArangoDB 3.12 writes them for the same condition. The source of each expected text is named in
the row: a recorded 3.12 transcript (its id), or the arangod code path that writes it (most
messages are the registered text of the errorNum, lib/Basics/errors.dat; arangod appends context
such as ": <name>" or " (while parsing)" on some paths and not on others). Areas: the router
(unknown paths, methods, databases), collections, documents and edges, indexes, databases,
users, graphs, transactions, async jobs, import, AQL user functions, AQL (parse errors, the
AST checks of data-modification queries and FOR operands, run-time errors and warnings), and
authentication (/_open/auth with authentication on).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import drop_collections, mkcoll, started  # noqa: E402

NOT_FOUND_1203 = "collection or view not found"

# (source, method, path, body, status, errorNum, errorMessage)
ROUTER = [
    ("actions.js routeRequest: a path no handler serves", "GET", "/_api/does-not-exist", None,
     404, 404, "unknown path '/_api/does-not-exist'"),
    ("actions.js routeRequest: req.url has no /_db/ prefix, keeps the query", "GET",
     "/_db/_system/_api/does-not-exist?a=1&b=%20", None,
     404, 404, "unknown path '/_api/does-not-exist?a=1&b=%20'"),
    ("actions.js routeRequest: any method", "DELETE", "/_admin/does-not-exist", None,
     404, 404, "unknown path '/_admin/does-not-exist'"),
    ("RestCollectionHandler: other methods", "PATCH", "/_api/collection/errcoll", None,
     405, 405, "method not supported"),
    ("CommTask::prepareExecution: unknown database", "GET", "/_db/nosuchdb/_api/version", None,
     404, 1228, "database not found"),
]

COLLECTIONS = [
    ("Collections::lookup (no name appended)", "GET", "/_api/collection/nosuch", None,
     404, 1203, NOT_FOUND_1203),
    ("Collections::lookup", "GET", "/_api/collection/nosuch/properties", None,
     404, 1203, NOT_FOUND_1203),
    ("RestCollectionHandler::handleCommandGet", "GET", "/_api/collection/errcoll/nosub", None,
     404, 404, "expecting one of the resources 'checksum', 'count', 'figures', 'properties', "
               "'responsibleShard', 'revision', 'shards'"),
    ("RestCollectionHandler::handleCommandGet", "GET", "/_api/collection/errcoll/a/b", None,
     400, 400, "expect GET /_api/collection/<collection-name>/<method>"),
    ("RestCollectionHandler: shards on a single server (3.8+)", "GET",
     "/_api/collection/errcoll/shards", None,
     501, 9, "shards API is only available in a cluster"),
    ("CreateCollectionBody::fromCreateAPIBody: no name", "POST", "/_api/collection", {},
     400, 1208, "illegal name"),
    ("CreateCollectionBody::fromCreateAPIBody: not an object", "POST", "/_api/collection", [1],
     400, 1208, "illegal name"),
    ("Collections::create: name taken", "POST", "/_api/collection", {"name": "errcoll"},
     409, 1207, "duplicate name"),
    ("RestCollectionHandler::handleCommandPut", "PUT", "/_api/collection/errcoll", None,
     400, 400, "expected PUT /_api/collection/<collection-name>/<action>"),
    ("RestCollectionHandler::handleCommandPut", "PUT", "/_api/collection/errcoll/nosub", {},
     404, 404, "expecting one of the actions 'load', 'unload', 'truncate', 'properties', "
               "'compact', 'rename', 'loadIndexesIntoMemory'"),
    ("RestCollectionHandler rename", "PUT", "/_api/collection/errcoll/rename", {},
     400, 1208, "name is empty"),
    ("RestCollectionHandler responsibleShard", "PUT",
     "/_api/collection/errcoll/responsibleShard", {"_key": "a"},
     501, 1471, "this operation is only valid on a coordinator in a cluster"),
    ("Collections::lookup", "PUT", "/_api/collection/nosuch/truncate", {},
     404, 1203, NOT_FOUND_1203),
    ("Collections::lookup", "DELETE", "/_api/collection/nosuch", None,
     404, 1203, NOT_FOUND_1203),
    ("RestCollectionHandler::handleCommandDelete", "DELETE", "/_api/collection/errcoll/x", None,
     400, 400, "expected DELETE /_api/collection/<collection-name>"),
]

DOCUMENTS = [
    ("RestDocumentHandlerPostUnknownCollection1#0", "POST", "/_api/document/nosuch",
     {"Hello": "World"}, 404, 1203, "collection or view not found: nosuch"),
    ("RestDocumentHandler::insertDocument: no collection", "POST", "/_api/document", {},
     400, 1204, "'collection' is missing, expecting /_api/document POST "
                "/_api/document/<collection> or query parameter 'collection'"),
    ("RestDocumentHandler::insertDocument: two suffixes", "POST", "/_api/document/errcoll/k", {},
     400, 601, "superfluous suffix, expecting /_api/document?collection=<identifier>"),
    ("RestDocumentHandler::readDocument: no key", "GET", "/_api/document/errcoll", None,
     404, 1203, "expecting GET /_api/document/<collection>/<key>"),
    ("RestDocumentHandler::readDocument: no suffix", "GET", "/_api/document", None,
     404, 1203, "expecting GET /_api/document/<collection>/<key>"),
    ("RestDocumentHandler::readDocument: three suffixes", "GET", "/_api/document/errcoll/k/x",
     None, 400, 601, "expecting GET /_api/document/<collection>/<key>"),
    ("RestDocumentHandler::modifyDocument: three suffixes", "PATCH",
     "/_api/document/errcoll/k/x", {}, 400, 400,
     "expecting PATCH /_api/document/<collection> or /_api/document/<collection>/<key> or "
     "/_api/document and query parameter 'collection'"),
    ("RestDocumentHandler::modifyDocument: no collection", "PUT", "/_api/document", [],
     400, 400, "collection must be given in URL path or query parameter 'collection' must be "
               "specified"),
    ("RestDocumentHandler::readManyDocuments: no collection", "PUT",
     "/_api/document?onlyget=true", [], 400, 400,
     "expecting PUT /_api/document/<collection> with a body"),
    ("RestDocumentHandler::modifyDocument: ?collection= names an unknown one", "PUT",
     "/_api/document?collection=nosuch", [], 404, 1203, "collection or view not found: nosuch"),
    ("RestDocumentHandler::removeDocument: no suffix", "DELETE", "/_api/document", None,
     400, 400, "expecting DELETE /_api/document/<collection>/<key> or "
               "/_api/document/<collection> with a body"),
    ("RestDocumentHandler::removeDocument: body neither array nor object", "DELETE",
     "/_api/document/errcoll", "42", 400, 400, "Request body not parseable"),
    ("RestEdgesHandler::validateCollection (no name appended)", "GET",
     "/_api/edges/nosuch?vertex=errcoll/a", None, 404, 1203, NOT_FOUND_1203),
    ("RestEdgesHandler::validateCollection", "GET", "/_api/edges/errcoll?vertex=errcoll/a", None,
     400, 1218, "collection type invalid"),
    ("RestEdgesHandler::parseDirection", "GET", "/_api/edges/erredge?vertex=errcoll/a&direction=x",
     None, 400, 400, "<direction> must by any, in, or out, not: x"),
    ("RestEdgesHandler::readEdges: no vertex", "GET", "/_api/edges/erredge", None,
     400, 1205, "illegal document handle"),
    ("RestEdgesHandler::readEdges: suffixes", "GET", "/_api/edges", None, 400, 400,
     "expected GET /_api/edges/<collection-identifier>?vertex=<vertex-id>&direction=<direction>"),
    ("RestEdgesHandler: other methods", "DELETE", "/_api/edges/erredge", None,
     501, 9, "'ILLEGAL /_api/edges' not implemented"),
    ("RestDocumentHandlerDeleteDocumentUnknownHandle#0", "DELETE",
     "/_api/document/errcoll/nokey", None, 404, 1202, "document not found"),
]

INDEXES = [
    ("RestIndexHandler::getIndexes: no ?collection=", "GET", "/_api/index", None,
     404, 1203, NOT_FOUND_1203),
    ("RestIndexHandler::getIndexes", "GET", "/_api/index?collection=nosuch", None,
     404, 1203, NOT_FOUND_1203),
    ("RestIndexHandler::getIndexes", "GET", "/_api/index/nosuch/1", None,
     404, 1203, NOT_FOUND_1203),
    ("methods::Indexes::getIndex", "GET", "/_api/index/errcoll/999", None,
     404, 1212, "index not found"),
    ("RestIndexHandler::createIndex", "POST", "/_api/index?collection=nosuch",
     {"type": "persistent", "fields": ["a"]}, 404, 1203, NOT_FOUND_1203),
    ("methods::Indexes::drop", "DELETE", "/_api/index/errcoll/999", None,
     404, 1212, "index not found"),
    ("RestIndexHandler::dropIndex", "DELETE", "/_api/index/errcoll", None,
     400, 400, "expecting DELETE /<collection-name>/<index-identifier>"),
    ("RestIndexHandler::dropIndex", "DELETE", "/_api/index/nosuch/1", None,
     404, 1203, NOT_FOUND_1203),
    ("RestIndexHandler::dropIndex: three suffixes", "DELETE", "/_api/index/errcoll/1/x", None,
     400, 400, "expecting DELETE /<collection-name>/<index-identifier>"),
    ("RestIndexHandler::getIndexes: three suffixes", "GET", "/_api/index/errcoll/1/x", None,
     400, 400, "bad parameter"),
    ("RestIndexHandler::createIndex: a suffix", "POST", "/_api/index/x?collection=errcoll",
     {"type": "persistent", "fields": ["a"]}, 400, 400,
     "expecting POST /_api/index/x?collection=<collection-name>"),
]

DATABASES = [
    ("DatabaseFeature::dropDatabase", "DELETE", "/_api/database/nosuch", None,
     404, 1228, "database not found"),
    ("DatabaseFeature::dropDatabase: _system", "DELETE", "/_api/database/_system", None,
     403, 11, "forbidden"),
    ("RestDatabaseHandler::createDatabase: name not a string", "POST", "/_api/database",
     {"name": 1}, 400, 1229, "database name invalid"),
    ("RestDatabaseHandler: not in _system", "GET", "/_db/errdb/_api/database", None,
     403, 1230, "operation only allowed in system database"),
]

USERS = [
    ("UserManager: unknown user", "GET", "/_api/user/nosuch", None, 404, 1703, "user not found"),
    ("UserManager: unknown user", "DELETE", "/_api/user/nosuch", None,
     404, 1703, "user not found"),
    ("RestUsersHandler: no user name", "POST", "/_api/user", {}, 400, 1700, "invalid user name"),
    ("UserManager::storeUser", "POST", "/_api/user", {"user": "root"}, 409, 1702, "duplicate user"),
    ("auth::User::grantDatabase", "PUT", "/_api/user/root/database/_system", {"grant": "ro"},
     403, 11, "Cannot lower access level of 'root' to _system"),
    ("RestUsersHandler: unknown database", "PUT", "/_api/user/root/database/nosuch/coll",
     {"grant": "rw"}, 404, 1228, "database not found"),
]

GRAPHS = [
    ("GraphManager::lookupGraphByName", "GET", "/_api/gharial/nosuch", None,
     404, 1924, "graph 'nosuch' not found"),
    ("GraphManager::lookupGraphByName", "DELETE", "/_api/gharial/nosuch", None,
     404, 1924, "graph 'nosuch' not found"),
    ("GraphManager::createGraph", "POST", "/_api/gharial", {}, 400, 1922, "missing graph name"),
    ("GraphManager::createGraph", "POST", "/_api/gharial", {"name": "errgraph"},
     409, 1925, "graph already exists"),
    ("GraphOperations: unknown vertex", "GET", "/_api/gharial/errgraph/vertex/errcoll/nokey",
     None, 404, 1202, "document not found"),
    ("GraphOperations: edge collection not in the graph", "GET",
     "/_api/gharial/errgraph/edge/errcoll/k", None, 404, 1930, "edge collection not used in graph"),
    ("GraphOperations::eraseOrphanCollection", "DELETE", "/_api/gharial/errgraph/vertex/nosuch",
     None, 400, 1928, "collection is not in list of orphan collections"),
    ("GraphOperations::eraseEdgeDefinition", "DELETE", "/_api/gharial/errgraph/edge/nosuch", None,
     404, 1930, "edge collection not used in graph"),
]

TRANSACTIONS = [
    ("RestTransactionBeginNonExisting#0 (transcript shape)", "POST", "/_api/transaction/begin",
     {"collections": {"read": "nosuch"}}, 404, 1203, "collection or view not found: nosuch"),
    ("RestTransactionHandler::executeGetState", "GET", "/_api/transaction/123", None,
     404, 1655, "transaction not found"),
    ("RestTransactionHandler::executeGetState", "GET", "/_api/transaction/abc", None,
     400, 10, "Illegal transaction ID"),
]

JOBS = [
    ("job_delete_04#0", "DELETE", "/_api/job/AreYouThere", None, 404, 404, "not found"),
    ("job_fetch_result_01#0", "PUT", "/_api/job", None, 400, 400, "bad parameter"),
    ("RestJobHandler: unknown job", "GET", "/_api/job/123", None, 404, 404, "not found"),
]

IMPORT = [
    ("RestImportJsonInvalidCollection#0 (shape)", "POST",
     "/_api/import?collection=nosuch&type=documents", '{"a":1}\n',
     404, 1203, "collection or view not found: nosuch"),
    ("RestImportJsonInvalidBody#0", "POST", "/_api/import?collection=errcoll&type=list", "{}",
     400, 400, "expecting a JSON array in the request"),
    ("RestImportHandler::createFromJson: a suffix", "POST", "/_api/import/x?collection=errcoll",
     "[]", 400, 601, "superfluous suffix, expecting /_api/import?collection=<identifier>"),
    ("RestImportHandler::createFromJson: no collection", "POST", "/_api/import?type=list", "[]",
     400, 1204, "'collection' is missing, expecting /_api/import?collection=<identifier>"),
    ("RestImportCsvInvalidBody#0", "POST", "/_api/import?collection=errcoll",
     '[ "_key", "value1", "value2" ]', 400, 400, "no JSON array found in second line"),
]

AQLFUNCTIONS = [
    ("RestAqlfunctionDeleteFails#0", "DELETE", "/_api/aqlfunction/myfunction::x::y", None,
     404, 1582, "no AQL user function with name 'myfunction::x::y' found"),
    ("registerUserFunction: no namespace", "POST", "/_api/aqlfunction",
     {"name": "nonamespace", "code": "function () { return 1; }"},
     400, 1580, "error creating AQL user function: 'nonamespace' is not a valid name"),
    ("registerUserFunction: name not a string", "POST", "/_api/aqlfunction",
     {"name": 1, "code": "function () { return 1; }"},
     400, 1580, "function name has to be provided as a string"),
    ("registerUserFunction: empty name", "POST", "/_api/aqlfunction",
     {"name": "", "code": "function () { return 1; }"},
     400, 1580, "function name has to be provided and must not be empty"),
    ("registerUserFunction: no code", "POST", "/_api/aqlfunction", {"name": "my::f"},
     400, 1581, "expecting string with function definition"),
    ("RestAqlUserFunctionsHandler: not an object", "POST", "/_api/aqlfunction", [1],
     400, 17, "expecting JSON object body"),
    ("RestAqlUserFunctionsHandler: overwrites the parse error", "POST", "/_api/aqlfunction",
     '{"name":', 400, 17, "expecting JSON object body"),
    ("RestAqlUserFunctionsHandler: DELETE without a name", "DELETE", "/_api/aqlfunction", None,
     400, 601, "superfluous suffix, expecting _api/aqlfunction/<functionname or prefix>"),
    ("RestAqlUserFunctionsHandler: GET with two suffixes", "GET", "/_api/aqlfunction/a/b", None,
     400, 601, "superfluous suffix, expecting _api/aqlfunction/[<functionname or prefix>|"
               "?prefix=<functionname or prefix>]"),
]


def cursor(query, bind_vars=None):
    body = {"query": query}
    if bind_vars is not None:
        body["bindVars"] = bind_vars
    return body


def syntax(message):
    return f"AQL: {message} (while parsing)"


AQL = [
    # Parser::registerParseError: "AQL: <bison message> near '<rest>' at position <line>:<col>"
    ("grammar.y: unexpected end", "POST", "/_api/cursor", cursor("RETURN 1 +"),
     400, 1501, syntax("syntax error, unexpected end of query string near '+' at position 1:10")),
    ("grammar.y: unexpected token with the expected one", "POST", "/_api/cursor",
     cursor("RETURN NOOPT(1) RETURN 2"), 400, 1501,
     syntax("syntax error, unexpected RETURN declaration, expecting end of query string "
            "near 'RETURN 2' at position 1:17")),
    ("tokens.ll: an unterminated string ends the input", "POST", "/_api/cursor",
     cursor('RETURN "abc'), 400, 1501,
     syntax("syntax error, unexpected end of query string near 'c' at position 1:11")),
    ("tokens.ll: an unterminated name ends the input", "POST", "/_api/cursor",
     cursor("FOR x IN `abc"), 400, 1501,
     syntax("syntax error, unexpected end of query string near 'c' at position 1:13")),
    ("Ast: unknown function", "POST", "/_api/cursor", cursor("RETURN FOO()"),
     400, 1540, "usage of unknown function 'FOO()' (while parsing)"),
    ("Ast: argument count with min and max", "POST", "/_api/cursor", cursor("RETURN LENGTH()"),
     400, 1541, "invalid number of arguments for function 'LENGTH()', expected number of "
                "arguments: minimum: 1, maximum: 1 (while parsing)"),
    ("Ast: argument count, variadic maximum", "POST", "/_api/cursor",
     cursor("RETURN CONCAT_SEPARATOR()"), 400, 1541,
     "invalid number of arguments for function 'CONCAT_SEPARATOR()', expected number of "
     "arguments: minimum: 2, maximum: 65536 (while parsing)"),
    ("RestCursorCreateCursorUnknownCollection#0 (shape)", "POST", "/_api/cursor",
     cursor("FOR u IN nosuch RETURN u"), 404, 1203, "collection or view not found: nosuch"),
    ("unknown variable names a collection", "POST", "/_api/cursor",
     cursor("FOR x IN [1] RETURN y"), 404, 1203, "collection or view not found: y"),
    ("RestExplainInvalid#0 (shape)", "POST", "/_api/cursor", cursor("RETURN @x"),
     400, 1551, "no value specified for declared bind parameter 'x' (while parsing)"),
    ("BindParameters: unused", "POST", "/_api/cursor", cursor("RETURN 1", {"x": 1}),
     400, 1552, "bind parameter 'x' was not declared in the query (while parsing)"),
    ("Ast: variable declared twice", "POST", "/_api/cursor",
     cursor("LET x = 1 LET x = 2 RETURN x"),
     400, 1511, "variable 'x' is assigned multiple times (while parsing)"),
    ("RestCursorCreateCursorMissingBody#0", "POST", "/_api/cursor", None,
     400, 1502, "query is empty"),
    # Ast::validateAndOptimize (state AST_OPTIMIZATION: "optimizing ast")
    ("Ast::validateAndOptimize: read after a write", "POST", "/_api/cursor",
     cursor("INSERT {} INTO errcoll FOR d IN errcoll RETURN d"), 400, 1579,
     "access after data-modification by collection 'errcoll' (while optimizing ast)"),
    ("Ast::validateAndOptimize: a second write to the collection", "POST", "/_api/cursor",
     cursor("INSERT {} INTO errcoll INSERT {} INTO errcoll"), 400, 1579,
     "access after data-modification by collection 'errcoll' (while optimizing ast)"),
    ("Ast::validateAndOptimize: a write to a collection an outer level reads", "POST",
     "/_api/cursor", cursor("FOR d IN errcoll LET u = (REMOVE d IN errcoll) RETURN u"), 400, 1579,
     "access after data-modification by collection 'errcoll' (while optimizing ast)"),
    ("Ast::validateAndOptimize: a document-reading function after a write", "POST",
     "/_api/cursor", cursor("INSERT {} INTO errcoll RETURN DOCUMENT('errcoll/x')"), 400, 1579,
     "access after data-modification by function DOCUMENT (while optimizing ast)"),
    ("Ast::optimizeFor: a constant operand that is not an array", "POST", "/_api/cursor",
     cursor("FOR x IN @v RETURN x", {"v": "errcoll"}), 400, 1563,
     "array expected as operand to FOR loop (while optimizing ast)"),
    ("EnumerateListExecutor: a value that is not an array", "POST", "/_api/cursor",
     cursor("LET v = NOOPT(null) FOR x IN v RETURN x"), 400, 1563,
     "AQL: collection or array expected as operand to FOR loop; you provided a value of type "
     "'null' [node #3: EnumerateListNode] [node #4: ReturnNode] (while executing)"),
    ("Ast::validateAndOptimize: a traversal after a write", "POST", "/_api/cursor",
     cursor("INSERT {} INTO errcoll FOR v IN 1..1 OUTBOUND 'errcoll/a' erredge RETURN v"),
     400, 1579, "access after data-modification by traversal (while optimizing ast)"),
]

# (source, query, [(code, message)]): runtime warnings in extra.warnings
AQL_WARNINGS = [
    ("Expression: division by zero", "RETURN 1 / 0", [(1562, "division by zero")]),
    ("Functions: argument type", "RETURN FLATTEN(1)",
     [(1542, "invalid argument type in call to function 'FLATTEN()'")]),
    ("Functions: invalid date", "RETURN DATE_TIMESTAMP('foo')", [(1572, "invalid date value")]),
]

AUTH = [
    ("RestAuthHandler::badRequest", "POST", "/_open/auth", {}, 400, 400, "invalid JSON"),
    ("RestAuthHandler::badRequest", "POST", "/_open/auth", {"username": "root"},
     400, 400, "invalid JSON"),
    ("RestAuthHandler: wrong password", "POST", "/_open/auth",
     {"username": "root", "password": "wrong"}, 401, 401, "Wrong credentials"),
    ("RestAuthHandler: only POST", "GET", "/_open/auth", None, 405, 405, "method not supported"),
]


def error_triple(r):
    try:
        b = r.json()
    except ValueError:
        return r.status, None, r.text
    if not isinstance(b, dict):
        return r.status, None, b
    return r.status, b.get("errorNum"), b.get("errorMessage")


def send(emu, method, path, body):
    """A str body is sent as it is (raw text), anything else as JSON."""
    if isinstance(body, str):
        return emu.request(method, path, body.encode())
    return emu.request(method, path, body)


def check_table(c, emu, rows):
    for source, method, path, body, status, num, message in rows:
        c.eq(error_triple(send(emu, method, path, body)), (status, num, message),
             f"{method} {path} [{source}]")


def set_up(emu):
    mkcoll(emu, "errcoll")
    mkcoll(emu, "erredge", type=3)
    emu.request("DELETE", "/_api/database/errdb")
    r = emu.request("POST", "/_api/database", {"name": "errdb"})
    assert r.status == 201, r.text
    emu.request("DELETE", "/_api/gharial/errgraph")
    r = emu.request("POST", "/_api/gharial",
                    {"name": "errgraph",
                     "edgeDefinitions": [{"collection": "erredge", "from": ["errcoll"],
                                          "to": ["errcoll"]}]})
    assert r.status in (201, 202), r.text


def check_unknown_path_envelope(c, emu):
    """JSON.stringify of actions.js resultError: error, code, errorNum, errorMessage."""
    r = emu.request("GET", "/_api/does-not-exist")
    c.eq(r.text, '{"error":true,"code":404,"errorNum":404,'
                 '"errorMessage":"unknown path \'/_api/does-not-exist\'"}', "body")
    c.eq(r.header("Content-Type"), "application/json; charset=utf-8", "content type")
    r = emu.request("HEAD", "/_api/does-not-exist")
    c.eq((r.status, r.body), (404, b""), "HEAD: status, no body")


def check_onlyget_presence(c, emu):
    """RestDocumentHandler::replaceDocument reads documents when ?onlyget is present at all:
    ?onlyget=false is a read too, not a replace (so a missing key is an error item and the
    stored document is unchanged)."""
    emu.request("POST", "/_api/document/errcoll", {"_key": "og", "v": 1})
    r = emu.request("PUT", "/_api/document/errcoll?onlyget=false", [{"_key": "og", "v": 2}, "nokey"])
    b = r.json()
    c.eq((r.status, [d.get("v") for d in b[:1]], b[1].get("errorNum")), (200, [1], 1202),
         "onlyget=false reads")
    r = emu.request("GET", "/_api/document/errcoll/og")
    c.eq(r.json().get("v"), 1, "nothing replaced")


def check_warnings(c, emu):
    for source, query, expected in AQL_WARNINGS:
        r = emu.request("POST", "/_api/cursor", {"query": query})
        b = r.json()
        got = [(w.get("code"), w.get("message")) for w in b.get("extra", {}).get("warnings", [])]
        c.eq((r.status, got), (201, expected), f"{query} [{source}]")


def check_node_annotation(c, emu):
    """ExecutionBlockImpl::execute: every block an exception passes appends its node once,
    whatever the message says; RestCursorHandler adds "AQL: " and "(while executing)". A
    FAIL() text that looks like an annotation or a phase is annotated as any other."""
    queries = ["FOR i IN 1..3 LIMIT 1 RETURN FAIL(@m)",
               "FOR i IN 1..3 FOR j IN 1..2 FILTER FAIL(@m) LIMIT 2 RETURN j",
               "FOR i IN 1..3 SORT FAIL(@m) LIMIT 1 RETURN i",
               "FOR i IN 1..3 LET s = (FOR j IN 1..2 FILTER FAIL(@m) RETURN j) RETURN s"]
    for query in queries:
        r = emu.request("POST", "/_api/cursor", {"query": query, "bindVars": {"m": "plain"}})
        status, num, plain = error_triple(r)
        c.eq((status, num), (400, 1569), f"{query}: FAIL")
        c.true(plain.startswith("AQL: FAIL(plain) called [node #") and plain.endswith("] (while executing)"),
               plain)
        for text in ["[node #1: CalculationNode]", "(while parsing)", "x (while y)"]:
            r = emu.request("POST", "/_api/cursor", {"query": query, "bindVars": {"m": text}})
            c.eq(error_triple(r), (400, 1569, plain.replace("plain", text)), f"{query} with {text!r}")


def run(c, exe):
    with started(c, exe, "--no-auth") as emu:
        set_up(emu)
        for name, rows in (("router", ROUTER), ("collections", COLLECTIONS),
                           ("documents", DOCUMENTS), ("indexes", INDEXES),
                           ("databases", DATABASES), ("users", USERS), ("graphs", GRAPHS),
                           ("transactions", TRANSACTIONS), ("jobs", JOBS), ("import", IMPORT),
                           ("aqlfunction", AQLFUNCTIONS), ("aql", AQL)):
            c.run(name, check_table, emu, rows)
        c.run("unknown path envelope", check_unknown_path_envelope, emu)
        c.run("aql warnings", check_warnings, emu)
        c.run("aql node annotation", check_node_annotation, emu)
        c.run("onlyget presence", check_onlyget_presence, emu)
        emu.request("DELETE", "/_api/gharial/errgraph")
        emu.request("DELETE", "/_api/database/errdb")
        drop_collections(emu)
    with started(c, exe, "--root-password", "pw") as emu:
        c.run("auth", check_table, emu, AUTH)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
