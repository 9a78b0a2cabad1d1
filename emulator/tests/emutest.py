"""Shared infrastructure of the emulator's Python suites (python3 standard library only).

Every suite in this directory (test_emulator.py, test_conformance_*.py, test_transport.py,
test_aql_engine.py) takes the path of arango-emulator as its argument and uses this module for:
starting and stopping emulators (Emulator, stop_process, started), sending requests (Response,
send_request, send, basic, make_jwt), counting checks (Checker), comparing bodies with recorded
ones (compare_json, compare_shape, json_type), arangod's standard header block
(check_header_block, check_standard_headers), transcripts (load_jsonl, split_url), collections
(mkcoll, drop_collections), error triples (error_of) and the command line (suite_main).
"""
import base64
import contextlib
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import traceback
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
# arango-emulator-run (installed to bindir; its source is emulator/launcher/).
LAUNCHER = os.path.join(os.path.dirname(HERE), "launcher", "arango_emulator_run.py")
sys.path.insert(0, os.path.dirname(LAUNCHER))
from arango_emulator_run import make_tls_certificates  # noqa: E402,F401  (re-exported)

STANDARD_HEADERS = [
    "X-Arango-Queue-Time-Seconds",
    "Strict-Transport-Security",
    "Expires",
    "Pragma",
    "Cache-Control",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Server",
]
# X-Arango-Queue-Time-Seconds is the request's real queue time (whole
# milliseconds, std::to_string format): its value is checked with QUEUE_TIME_RE.
QUEUE_TIME_RE = re.compile(r"^\d+\.\d{3}000$")
STANDARD_VALUES = {
    "Strict-Transport-Security": "max-age=31536000 ; includeSubDomains",
    "Expires": "0",
    "Pragma": "no-cache",
    "Cache-Control": "no-cache, no-store, must-revalidate, pre-check=0, post-check=0, "
                     "max-age=0, s-maxage=0",
    "Content-Security-Policy": "frame-ancestors 'self'; form-action 'self';",
    "X-Content-Type-Options": "nosniff",
    "Server": "ArangoDB",
}
JSON_CT = "application/json; charset=utf-8"


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value) in wire order
        self.body = body        # bytes

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def names(self):
        return [k for k, _ in self.headers]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_jwt(payload, secret, header=None):
    header = header or {"alg": "HS256", "typ": "JWT"}
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(secret.encode(), f"{h}.{p}".encode(), hashlib.sha256).digest()
    return f"{h}.{p}.{b64url(sig)}"


def dbpath(name, rest):
    return "/_db/" + urllib.parse.quote(name, safe="") + rest


class Emulator:
    def __init__(self, exe, *args):
        self.exe = exe
        self.proc = subprocess.Popen([exe, "--port", "0", *args], stdout=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True)
        line = [None]

        def read():
            line[0] = self.proc.stdout.readline()

        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(10)
        m = re.match(r"^arango-emulator listening on http://([^:]+):(\d+)\n$", line[0] or "")
        if not m:
            self.proc.kill()
            raise RuntimeError(f"emulator did not start, first line: {line[0]!r}")
        self.host = m.group(1)
        self.port = int(m.group(2))
        self.url = f"http://{self.host}:{self.port}"

    def connection(self, timeout=10):
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, auth=None, conn=None, timeout=10):
        return send_request(conn or self.connection(timeout), method, path, body, headers, auth,
                            close=conn is None)

    def raw(self, data, timeout=5):
        """Sends raw bytes, returns everything until EOF (or raises)."""
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        try:
            s.sendall(data)
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            s.close()

    def stats(self):
        return self.request("GET", "/_emulator/stats").json()

    def stop(self):
        return stop_process(self.proc)


def send_request(conn, method, path, body=None, headers=None, auth=None, close=False):
    """One request on an http.client connection: a JSON-able body is serialized, `auth` is the
    Authorization value; the connection is closed afterwards when `close`."""
    hdrs = dict(headers or {})
    if auth is not None:
        hdrs["Authorization"] = auth
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        if close:
            conn.close()


