#!/usr/bin/env python3
"""Conformance tests of arango-emulator for the Foxx service API /_api/foxx (python3 standard
library only).

    test_conformance_foxx.py PATH/TO/arango-emulator

Installs services from a zip, a JavaScript file, a multipart upload and server paths (a zip file
and a directory written to a temporary directory), lists, reads, upgrades, replaces and deletes
them; checks configuration and dependencies (full and minimal, with warnings), scripts, README
(and 204 without one), swagger, the download (unzipped and compared), development mode, commit,
the empty test run of each reporter, every error of the API with status, errorNum and message,
the answer of a mounted route (a service that failed to load: the emulator does not run
services), bounded bundles (a zip bomb, a traversal entry, too many entries), bad bodies,
permissions with authentication, read-only mode and services dropped with their database.
"""
import io
import json
import os
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402  (shared infrastructure)
from emutest import basic, error_of, started  # noqa: E402

FOXX_ERR_CT = "application/json"
ROOT_PASSWORD = "rootpw"
ROOT = basic("root", ROOT_PASSWORD)

MANIFEST = {
    "name": "hello-foxx",
    "version": "1.2.3",
    "description": "A test service",
    "license": "Apache-2.0",
    "main": "index.js",
    "scripts": {"setup": "setup.js", "teardown": "teardown.js", "sendMail": "mail.js",
                "info": "scripts/info.js", "fail": "scripts/fail.js"},
    "configuration": {
        "port": {"type": "integer", "default": 8529, "description": "a port"},
        "greeting": {"type": "string", "required": True},
        "verbose": {"type": "boolean", "required": False},
    },
    "dependencies": {"mailer": {"name": "mailer", "version": "^1.0.0", "required": False}},
    "provides": {"hello": "1.2.3"},
}
FILES = {
    "manifest.json": json.dumps(MANIFEST, indent=2),
    "index.js": "'use strict';\nmodule.context.use(require('@arangodb/foxx/router')());\n",
    "setup.js": ("'use strict';\nconst db = require('@arangodb').db;\n"
                 "const name = module.context.collectionName('items');\n"
                 "if (!db._collection(name)) db._create(name);\n"),
    "teardown.js": "require('@arangodb').db._drop(module.context.collectionName('items'));\n",
    "mail.js": "module.exports = 2;\n",
    "scripts/info.js": ("const util = require('../lib/util');\nconst data = require('./data.json');\n"
                        "module.exports = {argv: module.context.argv, mount: module.context.mount,\n"
                        "  coll: module.context.collectionName('items'), x: util.x, data: data,\n"
                        "  port: module.context.configuration.port};\n"),
    "scripts/data.json": '{"k": [1, 2]}',
    "scripts/fail.js": "require('./nothing-here');\n",
    "README.md": "# Hello\n\nA service.\n",
    "lib/util.js": "exports.x = 1;\n",
}


