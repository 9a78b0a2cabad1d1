#!/usr/bin/env python3
"""Transport tests of arango-emulator (python3 standard library only): TLS,
several listeners as a cluster of coordinators over one store, request and
response compression, and the queue-time header.

    test_transport.py PATH/TO/arango-emulator

TLS: an emulator started with a certificate from arango-emulator-run's test CA
serves HTTPS on every listener; a client with that CA connects (by IP and by
host name), one with another CA or another host name fails; a failed
handshake closes that connection only. Cluster: three listeners over one
store, /_emulator/listeners, stopping (acceptor closed, open and in-flight
connections dropped) and starting a listener while the others serve.
Compression: Content-Encoding deflate/gzip request bodies, bad data, the
unauthenticated-request rule, compressed responses per Accept-Encoding and
threshold. Queue time: the header, the simulated extra time, 412 / 21004
before any handler runs. Then the wrapper's --tls / --coordinators options.
"""
import base64
import gzip
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import (  # noqa: E402
    JSON_CT, LAUNCHER, QUEUE_TIME_RE, STANDARD_HEADERS, basic, make_tls_certificates, send_request,
    stop_process)

ROOT_PASSWORD = "transport-pw"
AUTH = basic("root", ROOT_PASSWORD)
LINE_RE = re.compile(r"^arango-emulator listening on (https?)://([^:]+):(\d+)\n$")
QUEUE_VIOLATED_BODY = ('{"error":true,"errorNum":21004,"errorMessage":"queue time violated",'
                       '"code":412}')


class Cluster:
    """An emulator with `ports` listeners (all --port 0); optionally TLS."""

    def __init__(self, exe, *args, ports=1, certs=None):
        argv = [exe, "--root-password", ROOT_PASSWORD]
        for _ in range(ports):
            argv += ["--port", "0"]
        if certs is not None:
            argv += ["--tls-cert", certs["server.pem"], "--tls-key", certs["server.key"]]
        argv += list(args)
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     text=True)
        lines = []

        def read():
            for _ in range(ports):
                lines.append(self.proc.stdout.readline())

        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(10)
        self.lines = list(lines)
        self.listeners = []  # (scheme, host, port)
        for line in self.lines:
            m = LINE_RE.match(line)
            if not m:
                self.proc.kill()
                raise RuntimeError(f"emulator did not start, output line: {line!r}")
            self.listeners.append((m.group(1), m.group(2), int(m.group(3))))
        if len(self.listeners) != ports:
            self.proc.kill()
            raise RuntimeError(f"emulator reported {len(self.listeners)} of {ports} listeners")
        self.tls_context = None
        if certs is not None:
            self.tls_context = ssl.create_default_context(cafile=certs["ca.pem"])

    def port(self, i=0):
        return self.listeners[i][2]

    def connection(self, i=0, timeout=10, context=None, host=None):
        scheme, h, port = self.listeners[i]
        if scheme == "https":
            return http.client.HTTPSConnection(host or h, port, timeout=timeout,
                                               context=context or self.tls_context)
        return http.client.HTTPConnection(host or h, port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, listener=0, auth=AUTH, conn=None,
                timeout=10):
        return send_request(conn or self.connection(listener, timeout), method, path, body, headers,
                            auth, close=conn is None)

    def listing(self, via=0):
        r = self.request("GET", "/_emulator/listeners", listener=via, auth=None)
        if r.status != 200:
            raise AssertionError(f"GET /_emulator/listeners: {r.status} {r.body!r}")
        return r.json()["listeners"]

    def stop(self):
        return stop_process(self.proc)


def stop_checked(c, cluster):
    code = cluster.stop()
    if code != 0:
        c.failures.append(f"emulator exit code {code}")


def refused(host, port):
    try:
        with socket.create_connection((host, port), timeout=2):
            return False
    except ConnectionRefusedError:
        return True