def stop_process(proc):
    """SIGTERM, then SIGKILL after 10 s: the exit code, or None when it had to be killed."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return None
    proc.stdout.close()
    return proc.returncode


class Checker:
    def __init__(self):
        self.failures = []
        self.passed = 0
        self.current = None

    def run(self, name, fn, *args):
        self.current = name
        try:
            fn(self, *args)
            self.passed += 1
            print(f"PASS {name}")
        except Exception as exc:  # noqa: BLE001 - report everything
            self.failures.append(name)
            print(f"FAIL {name}: {exc}")
            traceback.print_exc(limit=3)
        sys.stdout.flush()

    def stop(self, emu):
        """Stops the emulator; a non-zero exit code counts as a failure."""
        code = emu.stop()
        if code != 0:
            self.failures.append(f"emulator exit code {code}")

    def report(self, summary=None):
        """Prints the summary and the failed checks; returns the exit code."""
        print("\n" + (summary or f"{self.passed} passed, {len(self.failures)} failed"))
        for name in self.failures:
            print(f"  FAILED: {name}")
        return 1 if self.failures else 0

    @staticmethod
    def eq(actual, expected, what=""):
        if actual != expected:
            raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")

    @staticmethod
    def true(cond, what):
        if not cond:
            raise AssertionError(what)


def check_header_block(c, r, content_type=None):
    """Handler headers first, then arangod's standard block in wire order (and the
    Content-Type / Content-Length that follow it, when content_type is given)."""
    names = r.names()
    i = 0
    while i < len(names) and names[i] not in STANDARD_HEADERS:
        i += 1
    c.eq(names[i:], STANDARD_HEADERS + ["Connection", "Content-Type", "Content-Length"],
         "standard header block in wire order")
    for name, value in STANDARD_VALUES.items():
        c.eq(r.header(name), value, f"header {name}")
    if content_type is not None:
        c.eq(r.header("Content-Type"), content_type, "Content-Type")
        c.eq(int(r.header("Content-Length")), len(r.body), "Content-Length")


def check_standard_headers(c, r, www_authenticate=False, content_type=JSON_CT):
    """Wire order and values of arangod's header block."""
    expected = list(STANDARD_HEADERS)
    if www_authenticate:
        expected += ["Www-Authenticate", "Www-Authenticate"]
    expected += ["Connection"]
    if content_type is not None:
        expected += ["Content-Type"]
    expected += ["Content-Length"]
    c.eq(r.names(), expected, "header names in wire order")
    for name, value in STANDARD_VALUES.items():
        c.eq(r.header(name), value, f"header {name}")
    c.true(QUEUE_TIME_RE.match(r.header("X-Arango-Queue-Time-Seconds") or ""),
           f"queue time {r.header('X-Arango-Queue-Time-Seconds')!r} in whole milliseconds")
    c.eq(r.header("Connection"), "Keep-Alive", "Connection header")
    if content_type is not None:
        c.eq(r.header("Content-Type"), content_type, "Content-Type")
    c.eq(int(r.header("Content-Length")), len(r.body), "Content-Length")
    if www_authenticate:
        c.eq(r.header_all("Www-Authenticate"),
             ['Basic, realm="ArangoDB"', 'Bearer, token_type="JWT", realm="ArangoDB"'],
             "Www-Authenticate values")


def check_compact(c, r):
    """Body is compact JSON, as arangod sends it (key order: compare_shape)."""
    text = r.text
    c.eq(text, json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False),
         "compact JSON body (shortest round-trip numbers, raw UTF-8)")


