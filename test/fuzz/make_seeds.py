#!/usr/bin/env python3
"""Writes the seed corpora of the client fuzz targets (corpus/<target>/): server answers taken
from the ArangoDB 3.12 documentation transcripts (their status, the headers a decoder reads and
their body) plus hand-written edge cases. Run once; the output is checked in.

    make_seeds.py TRANSCRIPTS.jsonl CORPUS_DIR
"""
import base64
import hashlib
import json
import os
import sys

KEPT_HEADERS = ("x-arango-async-id", "content-type", "etag", "location")


def answer(status, selector, body, headers=None):
    head = f"{status} {selector}\n"
    for name, value in (headers or {}).items():
        head += f"{name}: {value}\n"
    if isinstance(body, bytes):
        return head.encode() + b"\n" + body
    return (head + "\n" + body).encode()


def write(corpus, target, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def b64url(s):
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


def main():
    transcripts, corpus = sys.argv[1], sys.argv[2]
    seen_json = set()
    for line in open(transcripts):
        t = json.loads(line)
        body = "" if t["response_body"] is None and t["status"] in (202, 204) else json.dumps(t["response_body"], separators=(",", ":"))
        headers = {k: v for k, v in t["response_headers"].items() if k in KEPT_HEADERS}
        path, status = t["path"], t["status"]
        if t["response_body_kind"] == "json" and body not in seen_json and len(seen_json) < 80:
            seen_json.add(body)
            write(corpus, "json", body.encode())
        if status // 100 != 2:
            for sel in range(6):
                write(corpus, "envelope", answer(status, sel, body, headers))
        if "/_api/document/" in path:
            target = "bulk" if body.startswith("[") else "document"
            for sel in range(8 if target == "document" else 7):
                write(corpus, target, answer(status, sel, body, headers))
        if path.startswith("/_api/cursor"):
            for sel in range(2):
                write(corpus, "cursor", answer(status, sel, body, headers))
        if path.startswith("/_api/job") or path.startswith("/_api/transaction") or "x-arango-async-id" in headers:
            for sel in range(10):
                write(corpus, "job", answer(status, sel, body, headers))

    # Hand-written edge cases.
    for sel in range(6):
        for status, body in [
            (404, '{"error":true,"errorNum":1202,"errorMessage":"document not found","code":404}'),
            (412, '{"error":true,"errorNum":21004,"errorMessage":"queue time violated","code":412}'),
            (412, '{"error":true,"errorNum":1200,"errorMessage":"conflict","_rev":"_h1","code":412}'),
            (500, '{"error":true,"errorNum":1.5e3,"errorMessage":"double errorNum"}'),
            (500, '{"error":true,"errorNum":1e300,"errorMessage":"errorNum beyond int64"}'),
            (500, '{"error":true,"errorNum":18446744073709551615,"errorMessage":"huge"}'),
            (500, '{"error":true,"errorNum":-5,"errorMessage":"neg","nested":{"error":false,"errorNum":7}}'),
            (400, '[{"error":true,"errorNum":5}]'),
            (503, '<html>Service Unavailable</html>'),
            (500, ''),
            (404, '{"error":false,"errorNum":1202}'),
            (404, '{"errorMessage":"\\u00e9\\ud83d\\ude00","error":true,"errorNum":404}'),
        ]:
            write(corpus, "envelope", answer(status, sel, body))
    for sel in range(8):
        for status, body in [
            (201, '{"_id":"c/1","_key":"1","_rev":"_h1"}'),
            (202, '{"_id":"c/1","_key":"1","_rev":"_h2","_oldRev":"_h1"}'),
            (201, '{"_id":"c/1","_key":"1","_rev":"_h1","new":{"_key":"1","name":"n","age":3}}'),
            (200, '{"_id":"c/1","_key":"1","_rev":"_h1","old":{"_key":"1","name":"o","age":2},"new":null}'),
            (201, '{ "_id" : "c/\\u0031", "_key":"1","_rev":"_h1"}'),
            (201, '{"_id":"c/1","_id":"c/2","_key":"1","_rev":"_h1"}'),
            (201, '{}'),
            (202, ''),
            (200, '{"_key":"k","name":"Neal","age":3}'),
            (201, '{"_id":"c/1","_key":1,"_rev":null}'),
        ]:
            write(corpus, "document", answer(status, sel, body))
    for sel in range(7):
        for status, body in [
            (202, '[{"_id":"c/1","_key":"1","_rev":"_h1"},{"_id":"c/2","_key":"2","_rev":"_h2"}]'),
            (202, '[{"_id":"c/1","_key":"1","_rev":"_h1","_oldRev":"_h0"},{"error":true,"errorNum":1202,"errorMessage":"document not found"}]'),
            (201, '[{"_id":"c/1","_key":"1","_rev":"_h1","new":{"_key":"1","name":"x","age":1}}]'),
            (202, '[ {"_id":"c/1", "_key":"1","_rev":"_h1"} ]'),
            (202, '[]'),
            (200, '[{"_key":"1","name":"a","age":1},{"error":true,"errorNum":1202,"errorMessage":"nf"}]'),
            (202, '[{"_id":"c/1","_id":"c/9","_key":"1","_rev":"_h1"}]'),
            (202, '[1,"x",null,[]]'),
            (202, '{"error":false}'),
        ]:
            write(corpus, "bulk", answer(status, sel, body))
    for sel in range(2):
        for status, body in [
            (201, '{"result":[{"_key":"a","name":"A","age":1},{"_key":"b","name":"B","age":2}],"hasMore":true,"id":"77","count":2,"cached":false,"nextBatchId":"2","extra":{"warnings":[],"stats":{"writesExecuted":0}},"error":false,"code":201}'),
            (200, '{"result":[1,"two",null,[3],{"x":{"y":true}}],"hasMore":false,"cached":true,"error":false,"code":200}'),
            (201, '{"result":[],"hasMore":false,"extra":[1,2]}'),
            (201, '{"result":{"a":1},"hasMore":"yes","count":18446744073709551615}'),
            (201, '{"result":[{"name":{"nested":1}}]}'),
            (201, '{"hasMore":true,"hasMore":false,"result":[1],"result":[2]}'),
            (201, '[]'),
        ]:
            write(corpus, "cursor", answer(status, sel, body))
    for sel in range(10):
        for status, headers, body in [
            (202, {"x-arango-async-id": "74101"}, ''),
            (202, {}, ''),
            (202, {"x-arango-async-id": ""}, ''),
            (200, {"x-arango-async-id": "74091"}, '{"server":"arango","version":"3.12.4","license":"community"}'),
            (204, {}, ''),
            (404, {}, '{"code":404,"error":true,"errorMessage":"not found","errorNum":404}'),
            (201, {}, '{"code":201,"error":false,"result":{"id":"74719","status":"running"}}'),
            (201, {}, '{"code":201,"error":false,"result":{"id":74719}}'),
            (201, {}, '{"code":201,"error":false,"result":[]}'),
            (200, {}, '{"transactions":[{"id":"1","state":"running"},{"id":2},3]}'),
            (200, {}, '["1","2"]'),
            (200, {}, '["1",2]'),
        ]:
            write(corpus, "job", answer(status, sel, body, headers))
    for body in ['{"a":1.0000000000000002,"b":-0.0,"c":1e-320,"d":18446744073709551615,"e":-9223372036854775808}',
                 '[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]', '"\\ud83d\\ude00\\u0000"', '{"":{"":""}}',
                 '{"a":1,"a":2}', '123456789012345678901234567890', '0.1e400', ' \t\n{}\n', 'nul', '[1,]']:
        write(corpus, "json", body.encode())
    header = b64url('{"alg":"HS256","typ":"JWT"}')
    claims = ['{"exp":4102444800,"iat":1700000000,"preferred_username":"root","iss":"arangodb"}',
              '{"exp":4102444800}', '{"exp":1000}', '{"iat":1}', '{"exp":"4102444800"}', '{"exp":4.1e9}',
              '{"exp":1e300}', '{"exp":4102444800,"preferred_username":5}', '{"exp":-9223372036854775808}',
              '{"exp":18446744073709551615}', '[]', 'x']
    for c in claims:
        write(corpus, "jwt", answer(200, 1, c))
        write(corpus, "jwt", answer(200, 0, f"{header}.{b64url(c)}.c2ln"))
    for raw in ["", "a.b", "a.b.c", "..", f"{header}..", "eyJhbGciOiJub25lIn0.e30."]:
        write(corpus, "jwt", answer(200, 0, raw))


if __name__ == "__main__":
    main()