def make_zip(files, prefix=""):
    """A zip of `files`, the same bytes for the same files (fixed timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(prefix + name, date_time=(2024, 1, 2, 3, 4, 6))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def unzip(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist()}


def multipart(fields, boundary="----foxxtestboundary"):
    """fields: list of (name, filename or None, bytes)."""
    out = b""
    for name, filename, data in fields:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode()
        if filename:
            out += b"Content-Type: application/zip\r\n"
        out += b"\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def install(emu, mount, body, ctype, query="", auth=None, method="POST", path="/_api/foxx"):
    sep = "&" if query else ""
    return emu.request(method, f"{path}?mount={mount}{sep}{query}", body,
                       headers={"Content-Type": ctype}, auth=auth)


def check_error(c, r, status, num, message, what):
    c.eq(r.status, status, f"{what}: status ({r.text[:300]})")
    c.eq(r.header("Content-Type"), FOXX_ERR_CT, f"{what}: content type")
    body = r.json()
    c.eq(list(body.keys()), ["error", "errorNum", "errorMessage", "code"], f"{what}: keys")
    c.eq((body["error"], body["code"], body["errorNum"]), (True, status, num), f"{what}: error")
    if message is not None:
        c.eq(body["errorMessage"], message, f"{what}: message")


def check_install_zip(c, emu):
    r = install(emu, "/hello", make_zip(FILES), "application/zip")
    c.eq(r.status, 201, f"install: {r.text}")
    b = r.json()
    c.eq(list(b.keys()), ["mount", "path", "name", "version", "development", "legacy", "manifest",
                          "checksum", "options"], "full info keys")
    c.eq((b["mount"], b["name"], b["version"], b["development"], b["legacy"]),
         ("/hello", "hello-foxx", "1.2.3", False, False), "full info")
    c.eq(b["path"], "/var/lib/arangodb3-apps/_db/_system/hello/APP", "path")
    for k, v in MANIFEST.items():
        c.eq(b["manifest"][k], v, f"manifest {k}")
    c.eq(b["manifest"]["engines"], {"arangodb": "^3.0.0"}, "manifest default engines")
    c.eq(b["manifest"]["lib"], ".", "manifest default lib")
    c.true(isinstance(b["checksum"], str) and b["checksum"], "checksum")
    c.eq(b["options"], {"configuration": {}, "dependencies": {}}, "options")
    # GET service: the same
    r2 = emu.request("GET", "/_api/foxx/service?mount=/hello")
    c.eq((r2.status, r2.json()), (200, b), "GET service")
    # a bundle with its service in a folder (the shortest manifest.json wins)
    files = dict(FILES)
    files["node_modules/x/manifest.json"] = "not json"
    r = install(emu, "/nested", make_zip(files, prefix="hello-foxx-master/"), "application/zip")
    c.eq((r.status, r.json().get("name")), (201, "hello-foxx"), f"nested install {r.text}")
    r = emu.request("POST", "/_api/foxx/download?mount=/nested")
    c.eq(r.body, make_zip(files, prefix="hello-foxx-master/"), "download: the uploaded bundle")
    emu.request("POST", "/_api/foxx/development?mount=/nested")
    r = emu.request("POST", "/_api/foxx/download?mount=/nested")
    c.eq(sorted(unzip(r.body)), sorted(files), "development: a zip of the files below the manifest")
    emu.request("DELETE", "/_api/foxx/development?mount=/nested")


def check_install_js(c, emu):
    js = b"'use strict';\nmodule.exports = 42;\n"
    r = install(emu, "/js", js, "application/javascript")
    c.eq(r.status, 201, f"install js: {r.text}")
    b = r.json()
    c.eq(b["manifest"]["main"], "index.js", "js manifest main")
    c.true("name" not in b and "version" not in b, "no name/version")
    r = emu.request("POST", "/_api/foxx/download?mount=/js")
    files = unzip(r.body)
    c.eq(files["index.js"], js.decode(), "index.js is the script")
    c.eq(json.loads(files["manifest.json"]), {"main": "index.js"}, "generated manifest")


def check_install_multipart(c, emu):
    body, ctype = multipart([
        ("source", "bundle.zip", make_zip(FILES)),
        ("configuration", None, json.dumps({"greeting": "hi", "port": 1234}).encode()),
        ("dependencies", None, json.dumps({"mailer": "/mailer"}).encode()),
    ])
    r = install(emu, "/multi", body, ctype, "development=true")
    c.eq(r.status, 201, f"multipart install: {r.text}")
    b = r.json()
    c.eq(b["development"], True, "development flag")
    c.eq(b["options"], {"configuration": {"greeting": "hi", "port": 1234},
                        "dependencies": {"mailer": "/mailer"}}, "options from the parts")
    # bad options JSON: 3013
    body, ctype = multipart([("source", "b.zip", make_zip(FILES)), ("configuration", None, b"{nope")])
    r = install(emu, "/multi2", body, ctype)
    check_error(c, r, 400, 3013, None, "options malformed")
    c.true(r.json()["errorMessage"].startswith(
        "ArangoError 3013: failed to parse service options\nDetails: "), "3013 text")
    # a broken multipart body
    r = install(emu, "/multi3", b"--nope\r\n", "multipart/form-data; boundary=other")
    check_error(c, r, 400, 400, None, "broken multipart")


def check_install_server_path(c, emu, tmp):
    zpath = os.path.join(tmp, "svc.zip")
    with open(zpath, "wb") as f:
        f.write(make_zip(FILES))
    r = install(emu, "/fromzip", {"source": zpath}, "application/json")
    c.eq((r.status, r.json().get("name")), (201, "hello-foxx"), f"from zip path: {r.text}")
    d = os.path.join(tmp, "svcdir")
    for name, data in FILES.items():
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(data)
    r = install(emu, "/fromdir", {"source": d, "configuration": {"greeting": "yo"}}, "application/json")
    c.eq((r.status, r.json().get("version")), (201, "1.2.3"), f"from directory: {r.text}")
    c.eq(r.json()["options"]["configuration"], {"greeting": "yo"}, "configuration as an object")
    r = emu.request("POST", "/_api/foxx/download?mount=/fromdir")
    c.eq(unzip(r.body), FILES, "directory round trip")
    jspath = os.path.join(tmp, "one.js")
    with open(jspath, "w") as f:
        f.write("module.exports = 1;\n")
    r = install(emu, "/fromjs", {"source": jspath}, "application/json")
    c.eq((r.status, r.json()["manifest"]["main"]), (201, "index.js"), "from a js file path")
    # a character device is not a bundle (and is not read without end)
    r = install(emu, "/devzero", {"source": "/dev/zero"}, "application/json")
    check_error(c, r, 400, 3015, None, "/dev/zero")
    # not found / URL
    r = install(emu, "/missing", {"source": "/nonexistent/bundle.zip"}, "application/json")
    check_error(c, r, 400, 3014, "ArangoError 3014: source path not found\nLocation: /nonexistent/bundle.zip",
                "3014")
    r = install(emu, "/remote", {"source": "https://example.invalid/x.zip"}, "application/json")
    check_error(c, r, 400, 3015, "ArangoError 3015: error resolving source\nURL: https://example.invalid/x.zip",
                "URL")


def check_list(c, emu):
    r = emu.request("GET", "/_api/foxx")
    c.eq(r.status, 200, "list")
    items = r.json()
    mounts = [s["mount"] for s in items]
    c.eq(mounts[:2], ["/_admin/aardvark", "/_api/foxx"], "system services first")
    c.true("/hello" in mounts and "/js" in mounts, f"installed listed: {mounts}")
    hello = next(s for s in items if s["mount"] == "/hello")
    c.eq(hello, {"mount": "/hello", "name": "hello-foxx", "version": "1.2.3",
                 "provides": {"hello": "1.2.3"}, "development": False, "legacy": False}, "short info")
    r = emu.request("GET", "/_api/foxx?excludeSystem=true")
    c.true(all(not s["mount"].startswith("/_") for s in r.json()), "excludeSystem")
    c.eq(len(r.json()), len(items) - 2, "excludeSystem count")


def check_configuration(c, emu):
    r = emu.request("GET", "/_api/foxx/configuration?mount=/hello")
    c.eq(r.status, 200, "config")
    cfg = r.json()
    c.eq(list(cfg.keys()), ["port", "greeting", "verbose"], "config names")
    c.eq(cfg["port"], {"type": "integer", "default": 8529, "description": "a port", "title": "Port",
                       "current": 8529}, "full definition with the default as current")
    c.eq(list(cfg["verbose"].keys()), ["type", "required", "title"], "no current without a value")
    c.true("current" not in cfg["greeting"], "unset option has no current")
    r = emu.request("GET", "/_api/foxx/configuration?mount=/hello&minimal=true")
    c.eq(r.json(), {"port": 8529}, "minimal")
    # PATCH: warnings for a bad type and an unknown option; the good value is stored
    r = emu.request("PATCH", "/_api/foxx/configuration?mount=/hello&minimal=true",
                    {"port": "abc", "greeting": "hello", "nope": 1})
    c.eq(r.status, 200, f"patch config {r.text}")
    b = r.json()
    c.eq(b["values"], {"port": 8529, "greeting": "hello"}, "values")
    c.eq(sorted(b["warnings"]), ["nope", "port"], "warnings")
    c.eq(b["warnings"], {"port": "must be a number", "nope": "is not allowed"}, "warning texts")
    # PATCH and PUT answer the minimal form by default; no warnings: no warnings key
    r = emu.request("PATCH", "/_api/foxx/configuration?mount=/hello", {"port": "42"})
    c.eq(r.json(), {"values": {"port": 42, "greeting": "hello"}}, "minimal by default, converted")
    r = emu.request("GET", "/_api/foxx/configuration?mount=/hello")
    c.eq((r.json()["port"]["currentRaw"], r.json()["port"]["current"]), ("42", 42), "raw and parsed")
    r = emu.request("PATCH", "/_api/foxx/configuration?mount=/hello&minimal=false", {"port": 42})
    full = r.json()
    c.eq((full["port"]["current"], full["greeting"]["current"]), (42, "hello"), "full after patch")
    r = emu.request("PATCH", "/_api/foxx/configuration?mount=/hello&minimal=false", {"port": 1.5})
    c.eq(r.json()["port"]["warning"], "must be an integer", "warning in the full form")
    # PUT replaces: omitted options are unset (greeting is required: a warning)
    r = emu.request("PUT", "/_api/foxx/configuration?mount=/hello&minimal=true", {"port": 7})
    c.eq(r.json(), {"values": {"port": 7}, "warnings": {"greeting": "is required"}}, "PUT config")
    r = emu.request("PATCH", "/_api/foxx/configuration?mount=/hello", "[1]")
    check_error(c, r, 400, 400, None, "config body not an object")
    r = emu.request("GET", "/_api/foxx/service?mount=/hello")
    c.eq(r.json()["options"]["configuration"], {"port": 7}, "options in the service")


def check_dependencies(c, emu):
    r = emu.request("GET", "/_api/foxx/dependencies?mount=/hello")
    c.eq(r.json(), {"mailer": {"name": "mailer", "version": "^1.0.0", "required": False,
                               "multiple": False, "title": "Mailer"}}, "deps full")
    r = emu.request("PATCH", "/_api/foxx/dependencies?mount=/hello&minimal=true",
                    {"mailer": "/mail", "other": "/x"})
    c.eq(r.json(), {"values": {"mailer": "/mail"}, "warnings": {"other": "is not allowed"}}, "deps patch")
    r = emu.request("GET", "/_api/foxx/dependencies?mount=/hello")
    c.eq(r.json()["mailer"]["current"], "/mail", "current")
    r = emu.request("PUT", "/_api/foxx/dependencies?mount=/hello", {"mailer": 5})
    c.eq(r.json(), {"values": {}, "warnings": {"mailer": "must be a string"}}, "deps type warning")
    r = emu.request("GET", "/_api/foxx/dependencies?mount=/hello&minimal=true")
    c.eq(r.json(), {}, "a rejected value unsets the dependency")
    r = emu.request("PATCH", "/_api/foxx/dependencies?mount=/hello", {"mailer": "/mail"})
    c.eq(r.json(), {"values": {"mailer": "/mail"}}, "set again")


def check_scripts_readme_swagger(c, emu):
    r = emu.request("GET", "/_api/foxx/scripts?mount=/hello")
    c.eq((r.status, r.json()), (200, {"setup": "Setup", "teardown": "Teardown", "sendMail": "Send Mail",
                                      "info": "Info", "fail": "Fail"}), "scripts")
    r = emu.request("POST", "/_api/foxx/scripts/nope?mount=/hello")
    check_error(c, r, 400, 3016, "ArangoError 3016: unknown script\nName: nope", "unknown script")
    r = emu.request("POST", "/_api/foxx/scripts/sendMail?mount=/hello")
    c.eq((r.status, r.json()), (200, 2), "script result")
    r = emu.request("POST", "/_api/foxx/scripts/info?mount=/hello", {"a": 1})
    c.eq((r.status, r.json()), (200, {"argv": [{"a": 1}], "mount": "/hello", "coll": "hello_items",
                                      "x": 1, "data": {"k": [1, 2]}, "port": 7}), f"context {r.text}")
    r = emu.request("POST", "/_api/foxx/scripts/info?mount=/hello", [1, 2])
    c.eq(r.json()["argv"], [[1, 2]], "the body is argv's only element")
    r = emu.request("POST", "/_api/foxx/scripts/info?mount=/hello")
    c.eq(r.json()["argv"], [], "no body: empty argv")
    r = emu.request("POST", "/_api/foxx/scripts/fail?mount=/hello")
    check_error(c, r, 400, 3100, None, "a script that throws an ArangoError")
    c.true(r.json()["errorMessage"].startswith("ArangoError 3100: "), "ArangoError text")
    c.true("nothing-here" in r.json()["errorMessage"], "module not found message")
    r = emu.request("GET", "/_api/foxx/readme?mount=/hello")
    c.eq((r.status, r.text, r.header("Content-Type")),
         (200, FILES["README.md"], "text/plain; charset=utf-8"), "readme")
    r = emu.request("GET", "/_api/foxx/readme?mount=/js")
    c.eq((r.status, r.body), (204, b""), "no readme")
    r = emu.request("GET", "/_api/foxx/swagger?mount=/hello")
    c.eq(r.json(), {"swagger": "2.0", "basePath": "/_db/_system/hello", "paths": {},
                    "info": {"title": "hello-foxx", "description": "A test service",
                             "version": "1.2.3", "license": {"name": "Apache-2.0"}}}, "swagger")


def check_setup_teardown(c, emu):
    # the setup script ran on install: the service's collection exists
    r = emu.request("GET", "/_api/collection/hello_items")
    c.eq(r.status, 200, "setup created the collection")
    install(emu, "/tmpsvc", make_zip(FILES), "application/zip", "setup=false")
    c.eq(emu.request("GET", "/_api/collection/tmpsvc_items").status, 404, "setup=false")
    emu.request("POST", "/_api/foxx/scripts/setup?mount=/tmpsvc")
    c.eq(emu.request("GET", "/_api/collection/tmpsvc_items").status, 200, "setup run as a script")
    r = emu.request("DELETE", "/_api/foxx/service?mount=/tmpsvc&teardown=false")
    c.eq(r.status, 204, "delete without teardown")
    c.eq(emu.request("GET", "/_api/collection/tmpsvc_items").status, 200, "teardown=false keeps it")
    install(emu, "/tmpsvc", make_zip(FILES), "application/zip")
    r = emu.request("DELETE", "/_api/foxx/service?mount=/tmpsvc")
    c.eq(r.status, 204, "delete with teardown")
    c.eq(emu.request("GET", "/_api/collection/tmpsvc_items").status, 404, "teardown dropped it")
    # a failing setup fails the install
    files = dict(FILES, **{"setup.js": "throw new Error('setup broke');\n"})
    r = install(emu, "/broken", make_zip(files), "application/zip")
    check_error(c, r, 500, 500, "Internal Server Error", "failing setup (not an ArangoError)")
    r = emu.request("GET", "/_api/foxx/service?mount=/broken")
    c.eq(r.json()["errorNum"], 3009, "not installed after a failing setup")
    # modern JavaScript the worker's engine (ECMAScript 5.1) cannot compile: a setup script is
    # not run (the install goes on, the log says so), a script run is a 501
    files = dict(FILES, **{"setup.js": "const {db} = require('@arangodb');\nlet x = () => 1;\n"})
    r = install(emu, "/modern", make_zip(files), "application/zip")
    c.eq(r.status, 201, f"install with an ES2015 setup script: {r.text}")
    r = emu.request("GET", "/_admin/log/entries?upto=warning")
    c.true("/modern" in r.text and "setup script not run" in r.text, "logged")
    r = emu.request("POST", "/_api/foxx/scripts/setup?mount=/modern")
    check_error(c, r, 501, 9, None, "a script that does not compile")
    c.true("setup.js" in r.json()["errorMessage"], "names the file")
    r = emu.request("DELETE", "/_api/foxx/service?mount=/modern")
    c.eq(r.status, 204, "delete")


def check_download(c, emu):
    r = emu.request("POST", "/_api/foxx/download?mount=/hello")
    c.eq((r.status, r.header("Content-Type")), (200, "application/zip"), "download")
    c.eq(r.header("Content-Disposition"), 'attachment; filename="hello.zip"', "filename")
    c.eq(r.body, make_zip(FILES), "round trip: the bundle as uploaded")
    c.eq(unzip(r.body), FILES, "round trip: the files")
    install(emu, "/a/b", make_zip(FILES), "application/zip")
    r = emu.request("POST", "/_api/foxx/download?mount=/a/b")
    c.eq(r.header("Content-Disposition"), 'attachment; filename="a_b.zip"', "nested filename")


def check_development_commit_tests(c, emu):
    r = emu.request("POST", "/_api/foxx/development?mount=/hello")
    c.eq((r.status, r.json()["development"]), (200, True), "development on")
    c.eq(emu.request("GET", "/_api/foxx/service?mount=/hello").json()["development"], True, "stored")
    r = emu.request("DELETE", "/_api/foxx/development?mount=/hello")
    c.eq((r.status, r.json()["development"]), (200, False), "development off")
    r = emu.request("POST", "/_api/foxx/commit?replace=true")
    c.eq((r.status, r.body), (204, b""), "commit")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello")
    b = r.json()
    c.eq(list(b.keys()), ["stats", "tests", "pending", "failures", "passes"], "default reporter")
    c.eq((b["stats"]["tests"], b["stats"]["failures"]), (0, 0), "empty run")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello&reporter=tap")
    c.eq(r.json(), ["1..0", "# tests 0", "# pass 0", "# fail 0"], "tap as JSON")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello&reporter=tap", headers={"Accept": "text/plain"})
    c.eq((r.header("Content-Type"), r.text), ("text/plain; charset=utf-8", "1..0\n# tests 0\n# pass 0\n# fail 0\n"), "tap as text")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello&reporter=stream",
                    headers={"Accept": "application/x-ldjson"})
    lines = r.text.split("\r\n")
    c.eq((json.loads(lines[0]), json.loads(lines[1])[0]), (["start", {"total": 0}], "end"), "stream")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello&reporter=xunit")
    c.eq((r.json()[0], list(r.json()[1].keys())),
         ("testsuite", ["timestamp", "tests", "errors", "failures", "skip", "time"]), "xunit jsonml")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello&reporter=tap&idiomatic=true")
    c.eq(r.header("Content-Type"), "text/plain; charset=utf-8", "idiomatic")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello&reporter=tap&idiomatic=false",
                    headers={"Accept": "text/plain"})
    c.eq(r.json()[0], "1..0", "idiomatic=false: JSON")
    r = emu.request("POST", "/_api/foxx/tests?mount=/hello&reporter=nope")
    check_error(c, r, 400, 400, None, "unknown reporter")
    files = dict(FILES)
    files["manifest.json"] = json.dumps(dict(MANIFEST, tests="test/**/*.js"))
    install(emu, "/withtests", make_zip(files), "application/zip")
    r = emu.request("POST", "/_api/foxx/tests?mount=/withtests")
    check_error(c, r, 501, 9, None, "tests not run")


def check_upgrade_replace_delete(c, emu):
    v2 = dict(MANIFEST, version="2.0.0")
    files = dict(FILES, **{"manifest.json": json.dumps(v2)})
    emu.request("PATCH", "/_api/foxx/configuration?mount=/hello", {"greeting": "kept"})
    r = install(emu, "/hello", make_zip(files), "application/zip", method="PATCH", path="/_api/foxx/service")
    c.eq((r.status, r.json()["version"]), (200, "2.0.0"), f"upgrade {r.text}")
    c.eq(r.json()["options"]["configuration"].get("greeting"), "kept", "upgrade keeps options")
    r = install(emu, "/hello", make_zip(FILES), "application/zip", method="PUT", path="/_api/foxx/service")
    c.eq((r.status, r.json()["version"]), (200, "1.2.3"), "replace")
    c.eq(r.json()["options"], {"configuration": {}, "dependencies": {}}, "replace resets options")
    r = install(emu, "/nothing", make_zip(FILES), "application/zip", method="PUT", path="/_api/foxx/service")
    check_error(c, r, 400, 3009, 'No service installed at mount path "/nothing".', "replace nothing")
    r = install(emu, "/nothing", make_zip(FILES), "application/zip", "force=true", method="PUT",
                path="/_api/foxx/service")
    c.eq(r.status, 200, "replace with force installs")
    r = install(emu, "/nothing2", make_zip(FILES), "application/zip", method="PATCH", path="/_api/foxx/service")
    check_error(c, r, 400, 3009, 'No service installed at mount path "/nothing2".', "upgrade nothing")
    r = emu.request("DELETE", "/_api/foxx/service?mount=/nothing")
    c.eq((r.status, r.body), (204, b""), "delete")
    r = emu.request("DELETE", "/_api/foxx/service?mount=/nothing")
    check_error(c, r, 400, 3009, 'No service installed at mount path "/nothing".', "delete nothing")
    r = emu.request("DELETE", "/_api/foxx/service?mount=/nothing&force=true")
    c.eq(r.status, 204, "delete nothing with force")
    r = emu.request("GET", "/_api/foxx/service?mount=/nothing")
    check_error(c, r, 400, 3009, 'No service installed at mount path "/nothing".', "gone")
    for sub in ("configuration", "dependencies", "scripts", "readme", "swagger"):
        r = emu.request("GET", f"/_api/foxx/{sub}?mount=/nothing")
        check_error(c, r, 400, 3009, None, f"{sub} of nothing")


def check_errors(c, emu):
    z = make_zip(FILES)
    check_error(c, install(emu, "/hello", z, "application/zip"), 409, 3011,
                'ArangoError 3011: service already exists\nMount path: "/hello".', "conflict")
    for mount, msg in [("foo/bar", "Mountpoint has to start with /."),
                       ("/_foo", "/_ apps are reserved for internal use."),
                       ("/1abc", "Mointpoints are not allowed to start with a number, - or %."),
                       ("/x/APP", "Mountpoint is not allowed to contain /app/."),
                       ("/a.b/c", "Mountpoint can only contain a-z, A-Z, 0-9 or _.")]:
        check_error(c, install(emu, mount, z, "application/zip"), 400, 3007, "ArangoError 3007: " + msg,
                    f"mount {mount}")
    r = emu.request("POST", "/_api/foxx", z, headers={"Content-Type": "application/zip"})
    check_error(c, r, 400, 400, None, "mount missing")
    # (setup=false: the setup script would create "_open_svc_items", an illegal name)
    r = install(emu, "/_open/svc", z, "application/zip", "setup=false")
    c.eq(r.status, 201, "/_open/ mounts are allowed")
    r = emu.request("GET", "/_api/foxx/service")
    check_error(c, r, 400, 400, None, "instance without mount")
    # manifest errors
    no_manifest = {k: v for k, v in FILES.items() if k != "manifest.json"}
    r = install(emu, "/nomani", make_zip(no_manifest), "application/zip")
    check_error(c, r, 400, 3012, None, "missing manifest")
    c.true(r.json()["errorMessage"].startswith("ArangoError 3012: missing manifest file"), "3012 text")
    r = install(emu, "/badmani", make_zip(dict(FILES, **{"manifest.json": "{nope"})), "application/zip")
    check_error(c, r, 400, 3000, None, "unparsable manifest")
    c.true(r.json()["errorMessage"].startswith(
        "ArangoError 3000: failed to parse manifest file\n"
        "File: /var/lib/arangodb3-apps/_db/_system/badmani/APP/manifest.json"),
        "3000 text")
    r = install(emu, "/badmani", make_zip(dict(FILES, **{"manifest.json": '{"name": 5}'})), "application/zip")
    check_error(c, r, 400, 3001, None, "invalid manifest")
    c.true(r.json()["errorMessage"].startswith("ArangoError 3001: manifest file is invalid"), "3001 text")
    r = install(emu, "/badmani", make_zip(dict(FILES, **{"manifest.json": '[1]'})), "application/zip")
    check_error(c, r, 400, 3001, None, "manifest not an object")
    # bad bodies
    r = install(emu, "/empty", b"", "application/zip")
    check_error(c, r, 400, 400, None, "empty body")
    r = install(emu, "/badjson", b"{nope", "application/json")
    check_error(c, r, 400, 400, None, "bad JSON body")
    r = install(emu, "/nosrc", {"configuration": "{}"}, "application/json")
    check_error(c, r, 400, 400, None, "JSON body without source")
    r = install(emu, "/corrupt", b"PK\x03\x04garbage", "application/zip")
    check_error(c, r, 400, 3015, None, "corrupt zip")
    r = install(emu, "/emptyzip", b"PK\x05\x06" + bytes(18), "application/zip")
    check_error(c, r, 400, 3012, None, "an empty zip (no manifest)")
    r = emu.request("GET", "/_api/foxx/service?mount=/corrupt")
    c.eq(r.json()["errorNum"], 3009, "nothing installed after failures")


def check_bounds(c, emu):
    # long inputs to the manifest's and the mount's patterns (std::regex recursed once per
    # character and overflowed the stack; fuzz-foxx found it): plain answers
    files = dict(FILES)
    files["manifest.json"] = json.dumps(dict(MANIFEST, name="a" * 200000, scripts={"x" * 200000: "setup.js"}))
    r = install(emu, "/longname", make_zip(files), "application/zip")
    c.eq((r.status, r.json().get("name")), (201, "a" * 200000), "a 200,000-character name is valid")
    titles = emu.request("GET", "/_api/foxx/scripts?mount=/longname").json()
    c.eq(titles, {"x" * 200000: "X" + "x" * 199999}, "its script's title")
    emu.request("DELETE", "/_api/foxx/service?mount=/longname&teardown=false")
    files["manifest.json"] = json.dumps(dict(MANIFEST, name="a" * 200000 + "!"))
    r = install(emu, "/badname", make_zip(files), "application/zip")
    c.eq((r.status, r.json().get("errorNum")), (400, 3001), "a long invalid name")
    long_mount = "/" + "m" * 200000
    r = emu.request("GET", "/_api/foxx/service?mount=" + long_mount)
    c.eq((r.status, r.json().get("errorNum")), (400, 3009), "a long mount that is not installed")
    r = install(emu, "/" + "m/" * 100000 + "!", make_zip(FILES), "application/zip")
    c.eq((r.status, r.json().get("errorNum")), (400, 3007), "a long invalid mount")
    # a zip bomb: one entry of 200 MB of zeros (compresses to ~200 KB)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", "{}")
        with z.open("bomb.bin", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                f.write(chunk)
    bomb = buf.getvalue()
    c.true(len(bomb) < 2 << 20, f"bomb is small ({len(bomb)})")
    r = install(emu, "/bomb", bomb, "application/zip")
    check_error(c, r, 400, 3015, None, "zip bomb")
    c.true("bomb.bin" in r.json()["errorMessage"], "names the entry")
    # a bomb whose headers lie: 40 MB of zeros declared as 1000 bytes (local header and central
    # directory patched alike): refused, by the bytes inflated or by the CRC check
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", "{}")
        z.writestr("liar.bin", b"\0" * (40 << 20))
    data = bytearray(buf.getvalue())
    patched = 0
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while True:
            i = data.find(sig, start)
            if i < 0:
                break
            name_off = 30 if sig == b"PK\x03\x04" else 46
            name_len = int.from_bytes(data[i + (26 if sig == b"PK\x03\x04" else 28):][:2], "little")
            if bytes(data[i + name_off:i + name_off + name_len]) == b"liar.bin":
                data[i + off:i + off + 4] = (1000).to_bytes(4, "little")
                patched += 1
            start = i + 4
    c.eq(patched, 2, "both headers patched")
    r = install(emu, "/liar", bytes(data), "application/zip")
    check_error(c, r, 400, 3015, None, "zip with lying sizes")
    # path traversal and absolute names
    for name in ("../evil.js", "/etc/evil.js", "a/../../evil.js"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("manifest.json", "{}")
            z.writestr(zipfile.ZipInfo(name), "x")
        r = install(emu, "/trav", buf.getvalue(), "application/zip")
        check_error(c, r, 400, 3015, None, f"traversal {name}")
        c.true("leaves the bundle" in r.json()["errorMessage"], f"traversal message {name}")
    # too many entries
    many = {f"f{i}.js": "" for i in range(5000)}
    many["manifest.json"] = "{}"
    r = install(emu, "/many", make_zip(many), "application/zip")
    check_error(c, r, 400, 3015, None, "too many entries")
    # multipart with too many parts
    body, ctype = multipart([("x", None, b"1")] * 40)
    r = install(emu, "/parts", body, ctype)
    check_error(c, r, 400, 400, None, "too many parts")
    # the server still works
    c.eq(emu.request("GET", "/_api/foxx/service?mount=/hello").status, 200, "still serving")


def check_mounted_route(c, emu):
    r = emu.request("GET", "/hello/some/route?x=1")
    c.eq(r.status, 503, "mounted route")
    c.eq(r.header("Content-Type"), "text/html; charset=utf-8", "html")
    c.true("<title>Service Unavailable</title>" in r.text, "title")
    c.true("This service is not configured." in r.text, "hello needs its greeting")
    emu.request("PATCH", "/_api/foxx/configuration?mount=/hello", {"greeting": "x"})
    r = emu.request("POST", "/_db/_system/hello")
    c.eq(r.status, 503, "mount root with db prefix")
    c.true("This service is temporarily not available." in r.text, "failed to load page")
    r = emu.request("GET", "/js")
    c.eq(r.status, 503, "js service")
    r = emu.request("GET", "/hellox")
    c.eq(r.status, 404, "not a prefix match")


def check_database_drop(c, emu):
    c.eq(emu.request("POST", "/_api/database", {"name": "foxxdb"}).status, 201, "create db")
    r = install(emu, "/svc", make_zip(FILES), "application/zip", path="/_db/foxxdb/_api/foxx")
    c.eq(r.status, 201, "install in foxxdb")
    c.eq(r.json()["path"], "/var/lib/arangodb3-apps/_db/foxxdb/svc/APP", "path names the db")
    r = emu.request("GET", "/_api/foxx/service?mount=/svc")
    c.eq(r.status, 400, "not in _system")
    c.eq(emu.request("DELETE", "/_api/database/foxxdb").status, 200, "drop db")
    c.eq(emu.request("POST", "/_api/database", {"name": "foxxdb"}).status, 201, "create again")
    r = emu.request("GET", "/_db/foxxdb/_api/foxx?excludeSystem=true")
    c.eq(r.json(), [], "services dropped with the database")


def check_hot_backup(c, emu):
    # A hot backup holds the services (arangod keeps them in _apps / _appbundles): a restore
    # brings back one removed since and removes one installed since, with its options.
    c.eq(install(emu, "/kept", make_zip(FILES), "application/zip").status, 201, "install /kept")
    emu.request("PATCH", "/_api/foxx/configuration?mount=/kept", {"greeting": "backed up"})
    r = emu.request("POST", "/_admin/backup/create", {"label": "foxx"})
    c.eq(r.status, 201, f"backup: {r.text}")
    backup_id = r.json()["result"]["id"]
    c.eq(emu.request("DELETE", "/_api/foxx/service?mount=/kept").status, 204, "delete /kept")
    c.eq(install(emu, "/later", make_zip(FILES), "application/zip").status, 201, "install /later")
    r = emu.request("POST", "/_admin/backup/restore", {"id": backup_id})
    c.eq(r.status, 200, f"restore: {r.text}")
    mounts = [s["mount"] for s in emu.request("GET", "/_api/foxx?excludeSystem=true").json()]
    c.true("/kept" in mounts and "/later" not in mounts, f"the backup's services: {mounts}")
    r = emu.request("GET", "/_api/foxx/configuration?mount=/kept&minimal=true")
    c.eq(r.json().get("greeting"), "backed up", "with their configuration")
    emu.request("POST", "/_admin/backup/delete", {"id": backup_id})
    emu.request("DELETE", "/_api/foxx/service?mount=/kept")


def check_auth_and_read_only(c, exe):
    with started(c, exe, "--root-password", ROOT_PASSWORD) as emu:
        emu.request("POST", "/_api/user", {"user": "ro", "passwd": "p"}, auth=ROOT)
        emu.request("PUT", "/_api/user/ro/database/_system", {"grant": "ro"}, auth=ROOT)
        emu.request("POST", "/_api/user", {"user": "rw", "passwd": "p"}, auth=ROOT)
        emu.request("PUT", "/_api/user/rw/database/_system", {"grant": "rw"}, auth=ROOT)
        z = make_zip(FILES)
        r = install(emu, "/svc", z, "application/zip", auth=basic("ro", "p"))
        check_error(c, r, 400, 1004, "ArangoError 1004: read only", "read-only user installs")
        r = install(emu, "/svc", z, "application/zip", auth=basic("rw", "p"))
        c.eq(r.status, 201, "read-write user installs")
        r = emu.request("GET", "/_api/foxx?excludeSystem=true", auth=basic("ro", "p"))
        c.eq((r.status, [s["mount"] for s in r.json()]), (200, ["/svc"]), "read-only user lists")
        r = emu.request("DELETE", "/_api/foxx/service?mount=/svc", auth=basic("ro", "p"))
        check_error(c, r, 400, 1004, "ArangoError 1004: read only", "read-only user deletes")
        r = emu.request("PATCH", "/_api/foxx/configuration?mount=/svc", {"greeting": "x"},
                        auth=basic("ro", "p"))
        check_error(c, r, 400, 1004, "ArangoError 1004: read only", "read-only user configures")
        emu.request("POST", "/_api/user", {"user": "none", "passwd": "p"}, auth=ROOT)
        r = emu.request("GET", "/_api/foxx", auth=basic("none", "p"))
        c.eq(r.status, 401, "a user without access to the database")
        r = emu.request("GET", "/_api/foxx", auth=None)
        c.eq(r.status, 401, "unauthenticated")
        r = emu.request("PUT", "/_admin/server/mode", {"mode": "readonly"}, auth=ROOT)
        c.eq(r.status, 200, "readonly mode")
        r = install(emu, "/svc2", z, "application/zip", auth=ROOT)
        c.eq(error_of(r)[:2], (403, 1004), "install refused in read-only mode")
        r = emu.request("DELETE", "/_api/foxx/service?mount=/svc", auth=ROOT)
        c.eq(error_of(r)[:2], (403, 1004), "delete refused in read-only mode")
        r = emu.request("GET", "/_api/foxx/service?mount=/svc", auth=ROOT)
        c.eq(r.status, 200, "reads allowed in read-only mode")
        r = emu.request("POST", "/_api/foxx/download?mount=/svc", auth=ROOT)
        c.eq(r.status, 200, "download allowed in read-only mode")
        emu.request("PUT", "/_admin/server/mode", {"mode": "default"}, auth=ROOT)
        # a mounted route needs no authentication (only /_ paths do)
        r = emu.request("GET", "/svc/x")
        c.eq(r.status, 503, "mounted route without credentials")


def check_api_disabled(c, exe):
    with started(c, exe, "--no-auth", "--foxx.api", "false") as emu:
        r = emu.request("GET", "/_api/foxx")
        check_error(c, r, 403, 3099, "service api disabled", "list")
        r = install(emu, "/svc", make_zip(FILES), "application/zip")
        check_error(c, r, 403, 3099, "service api disabled", "install")
        r = emu.request("GET", "/_api/foxx/service?mount=/svc")
        check_error(c, r, 403, 3099, "service api disabled", "service")


def run(c, exe):
    with tempfile.TemporaryDirectory() as tmp, started(c, exe, "--no-auth") as emu:
        c.run("install from a zip", check_install_zip, emu)
        c.run("install from JavaScript", check_install_js, emu)
        c.run("install from multipart", check_install_multipart, emu)
        c.run("install from a server path", check_install_server_path, emu, tmp)
        c.run("list", check_list, emu)
        c.run("configuration", check_configuration, emu)
        c.run("dependencies", check_dependencies, emu)
        c.run("scripts, readme, swagger", check_scripts_readme_swagger, emu)
        c.run("setup and teardown scripts", check_setup_teardown, emu)
        c.run("download", check_download, emu)
        c.run("development, commit, tests", check_development_commit_tests, emu)
        c.run("mounted routes", check_mounted_route, emu)
        c.run("upgrade, replace, delete", check_upgrade_replace_delete, emu)
        c.run("errors", check_errors, emu)
        c.run("bounds", check_bounds, emu)
        c.run("services dropped with their database", check_database_drop, emu)
        c.run("services in a hot backup", check_hot_backup, emu)
    c.run("permissions and read-only mode", check_auth_and_read_only, exe)
    c.run("--foxx.api false", check_api_disabled, exe)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run))