def json_type(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if v is None:
        return "null"
    if isinstance(v, list):
        return "array"
    return "object"


def never(*_args):
    return False


def compare_json(c, expected, actual, path=(), volatile=never, shallow=never, by_values=never):
    """Checks a response body against a recorded one: the same JSON types, the same keys in
    the same order, the same array lengths, and equal scalars except where
    volatile(path, recorded_value) says the value differs by nature (ids, times...).
    shallow(path, recorded_value): an object's keys are compared, not their values; an
    array is not compared at all. by_values(path): an object whose keys differ by nature
    (index ids): its number of entries and its values in order are compared."""
    where = "/".join(path) or "<root>"
    c.eq(json_type(actual), json_type(expected), f"type at {where}")
    if isinstance(expected, dict):
        if by_values(path):
            c.eq(len(actual), len(expected), f"number of entries at {where}")
            for i, (e, a) in enumerate(zip(expected.values(), actual.values())):
                compare_json(c, e, a, path + (str(i),), volatile, shallow, by_values)
            return
        c.eq(list(actual.keys()), list(expected.keys()), f"keys (in order) at {where}")
        if shallow(path, expected):
            return
        for k in expected:
            compare_json(c, expected[k], actual[k], path + (k,), volatile, shallow, by_values)
    elif isinstance(expected, list):
        if shallow(path, expected):
            return
        c.eq(len(actual), len(expected), f"array length at {where}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare_json(c, e, a, path + (str(i),), volatile, shallow, by_values)
    elif not volatile(path, expected):
        c.eq(actual, expected, f"value at {where}")


def compare_shape(c, expected, actual, path, skip, volatile):
    c.eq(json_type(actual), json_type(expected), f"type at {'/'.join(path) or '<root>'}")
    if isinstance(expected, dict):
        exp_keys = [k for k in expected if path + (k,) not in skip]
        c.eq(list(actual.keys()), exp_keys, f"keys (in order) at {'/'.join(path) or '<root>'}")
        for k in exp_keys:
            compare_shape(c, expected[k], actual[k], path + (k,), skip, volatile)
    elif isinstance(expected, list):
        c.eq(len(actual), len(expected), f"array length at {'/'.join(path)}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare_shape(c, e, a, path + (str(i),), skip, volatile)
    elif path not in volatile:
        c.eq(actual, expected, f"value at {'/'.join(path)}")


def load_jsonl(path):
    """The JSON values of a JSON-lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# arangod's standard response headers, lower-case (check_headers compares the others).
STANDARD = {"x-arango-queue-time-seconds", "strict-transport-security", "expires", "pragma",
            "cache-control", "content-security-policy", "x-content-type-options", "server",
            "connection", "content-type", "content-length"}


def check_recorded_headers(c, rec, r):
    """The response has the recorded non-standard headers, arangod's standard block, and the
    recorded body kind's Content-Type and Content-Length. Returns the recorded header names
    (lower-case, standard ones left out)."""
    recorded = {k.lower() for k in rec["response_headers"]} - STANDARD
    actual = {k.lower() for k in r.names()} - STANDARD
    c.eq(actual, recorded, "set of special headers")
    check_header_block(c, r)
    if rec["response_body_kind"] == "json":
        c.eq(r.header("Content-Type"), JSON_CT, "Content-Type")
    c.eq(int(r.header("Content-Length")), len(r.body), "Content-Length")
    return recorded


def check_headers(c, rec, r, example, req_path):
    """check_recorded_headers, then the values of Etag, Location and X-Arango-Error-Codes."""
    recorded = check_recorded_headers(c, rec, r)
    body = r.json() if r.body else None
    if "etag" in recorded:
        tag = r.header("Etag")
        c.true(tag.startswith('"') and tag.endswith('"'), f"Etag quoted: {tag}")
        if isinstance(body, dict) and "_rev" in body:
            c.eq(tag, f'"{body["_rev"]}"', "Etag equals the body's _rev")
    if "location" in recorded:
        loc = r.header("Location")
        if req_path.startswith("/_api/document/"):
            coll = req_path.split("/")[3]
            c.eq(loc, f"/_db/_system/_api/document/{coll}/{urllib.parse.quote(body['_key'], safe='')}",
                 "Location of the document")
        else:
            c.eq(loc, "/_db/_system" + req_path, "Location echoes the request path")
    if "x-arango-error-codes" in recorded:
        c.eq(r.header("X-Arango-Error-Codes"), rec["response_headers"]["x-arango-error-codes"],
             "X-Arango-Error-Codes")


def js_to_json(text):
    """JS object/array literal (as used in the examples) -> Python value."""
    text = re.sub(r'([{,]\s*)([A-Za-z_$][\w$]*)\s*:', r'\1"\2":', text)
    return json.loads(text)


class Example:
    """State of one example: variables, created collections, saved documents."""

    def __init__(self, emu, rec):
        self.emu = emu
        self.code = rec["example_code"] or ""
        self.vars = dict(re.findall(r'var\s+(\w+)\s*=\s*"([^"]*)"', self.code))
        self.colls = {}      # js variable -> collection name
        self.coll_ids = []   # ids of created collections
        self.docs = {}       # js variable -> document meta (or list)
        self.index_ids = []
        self.unlogged_sent = 0

    def name_of(self, expr):
        expr = expr.strip()
        if expr.startswith('"'):
            return expr.strip('"')
        m = re.fullmatch(r'db\.(\w+)', expr)
        if m:
            return m.group(1)
        m = re.fullmatch(r'db\[(\w+)\]', expr)
        if m:
            return self.vars.get(m.group(1), m.group(1))
        if expr in self.colls:
            return self.colls[expr]
        return self.vars.get(expr, expr)

    def run_setup(self, c):
        code = self.code
        end = code.find("logCurlRequest")
        region = code if end < 0 else code[:end]
        region = region.replace("\n", " ")
        patterns = [
            ("drop", r'db\._drop\(\s*([^,)]+?)\s*(?:,\s*(\{[^)]*\}))?\s*\)'),
            ("create", r'(?:var\s+(\w+)\s*=\s*)?db\._create\(\s*([^,)]+?)\s*(?:,\s*(\{[^)]*\}))?\s*\)'),
            ("edge", r'(?:var\s+(\w+)\s*=\s*)?db\._createEdgeCollection\(\s*([^,)]+?)\s*\)'),
            ("save", r'(?:var\s+(\w+)\s*=\s*)?(db\.\w+|db\[\w+\]|\w+)\.save\(\s*(.*?)\s*\);'),
            ("remove", r'(db\.\w+|db\[\w+\]|\w+)\.remove\(\s*(\w+)\._id\s*\)'),
            ("index", r'(db\.\w+|db\[\w+\]|\w+)\.ensureIndex\(\s*(\{.*?\})\s*\)'),
        ]
        ops = []
        for kind, pat in patterns:
            for m in re.finditer(pat, region):
                ops.append((m.start(), kind, m))
        ops.sort(key=lambda x: x[0])
        for _, kind, m in ops:
            if kind == "drop":
                name = self.name_of(m.group(1))
                self.emu.request("DELETE", f"/_api/collection/{urllib.parse.quote(name)}?isSystem=true")
            elif kind in ("create", "edge"):
                name = self.name_of(m.group(2))
                body = {"name": name}
                if kind == "edge":
                    body["type"] = 3
                elif m.group(3):
                    body.update(js_to_json(m.group(3)))
                r = self.emu.request("POST", "/_api/collection", body)
                c.eq(r.status, 200, f"set-up: create collection {name}: {r.text}")
                self.coll_ids.append(r.json()["id"])
                if m.group(1):
                    self.colls[m.group(1)] = name
            elif kind == "save":
                name = self.name_of(m.group(2))
                docs = js_to_json(m.group(3))
                r = self.emu.request("POST", f"/_api/document/{urllib.parse.quote(name)}", docs)
                c.true(r.status in (201, 202), f"set-up: save into {name}: {r.status} {r.text}")
                if m.group(1):
                    self.docs[m.group(1)] = r.json()
            elif kind == "remove":
                name = self.name_of(m.group(1))
                doc = self.docs[m.group(2)]
                r = self.emu.request("DELETE", f"/_api/document/{doc['_id']}")
                c.true(r.status in (200, 202), f"set-up: remove {doc['_id']}")
            elif kind == "index":
                name = self.name_of(m.group(1))
                r = self.emu.request("POST", f"/_api/index?collection={urllib.parse.quote(name)}",
                                     js_to_json(m.group(2)))
                c.true(r.status in (200, 201), f"set-up: index on {name}: {r.text}")
                self.index_ids.append(r.json()["id"].split("/")[1])

    def map_path(self, path):
        """Recorded path -> the same path with this run's ids/keys."""
        m = re.fullmatch(r'/_api/collection/(\d+)(/.*)?', path)
        if m and self.coll_ids:
            return f"/_api/collection/{self.coll_ids[-1]}{m.group(2) or ''}"
        m = re.fullmatch(r'/_api/document/([^/]+)/(\d+)', path)
        if m:
            var = re.search(r'(\w+)\._id', self.code)
            doc = self.docs.get(var.group(1) if var else "document")
            if isinstance(doc, dict) and "_key" in doc:
                return f"/_api/document/{m.group(1)}/{doc['_key']}"
        m = re.fullmatch(r'/_api/index/([^/]+)/(\d+)', path)
        if m and m.group(2) != "0" and self.index_ids:
            return f"/_api/index/{m.group(1)}/{self.index_ids[-1]}"
        return path

    def map_headers(self, headers):
        out = dict(headers)
        for k, v in headers.items():
            if k.lower() in ("if-match", "if-none-match"):
                var = re.search(r'(\w+)\._rev', self.code)
                doc = self.docs.get(var.group(1)) if var else None
                if isinstance(doc, dict):
                    out[k] = f'"{doc["_rev"]}"'
        return out


def split_url(url):
    path, _, query = url.partition("?")
    return path, query


def send(emu, method, path, query, body, headers=None, body_kind=None):
    """A recorded request: `query` is appended to `path`; a body is sent as JSON unless it is
    text (body_kind "text")."""
    target = path + ("?" + query if query else "")
    if body_kind == "text" and isinstance(body, str):
        payload = body
    elif body is None:
        payload = None
    else:
        payload = json.dumps(body)
    return emu.request(method, target, body=payload, headers=headers or {})


def error_of(r):
    """(HTTP status, errorNum, errorMessage) of an error response."""
    b = r.json()
    return (r.status, b.get("errorNum"), b.get("errorMessage"))


def mkcoll(emu, name, **opts):
    """Creates collection `name` afresh (dropping one of that name first)."""
    emu.request("DELETE", f"/_api/collection/{name}")
    body = {"name": name}
    body.update(opts)
    r = emu.request("POST", "/_api/collection", body)
    assert r.status == 200, r.text
    return r.json()


def drop_collections(emu):
    """Drops every non-system collection (the examples drop theirs at the end)."""
    r = emu.request("GET", "/_api/collection?excludeSystem=true")
    for coll in r.json()["result"]:
        emu.request("DELETE", "/_api/collection/" + urllib.parse.quote(coll["name"], safe=""))
    emu.request("DELETE", "/_api/collection/_example?isSystem=true")


def sanitized(exe):
    """Whether the emulator is an AddressSanitizer build (GCC links libasan dynamically)."""
    out = subprocess.run(["ldd", exe], capture_output=True, text=True).stdout
    return "libasan" in out


@contextlib.contextmanager
def asan_without_quarantine(exe):
    """For a check of resident memory: an AddressSanitizer build keeps up to 256 MB of freed
    memory in its quarantine, resident by design, so memory that a normal build reuses shows
    as growth. Inside the with-block, emulators started from a sanitized `exe` run with no
    quarantine (every other ASan check stays on); a normal build is unaffected."""
    if not sanitized(exe):
        yield
        return
    old = os.environ.get("ASAN_OPTIONS")
    os.environ["ASAN_OPTIONS"] = ":".join(x for x in (old, "quarantine_size_mb=0",
                                                      "thread_local_quarantine_size_kb=0") if x)
    try:
        yield
    finally:
        if old is None:
            del os.environ["ASAN_OPTIONS"]
        else:
            os.environ["ASAN_OPTIONS"] = old


@contextlib.contextmanager
def started(c, exe, *args):
    """An emulator started with `args` for the checks inside the with-block; stopped afterwards
    (a non-zero exit code counts as a failure)."""
    emu = Emulator(exe, *args)
    try:
        yield emu
    finally:
        c.stop(emu)


def suite_main(doc, run, max_extra_args=0):
    """The command line of a suite: `SUITE PATH/TO/arango-emulator [EXTRA...]`. Calls
    run(checker, exe, *extra) and returns its exit code (2 with the usage on a bad command line)."""
    extra = sys.argv[2:]
    if len(sys.argv) < 2 or len(extra) > max_extra_args:
        print(doc)
        return 2
    return run(Checker(), os.path.abspath(sys.argv[1]), *extra)