def wait_until(cond, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def handler_headers_then_standard(c, r):
    """Handler headers (e.g. Content-Encoding) come before arangod's standard block."""
    names = r.names()
    first = names.index(STANDARD_HEADERS[0])
    c.eq(names[first:first + len(STANDARD_HEADERS)], STANDARD_HEADERS, "standard block order")
    return names[:first]


# ---------------------------------------------------------------------------
# TLS
# ---------------------------------------------------------------------------

def check_tls_startup_lines(c, cluster):
    c.eq([s for s, _, _ in cluster.listeners], ["https", "https"], "schemes of the startup lines")
    c.eq(len({p for _, _, p in cluster.listeners}), 2, "two distinct ports")


def check_tls_right_ca(c, cluster):
    for i in range(2):
        conn = cluster.connection(i)
        try:
            r = cluster.request("GET", "/_api/version", conn=conn)
            c.eq(r.status, 200, f"GET /_api/version over TLS on listener {i}")
            c.eq(r.json()["server"], "arango", "body")
            c.true(conn.sock.version() in ("TLSv1.2", "TLSv1.3"), f"TLS version {conn.sock.version()}")
            r = cluster.request("GET", "/_api/version", conn=conn)
            c.eq(r.status, 200, "second request on the same TLS connection (keep-alive)")
        finally:
            conn.close()
    # the certificate also names "localhost"
    r = cluster.request("GET", "/_api/version",
                        conn=cluster.connection(0, host="localhost"))
    c.eq(r.status, 200, "verified by host name localhost")


def check_tls_wrong_ca(c, cluster, certs):
    ctx = ssl.create_default_context(cafile=certs["wrong-ca.pem"])
    try:
        cluster.request("GET", "/_api/version", conn=cluster.connection(0, context=ctx))
        raise AssertionError("a CA that did not sign the certificate was accepted")
    except ssl.SSLCertVerificationError as exc:
        c.true("certificate verify failed" in str(exc), f"verification error: {exc}")
    # host name not in the certificate
    ctx = ssl.create_default_context(cafile=certs["ca.pem"])
    raw = socket.create_connection(("127.0.0.1", cluster.port(0)), timeout=5)
    try:
        ctx.wrap_socket(raw, server_hostname="example.invalid")
        raise AssertionError("a host name the certificate lacks was accepted")
    except ssl.SSLCertVerificationError as exc:
        c.true("Hostname mismatch" in str(exc) or "doesn't match" in str(exc),
               f"host name error: {exc}")
    finally:
        raw.close()
    # the server still works after those failed handshakes
    c.eq(cluster.request("GET", "/_api/version").status, 200, "server still serves")


def check_tls_version(c, cluster):
    ctx = ssl.create_default_context(cafile=cluster.ca_file)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    conn = cluster.connection(0, context=ctx)
    try:
        c.eq(cluster.request("GET", "/_api/version", conn=conn).status, 200, "TLS 1.2 client")
        c.eq(conn.sock.version(), "TLSv1.2", "negotiated TLS 1.2")
    finally:
        conn.close()
    conn = cluster.connection(0)
    try:
        cluster.request("GET", "/_api/version", conn=conn)
        c.eq(conn.sock.version(), "TLSv1.3", "a default client negotiates TLS 1.3")
    finally:
        conn.close()


def check_tls_failed_handshake_is_local(c, cluster):
    # keep one good TLS connection open across the failed handshakes
    good = cluster.connection(1)
    try:
        c.eq(cluster.request("GET", "/_api/version", conn=good).status, 200, "good connection")
        # plain HTTP to the TLS port: no HTTP answer, the connection is closed
        s = socket.create_connection(("127.0.0.1", cluster.port(1)), timeout=5)
        try:
            s.sendall(b"GET /_api/version HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except ConnectionResetError:
            data = b""
        finally:
            s.close()
        c.true(not data.startswith(b"HTTP/"), f"no HTTP response to plain HTTP: {data[:40]!r}")
        # garbage, then the peer just goes away mid-handshake
        s = socket.create_connection(("127.0.0.1", cluster.port(1)), timeout=5)
        s.sendall(b"\x16\x03\x01\x00\x05hello")
        s.close()
        c.eq(cluster.request("GET", "/_api/version", conn=good).status, 200,
             "the open TLS connection is unaffected")
        c.eq(cluster.request("GET", "/_api/version", listener=1).status, 200,
             "new TLS connections are accepted")
    finally:
        good.close()


def check_tls_control_api(c, cluster):
    listing = cluster.listing()
    c.eq([l["url"] for l in listing],
         [f"https://127.0.0.1:{p}" for _, _, p in cluster.listeners], "listener URLs (https)")


def check_tls_options(c, exe, certs):
    p = subprocess.run([exe, "--port", "0", "--tls-cert", certs["server.pem"]],
                       capture_output=True, text=True, timeout=30)
    c.eq(p.returncode, 2, "--tls-cert without --tls-key: exit code 2")
    c.true("--tls-cert and --tls-key go together" in p.stderr, f"message: {p.stderr!r}")
    c.eq(p.stdout, "", "nothing on stdout")
    p = subprocess.run([exe, "--port", "0", "--tls-cert", "/nonexistent.pem",
                        "--tls-key", certs["server.key"]],
                       capture_output=True, text=True, timeout=30)
    c.eq(p.returncode, 1, "unreadable certificate: exit code 1")
    c.true("cannot load TLS certificate chain '/nonexistent.pem'" in p.stderr,
           f"message: {p.stderr!r}")
    p = subprocess.run([exe, "--port", "0", "--tls-cert", certs["server.pem"],
                        "--tls-key", certs["wrong-ca.key"]],
                       capture_output=True, text=True, timeout=30)
    c.eq(p.returncode, 1, "key of another certificate: exit code 1")
    c.true("does not match" in p.stderr or "cannot load TLS private key" in p.stderr,
           f"message: {p.stderr!r}")


# ---------------------------------------------------------------------------
# Several listeners: a cluster of coordinators over one store
# ---------------------------------------------------------------------------

def check_cluster_startup(c, cluster):
    c.eq(len(cluster.lines), 3, "one line per --port")
    ports = [p for _, _, p in cluster.listeners]
    c.eq(len(set(ports)), 3, "each --port 0 got its own port")
    for via in range(3):
        listing = cluster.listing(via)
        c.eq([(l["index"], l["port"], l["state"]) for l in listing],
             [(i, ports[i], "running") for i in range(3)], f"listing via listener {via}")
        c.eq([l["url"] for l in listing], [f"http://127.0.0.1:{p}" for p in ports], "URLs")
        c.eq(list(listing[0]), ["index", "url", "port", "state", "requests", "connections_open"],
             "listing keys")


def check_cluster_one_store(c, cluster):
    r = cluster.request("POST", "/_api/collection", {"name": "shared"}, listener=0)
    c.eq(r.status, 200, "create collection via listener 0")
    r = cluster.request("POST", "/_api/document/shared", {"_key": "k1", "v": 1}, listener=1)
    c.eq(r.status, 202, f"insert via listener 1 ({r.text})")
    r = cluster.request("GET", "/_api/document/shared/k1", listener=2)
    c.eq((r.status, r.json()["v"]), (200, 1), "read via listener 2")
    # cursors and async jobs are global (one store), unlike a real cluster
    r = cluster.request("POST", "/_api/cursor",
                        {"query": "FOR i IN 1..5 RETURN i", "batchSize": 2}, listener=0)
    c.eq(r.status, 201, "cursor created via listener 0")
    cid = r.json()["id"]
    r = cluster.request("POST", f"/_api/cursor/{cid}", listener=2)
    c.eq((r.status, r.json()["result"]), (200, [3, 4]), "next batch via listener 2")
    r = cluster.request("GET", "/_api/version", headers={"x-arango-async": "store"}, listener=1)
    c.eq(r.status, 202, "async job via listener 1")
    job = r.header("X-Arango-Async-Id")
    c.true(wait_until(lambda: cluster.request("GET", f"/_api/job/{job}", listener=0).status == 200),
           "job done, seen via listener 0")
    r = cluster.request("PUT", f"/_api/job/{job}", listener=0)
    c.eq((r.status, r.json()["server"]), (200, "arango"), "job result fetched via listener 0")


def check_cluster_counters(c, cluster):
    before = {l["index"]: l["requests"] for l in cluster.listing(0)}
    conn = cluster.connection(2)
    try:
        for _ in range(3):
            c.eq(cluster.request("GET", "/_api/version", conn=conn, listener=2).status, 200, "GET")
        listing = cluster.listing(0)
        c.eq(listing[2]["requests"] - before[2], 3, "requests counted on listener 2")
        c.eq(listing[2]["connections_open"], 1, "one open connection on listener 2")
        # listing via 0 counts on 0 (before: this listing request and the earlier one)
        c.eq(listing[0]["requests"] - before[0], 1, "the listing request counted on listener 0")
    finally:
        conn.close()
    c.true(wait_until(lambda: cluster.listing(0)[2]["connections_open"] == 0),
           "closed connection no longer open")


def check_cluster_stop_start(c, cluster):
    port1 = cluster.port(1)
    idle = cluster.connection(1)
    c.eq(cluster.request("GET", "/_api/version", conn=idle).status, 200, "idle keep-alive conn")

    # an in-flight request on listener 1: an AQL query that sleeps
    result = {}

    def slow():
        t0 = time.monotonic()
        try:
            r = cluster.request("POST", "/_api/cursor", {"query": "RETURN SLEEP(3)"},
                                listener=1, timeout=20)
            result["status"] = r.status
        except (http.client.HTTPException, OSError) as exc:
            result["error"] = type(exc).__name__
        result["elapsed"] = time.monotonic() - t0

    t = threading.Thread(target=slow)
    t.start()
    c.true(wait_until(lambda: cluster.listing(0)[1]["connections_open"] == 2),
           "two connections open on listener 1")
    time.sleep(0.3)  # the query is running
    r = cluster.request("POST", "/_emulator/listeners/1/stop", listener=0, auth=None)
    c.eq(r.status, 200, f"stop listener 1 ({r.text})")
    c.eq((r.json()["index"], r.json()["state"], r.json()["port"]), (1, "stopped", port1),
         "answer: the stopped listener")
    t.join(20)
    c.true("error" in result, f"in-flight request got no answer: {result}")
    c.true(result["elapsed"] < 2.5, f"dropped at once, not after the query: {result}")
    try:
        cluster.request("GET", "/_api/version", conn=idle)
        raise AssertionError("the idle connection of a stopped listener still answered")
    except (http.client.HTTPException, OSError):
        pass
    c.true(refused("127.0.0.1", port1), "listener 1 refuses connections")
    listing = cluster.listing(2)
    c.eq((listing[1]["state"], listing[1]["connections_open"]), ("stopped", 0), "listing")
    # the others keep serving the one store
    r = cluster.request("POST", "/_api/document/shared", {"_key": "k2"}, listener=2)
    c.eq(r.status, 202, "insert via listener 2 while 1 is down")
    c.eq(cluster.request("GET", "/_api/document/shared/k2", listener=0).status, 200,
         "read via listener 0")
    r = cluster.request("POST", "/_emulator/listeners/1/stop", listener=2, auth=None)
    c.eq((r.status, r.json()["state"]), (200, "stopped"), "stopping again is harmless")

    requests_before = listing[1]["requests"]
    r = cluster.request("POST", "/_emulator/listeners/1/start", listener=2, auth=None)
    c.eq((r.status, r.json()["state"], r.json()["port"]), (200, "running", port1),
         f"start listener 1 on its port ({r.text})")
    r = cluster.request("GET", "/_api/document/shared/k2", listener=1)
    c.eq(r.status, 200, "listener 1 serves the same store again")
    c.eq(cluster.listing(1)[1]["requests"], requests_before + 2,
         "request counter continues (this read and the listing)")
    r = cluster.request("POST", "/_emulator/listeners/1/start", listener=0, auth=None)
    c.eq((r.status, r.json()["state"]), (200, "running"), "starting a running listener: no-op")


def check_cluster_stop_own_listener(c, cluster):
    conn = cluster.connection(0)
    r = cluster.request("POST", "/_emulator/listeners/0/stop", conn=conn, auth=None)
    c.eq((r.status, r.json()["state"]), (200, "stopped"),
         "stopping the listener that carries the request: answered")
    c.eq(r.header("Connection"), "Close", "then that connection closes")
    conn.close()
    c.true(refused("127.0.0.1", cluster.port(0)), "listener 0 refuses connections")
    c.eq(cluster.listing(1)[0]["state"], "stopped", "listing via listener 1")
    r = cluster.request("POST", "/_emulator/listeners/0/start", listener=2, auth=None)
    c.eq((r.status, r.json()["state"]), (200, "running"), "start listener 0 via listener 2")
    c.eq(cluster.request("GET", "/_api/version", listener=0).status, 200, "listener 0 serves")


def check_cluster_listener_fault(c, cluster):
    r = cluster.request("POST", "/_emulator/faults",
                        {"path": "/_api/version", "action": "status503", "listener": 1}, auth=None)
    c.eq(r.status, 200, f"a fault on listener 1 ({r.text})")
    c.eq([cluster.request("GET", "/_api/version", listener=i).status for i in range(3)], [200, 503, 200],
         "only listener 1's requests take it")
    faults = cluster.request("GET", "/_emulator/faults", auth=None).json()["faults"]
    c.eq([(f["listener"], f["hits"]) for f in faults], [(1, 1)], "listed with its listener")
    for bad in (-1, "1", 1.5):
        r = cluster.request("POST", "/_emulator/faults",
                            {"path": "/", "action": "reset", "listener": bad}, auth=None)
        c.eq(r.status, 400, f"listener {bad!r} refused")
    cluster.request("DELETE", "/_emulator/faults", auth=None)
    c.eq(cluster.request("GET", "/_api/version", listener=1).status, 200, "cleared")


def check_cluster_control_errors(c, cluster):
    r = cluster.request("POST", "/_emulator/listeners/7/stop", auth=None)
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (404, 404, "no listener 7"), "unknown listener")
    r = cluster.request("POST", "/_emulator/listeners/x/start", auth=None)
    c.eq((r.status, r.json()["errorNum"]), (400, 400), "index not a number")
    r = cluster.request("GET", "/_emulator/listeners/0/stop", auth=None)
    c.eq(r.status, 405, "GET on stop")


def check_cluster_endpoints(c, cluster):
    r = cluster.request("GET", "/_api/cluster/endpoints")
    c.eq((r.status, r.text), (501, '{"code":501,"error":true,"errorMessage":"cannot serve this '
                                    'request for this deployment type","errorNum":9}'),
         "single server answer")
    r = cluster.request("GET", "/_api/cluster/endpoints", auth=None)
    c.eq(r.status, 401, "without credentials")
    r = cluster.request("POST", "/_api/cluster/endpoints")
    c.eq((r.status, r.json()["errorNum"], r.json()["errorMessage"]),
         (405, 405, "only the GET method is allowed"), "POST")
    r = cluster.request("GET", "/_api/cluster/foo")
    c.eq((r.status, r.json()["errorNum"]), (404, 404), "unknown suffix")


# ---------------------------------------------------------------------------
# Compression
# ---------------------------------------------------------------------------

def raw_deflate(data):
    co = zlib.compressobj(wbits=-15)
    return co.compress(data) + co.flush()


def check_compressed_requests(c, emu):
    r = emu.request("POST", "/_api/collection", {"name": "zc"})
    c.eq(r.status, 200, "create collection")
    doc = json.dumps({"_key": "d1", "text": "x" * 500}).encode()
    r = emu.request("POST", "/_api/document/zc", zlib.compress(doc),
                    headers={"Content-Encoding": "deflate", "Content-Type": "application/json"})
    c.eq(r.status, 202, f"deflate (zlib format) body ({r.text})")
    doc2 = json.dumps({"_key": "d2", "text": "y" * 500}).encode()
    r = emu.request("POST", "/_api/document/zc", gzip.compress(doc2),
                    headers={"Content-Encoding": "gzip"})
    c.eq(r.status, 202, f"gzip body ({r.text})")
    r = emu.request("GET", "/_api/document/zc/d1")
    c.eq(r.json()["text"], "x" * 500, "deflated document stored as sent")
    c.eq(emu.request("GET", "/_api/document/zc/d2").json()["text"], "y" * 500, "gzip document")
    # an encoding arangod does not know passes unchanged
    r = emu.request("POST", "/_api/document/zc", {"_key": "d3"}, headers={"Content-Encoding": "br"})
    c.eq(r.status, 202, "unknown Content-Encoding: body used as it is")
    # async jobs run with the decoded body
    r = emu.request("POST", "/_api/document/zc", zlib.compress(b'{"_key":"d4"}'),
                    headers={"Content-Encoding": "deflate", "x-arango-async": "store"})
    c.eq(r.status, 202, "async job with a compressed body")
    c.true(wait_until(lambda: emu.request("GET", "/_api/document/zc/d4").status == 200),
           "the job inserted the decoded document")


def check_bad_compressed_data(c, emu):
    cases = [
        ("deflate", raw_deflate(b'{"_key":"bad1"}'), "raw deflate without zlib header"),
        ("deflate", b"not compressed at all", "garbage as deflate"),
        ("gzip", zlib.compress(b'{"_key":"bad2"}'), "zlib data as gzip"),
        ("gzip", gzip.compress(b'{"_key":"bad3"}')[:-6], "truncated gzip"),
        ("deflate", zlib.compress(b'{"_key":"bad4"}') + b"trailing", "data after the stream"),
    ]
    for encoding, body, what in cases:
        r = emu.request("POST", "/_api/document/zc", body, headers={"Content-Encoding": encoding})
        c.eq((r.status, r.text),
             (400, '{"error":true,"errorNum":10,"errorMessage":"a decoding error occurred '
                   f'while handling Content-Encoding: {encoding}","code":400}}'), what)
    c.eq(emu.request("GET", "/_api/document/zc/bad1").status, 404, "nothing was inserted")


def check_unauthenticated_content_encoding(c, emu):
    body = json.dumps({"username": "root", "password": ROOT_PASSWORD}).encode()
    r = emu.request("POST", "/_open/auth", zlib.compress(body),
                    headers={"Content-Encoding": "deflate"}, auth=None)
    c.eq((r.status, r.text),
         (400, '{"error":true,"errorNum":10,"errorMessage":"support for handling '
               'Content-Encoding headers is turned off for unauthenticated requests",'
               '"code":400}'), "compressed /_open/auth is refused")
    r = emu.request("POST", "/_open/auth", body, headers={"Content-Encoding": "identity"},
                    auth=None)
    c.eq(r.status, 400, "any Content-Encoding counts")
    r = emu.request("POST", "/_open/auth", body, auth=None)
    c.eq(r.status, 200, "uncompressed /_open/auth works")
    jwt = r.json()["jwt"]
    r = emu.request("POST", "/_api/document/zc", zlib.compress(b'{"_key":"j1"}'),
                    headers={"Content-Encoding": "deflate"}, auth="bearer " + jwt)
    c.eq(r.status, 202, "authenticated by JWT: decoded")
    r = emu.request("GET", "/_api/version", headers={"Content-Encoding": "deflate"}, auth=None)
    c.eq(r.status, 401, "a path that needs authentication: 401 first")
    # arangod looks at Transfer-Encoding first: a chunked unauthenticated request is refused too
    conn = emu.connection()
    try:
        conn.putrequest("POST", "/_open/auth")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        r = conn.getresponse()
        c.eq((r.status, json.loads(r.read())["errorNum"]), (400, 10), "chunked /_open/auth")
    finally:
        conn.close()


def big_query(emu, accept=None, method="POST"):
    headers = {} if accept is None else {"Accept-Encoding": accept}
    return emu.request(method, "/_api/cursor",
                       {"query": "FOR i IN 1..200 RETURN {i, s: 'some text to compress'}",
                        "batchSize": 1000}, headers=headers)


def check_compressed_responses(c, emu):
    plain = big_query(emu)
    c.eq(plain.header("Content-Encoding"), None, "no Accept-Encoding: not compressed")
    expected = plain.json()["result"]
    c.true(len(plain.body) > 1000, f"a big response ({len(plain.body)} bytes)")
    for accept, decode in (("deflate", zlib.decompress), ("gzip", gzip.decompress)):
        r = big_query(emu, accept)
        c.eq(r.status, 201, f"{accept}: status")
        c.eq(r.header("Content-Encoding"), accept, f"{accept}: Content-Encoding")
        c.eq(int(r.header("Content-Length")), len(r.body), f"{accept}: compressed length")
        c.true(len(r.body) < len(plain.body) / 3, f"{accept}: smaller ({len(r.body)} bytes)")
        c.eq(json.loads(decode(r.body))["result"], expected, f"{accept}: same content")
        c.eq(r.header("Content-Type"), JSON_CT, f"{accept}: Content-Type unchanged")
        c.true("Content-Encoding" in handler_headers_then_standard(c, r),
               f"{accept}: Content-Encoding is a handler header")
        c.true(QUEUE_TIME_RE.match(r.header("X-Arango-Queue-Time-Seconds")), "queue-time header")
    # arangod compares Accept-Encoding with "deflate" / "gzip" exactly
    for accept in ("gzip, deflate", "deflate;q=1.0", "br", "identity", "DEFLATE"):
        r = big_query(emu, accept)
        c.eq((r.status, r.header("Content-Encoding")), (201, None),
             f"Accept-Encoding {accept!r}: not compressed")


def check_compression_threshold(c, emu):
    # threshold 100: a small handler response stays uncompressed
    r = emu.request("GET", "/_admin/server/availability", headers={"Accept-Encoding": "deflate"})
    c.true(len(r.body) < 100, f"small body ({len(r.body)} bytes)")
    c.eq(r.header("Content-Encoding"), None, "below the threshold: not compressed")
    # errors sent before a handler runs are never compressed
    r = emu.request("GET", "/_db/" + "n" * 120 + "/_api/version",
                    headers={"Accept-Encoding": "deflate"})
    c.eq((r.status, r.header("Content-Encoding")), (404, None), "pre-handler error")
    # HEAD: no body to compress
    r = emu.request("HEAD", "/_api/collection", headers={"Accept-Encoding": "deflate"})
    c.eq((r.status, r.header("Content-Encoding")), (200, None), "HEAD")


def check_compression_only_if_smaller(c, exe):
    emu = Cluster(exe, "--compress-response-threshold", "1")
    try:
        path = "/_admin/server/availability"
        plain = emu.request("GET", path)
        c.true(len(zlib.compress(plain.body)) >= len(plain.body),
               f"precondition: {path} does not get smaller with deflate")
        r = emu.request("GET", path, headers={"Accept-Encoding": "deflate"})
        c.eq((r.header("Content-Encoding"), r.body), (None, plain.body),
             "compressed body not smaller: sent uncompressed")
        r = big_query(emu, "deflate")
        c.eq(r.header("Content-Encoding"), "deflate", "threshold 1: big responses compressed")
    finally:
        stop_checked(c, emu)


def check_compression_default_off(c, exe):
    emu = Cluster(exe)
    try:
        r = big_query(emu, "deflate")
        c.eq((r.status, r.header("Content-Encoding")), (201, None),
             "default threshold 0: never compressed")
        r = emu.request("POST", "/_api/cursor", zlib.compress(b'{"query":"RETURN 7"}'),
                        headers={"Content-Encoding": "deflate"})
        c.eq((r.status, r.json()["result"]), (201, [7]), "request bodies are still decoded")
    finally:
        stop_checked(c, emu)
    p = subprocess.run([exe, "--port", "0", "--compress-response-threshold", "-5"],
                       capture_output=True, text=True, timeout=30)
    c.eq(p.returncode, 2, "bad --compress-response-threshold: exit code 2")


# ---------------------------------------------------------------------------
# Queue time
# ---------------------------------------------------------------------------

def queue_time(r):
    value = r.header("X-Arango-Queue-Time-Seconds")
    if not QUEUE_TIME_RE.match(value or ""):
        raise AssertionError(f"queue-time header {value!r}")
    return float(value)


def set_queue_time(emu, seconds):
    return emu.request("PUT", "/_emulator/queue-time", {"seconds": seconds}, auth=None)


def check_queue_time_header(c, emu):
    r = emu.request("GET", "/_api/version")
    c.true(queue_time(r) < 0.5, "real queue time is small")
    r = set_queue_time(emu, 2.5)
    c.eq((r.status, r.text), (200, '{"seconds":2.5}'), "set the simulated queue time")
    r = emu.request("GET", "/_emulator/queue-time", auth=None)
    c.eq(r.json(), {"seconds": 2.5}, "read it back")
    r = emu.request("GET", "/_api/version")
    c.true(2.5 <= queue_time(r) < 3.0, f"reported: {r.header('X-Arango-Queue-Time-Seconds')}")
    r = emu.request("GET", "/_api/version", auth=None)
    c.true(2.5 <= queue_time(r), "also on a 401")
    c.eq(set_queue_time(emu, 0.29).status, 200, "0.29 s")
    r = emu.request("GET", "/_api/version")
    c.true(0.29 <= queue_time(r) < 0.3, f"whole ms: {r.header('X-Arango-Queue-Time-Seconds')}")
    c.eq(set_queue_time(emu, 0).status, 200, "reset")
    c.true(queue_time(emu.request("GET", "/_api/version")) < 0.5, "back to the real time")
    for body, what in (({"seconds": -1}, "negative"), ({"seconds": "1"}, "string"),
                       ([1], "not an object"), ({}, "missing")):
        r = emu.request("PUT", "/_emulator/queue-time", body, auth=None)
        c.eq((r.status, r.json()["errorNum"]), (400, 400), f"bad body: {what}")


def check_queue_time_violation(c, emu):
    c.eq(emu.request("POST", "/_api/collection", {"name": "qt"}).status, 200, "collection")
    c.eq(set_queue_time(emu, 2.0).status, 200, "simulate 2 s queue time")
    try:
        r = emu.request("POST", "/_api/document/qt", {"_key": "q1"},
                        headers={"x-arango-queue-time-seconds": "1.5"})
        c.eq((r.status, r.text), (412, QUEUE_VIOLATED_BODY), "412 / 21004")
        c.true(queue_time(r) >= 2.0, "the 412 reports the queue time")
        r = emu.request("POST", "/_api/document/qt", {"_key": "q2"},
                        headers={"x-arango-queue-time-seconds": "1.5", "x-arango-async": "store"})
        c.eq((r.status, r.header("X-Arango-Async-Id")), (412, None), "async: 412, no job")
        r = emu.request("PUT", "/_api/cursor/nonexistent",
                        headers={"x-arango-queue-time-seconds": "1"})
        c.eq(r.status, 412, "checked before the handler is looked at")
        # a limit above the queue time, 0 or garbage: no restriction
        for value, key in (("5", "q3"), ("0", "q4"), ("abc", "q5"), ("-1", "q6")):
            r = emu.request("POST", "/_api/document/qt", {"_key": key},
                            headers={"x-arango-queue-time-seconds": value})
            c.eq(r.status, 202, f"limit {value!r}: served")
        # what comes before the check in arangod: authentication, the database
        r = emu.request("GET", "/_api/version", auth=None,
                        headers={"x-arango-queue-time-seconds": "1"})
        c.eq(r.status, 401, "unauthenticated: 401 first")
        r = emu.request("GET", "/_db/nope/_api/version",
                        headers={"x-arango-queue-time-seconds": "1"})
        c.eq((r.status, r.json()["errorNum"]), (404, 1228), "unknown database: 404 first")
        r = emu.request("GET", "/_emulator/stats", auth=None,
                        headers={"x-arango-queue-time-seconds": "1"})
        c.eq(r.status, 200, "the control API is never rejected")
    finally:
        set_queue_time(emu, 0)
    time.sleep(0.3)  # an async job would have run by now
    for key, expected in (("q1", 404), ("q2", 404), ("q3", 200), ("q4", 200)):
        r = emu.request("GET", f"/_api/document/qt/{key}")
        c.eq(r.status, expected, f"document {key}: handler ran = {expected == 200}")
    r = emu.request("GET", "/_api/job/pending")
    c.eq(r.json(), [], "no job was queued")


# ---------------------------------------------------------------------------
# The wrapper
# ---------------------------------------------------------------------------

WRAPPER_SCRIPT = r"""
import json, os, ssl, sys, urllib.request, base64
url = os.environ['ARANGO_URL']
hosts = os.environ['ARANGO_HOSTS'].split(',')
tok = base64.b64encode(b'root:').decode()
out = {'url': url, 'hosts': hosts, 'control': os.environ['ARANGO_CONTROL_URL']}
ca = os.environ.get('ARANGO_CA_FILE')
ctx = ssl.create_default_context(cafile=ca) if ca else None
for h in hosts:
    req = urllib.request.Request(h + '/_api/version', headers={'Authorization': 'Basic ' + tok})
    out.setdefault('versions', []).append(
        json.loads(urllib.request.urlopen(req, context=ctx).read())['version'])
wrong = os.environ.get('ARANGO_WRONG_CA_FILE')
if wrong:
    try:
        urllib.request.urlopen(url + '/_api/version',
                               context=ssl.create_default_context(cafile=wrong))
        out['wrong_ca'] = 'accepted'
    except urllib.error.URLError as exc:
        out['wrong_ca'] = type(exc.reason).__name__
    out['ca_exists'] = os.path.exists(ca)
print(json.dumps(out))
"""


def run_wrapper(exe, *options):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARANGO_")}
    p = subprocess.run([sys.executable, LAUNCHER, "--emulator", exe, *options, "--",
                        sys.executable, "-c", WRAPPER_SCRIPT],
                       env=env, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError(f"wrapper exit {p.returncode}: {p.stderr}")
    return json.loads(p.stdout)


def check_wrapper_tls(c, exe):
    out = run_wrapper(exe, "--tls", "--coordinators", "2")
    c.true(all(h.startswith("https://127.0.0.1:") for h in out["hosts"]), f"hosts {out['hosts']}")
    c.eq(len(set(out["hosts"])), 2, "two listeners")
    c.eq((out["url"], out["control"]), (out["hosts"][0], out["hosts"][0]),
         "ARANGO_URL and ARANGO_CONTROL_URL: the first listener")
    c.eq(out["versions"], ["3.12.10", "3.12.10"], "both verified with ARANGO_CA_FILE")
    c.eq(out["wrong_ca"], "SSLCertVerificationError", "ARANGO_WRONG_CA_FILE fails verification")
    c.eq(out["ca_exists"], True, "CA file exists while the command runs")


def check_wrapper_coordinators(c, exe):
    out = run_wrapper(exe, "--coordinators", "3", "--compress-response-threshold", "64")
    c.eq(len(out["hosts"]), 3, "ARANGO_HOSTS lists three URLs")
    c.true(all(h.startswith("http://127.0.0.1:") for h in out["hosts"]), "plain HTTP")
    c.eq(out["versions"], ["3.12.10"] * 3, "each answers")
    c.eq(out["url"], out["hosts"][0], "ARANGO_URL is the first")
    out = run_wrapper(exe)
    c.eq((len(out["hosts"]), out["control"]), (1, out["url"]), "one listener by default")


# ---------------------------------------------------------------------------

def run(c, exe):

    with tempfile.TemporaryDirectory(prefix="emu-transport-") as tmp:
        certs = make_tls_certificates(tmp)
        tls = Cluster(exe, ports=2, certs=certs)
        tls.ca_file = certs["ca.pem"]
        try:
            c.run("TLS: startup lines", check_tls_startup_lines, tls)
            c.run("TLS: the right CA", check_tls_right_ca, tls)
            c.run("TLS: wrong CA, wrong host name", check_tls_wrong_ca, tls, certs)
            c.run("TLS: versions", check_tls_version, tls)
            c.run("TLS: a failed handshake closes that connection only",
                  check_tls_failed_handshake_is_local, tls)
            c.run("TLS: control API", check_tls_control_api, tls)
        finally:
            stop_checked(c, tls)
        c.run("TLS: options", check_tls_options, exe, certs)

    cluster = Cluster(exe, ports=3)
    try:
        c.run("cluster: startup and listing", check_cluster_startup, cluster)
        c.run("cluster: one store", check_cluster_one_store, cluster)
        c.run("cluster: counters", check_cluster_counters, cluster)
        c.run("cluster: stop and start a listener", check_cluster_stop_start, cluster)
        c.run("cluster: stop the listener carrying the request",
              check_cluster_stop_own_listener, cluster)
        c.run("cluster: a fault on one listener", check_cluster_listener_fault, cluster)
        c.run("cluster: control errors", check_cluster_control_errors, cluster)
        c.run("cluster: /_api/cluster/endpoints", check_cluster_endpoints, cluster)
    finally:
        stop_checked(c, cluster)

    emu = Cluster(exe, "--compress-response-threshold", "100")
    try:
        c.run("compression: request bodies", check_compressed_requests, emu)
        c.run("compression: bad data", check_bad_compressed_data, emu)
        c.run("compression: unauthenticated requests", check_unauthenticated_content_encoding,
              emu)
        c.run("compression: responses", check_compressed_responses, emu)
        c.run("compression: threshold", check_compression_threshold, emu)
        c.run("queue time: header", check_queue_time_header, emu)
        c.run("queue time: 412 / 21004", check_queue_time_violation, emu)
    finally:
        stop_checked(c, emu)
    c.run("compression: only if smaller", check_compression_only_if_smaller, exe)
    c.run("compression: default off", check_compression_default_off, exe)

    c.run("wrapper: --tls", check_wrapper_tls, exe)
    c.run("wrapper: --coordinators", check_wrapper_coordinators, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
