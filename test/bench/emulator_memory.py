#!/usr/bin/env python3
"""The emulator's memory over time: a benchmark that prints its figures (not a timed test).

    emulator_memory.py --emulator build/emulator/arango-emulator
                       [--soak-seconds 180] [--inflight 256] [--docs 1000000]
                       [--drop-docs 200000] [--out docs/performance.md]

Workloads, each against a fresh emulator process (RSS read from /proc):

  soak     --inflight connections, each making calls back to back for --soak-seconds:
           small inserts/replaces (at most 40,000 documents held), reads by key, and small
           AQL queries (FILTER ... LIMIT, a streaming cursor). Goal: the RSS at the end
           within 20% of the RSS after the first minute (after the first third of shorter runs).
  drop     a database filled with --drop-docs small documents, then dropped. Goal: the RSS
           back within 2x of what it was before the database was filled.
  hold     --docs small documents held in one collection. Goal: RSS growth at most 4x
           their JSON size (as arangod returns them: _key, _id, _rev and the body).
  cursor   a cursor over all of hold's documents read to the end. Figure: RSS after it
           finished compared with before it was opened.

With --out the figures replace the section between the emulator-memory markers of that file
(run_bench.py keeps the section when it rewrites the file).
"""
import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time

from run_bench import rss_kb  # noqa: E402  (beside this file)

BEGIN = "<!-- emulator-memory:begin -->"
END = "<!-- emulator-memory:end -->"


def mb(kb):
    return kb / 1024.0


class Emulator:
    def __init__(self, path):
        self.proc = subprocess.Popen([path, "--port", "0", "--no-auth"], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://([^:]+):(\d+)", line)
        if not m:
            raise SystemExit(f"emulator did not start: {line!r}")
        self.host, self.port = m.group(1), int(m.group(2))

    def rss(self):
        return rss_kb(self.proc.pid)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Conn:
    """One keep-alive HTTP/1.1 connection (Content-Length or chunked responses)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.r = self.w = None

    async def open(self):
        self.r, self.w = await asyncio.open_connection(self.host, self.port)

    async def call(self, method, path, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(data)}\r\n"
                "Content-Type: application/json\r\n\r\n").encode()
        self.w.write(head + data)
        await self.w.drain()
        status_line = await self.r.readline()
        status = int(status_line.split()[1])
        length, chunked = 0, False
        while True:
            line = await self.r.readline()
            if line in (b"\r\n", b""):
                break
            k, _, v = line.decode().partition(":")
            if k.lower() == "content-length":
                length = int(v)
            elif k.lower() == "transfer-encoding" and "chunked" in v.lower():
                chunked = True
        if chunked:
            parts = []
            while True:
                size = int((await self.r.readline()).strip(), 16)
                if size == 0:
                    await self.r.readline()
                    break
                parts.append(await self.r.readexactly(size))
                await self.r.readline()
            payload = b"".join(parts)
        else:
            payload = await self.r.readexactly(length) if length else b""
        return status, (json.loads(payload) if payload else None)

    def close(self):
        if self.w:
            self.w.close()


async def checked(conn, method, path, body=None, ok=(200, 201, 202)):
    status, out = await conn.call(method, path, body)
    if status not in ok:
        raise SystemExit(f"{method} {path}: HTTP {status} {out}")
    return out


async def fill(conn, db, coll, n, batch=1000, body=lambda i: {"v": i, "s": f"name-{i}"}):
    for start in range(0, n, batch):
        docs = [dict(_key=str(i), **body(i)) for i in range(start, min(n, start + batch))]
        await checked(conn, "POST", f"/_db/{db}/_api/document/{coll}?silent=true", docs)


def doc_json_size(i):
    # as arangod returns it: _key, _id, _rev (11 characters), then the body
    d = {"_key": str(i), "_id": f"hold/{i}", "_rev": "_iZZZZZZZZ-", "v": i, "s": f"name-{i}"}
    return len(json.dumps(d, separators=(",", ":")))


async def soak(emu, seconds, inflight):
    c = Conn(emu.host, emu.port)
    await c.open()
    await checked(c, "POST", "/_api/database", {"name": "soak"})
    await checked(c, "POST", "/_db/soak/_api/collection", {"name": "c"})
    await fill(c, "soak", "c", 40000)
    c.close()
    rss = {"start": emu.rss()}
    deadline = time.monotonic() + seconds
    mark = min(60.0, seconds / 3.0)
    calls = [0]

    async def worker(seed):
        rnd = random.Random(seed)
        conn = Conn(emu.host, emu.port)
        await conn.open()
        while time.monotonic() < deadline:
            k = rnd.randrange(40000)
            op = rnd.random()
            if op < 0.35:
                await checked(conn, "POST", "/_db/soak/_api/document/c?overwriteMode=replace",
                              {"_key": str(k), "v": k, "s": f"name-{k}", "t": rnd.random()})
            elif op < 0.7:
                await checked(conn, "GET", f"/_db/soak/_api/document/c/{k}")
            elif op < 0.9:
                await checked(conn, "POST", "/_db/soak/_api/cursor",
                              {"query": "FOR d IN c FILTER d.v >= @k LIMIT 20 RETURN d",
                               "bindVars": {"k": k}})
            else:
                out = await checked(conn, "POST", "/_db/soak/_api/cursor",
                                    {"query": "FOR d IN c LIMIT 300 RETURN d", "batchSize": 100,
                                     "options": {"stream": True}})
                while out.get("hasMore"):
                    out = await checked(conn, "POST", f"/_db/soak/_api/cursor/{out['id']}")
            calls[0] += 1
        conn.close()

    async def sampler():
        await asyncio.sleep(mark)
        rss["mark"] = emu.rss()

    t0 = time.monotonic()
    load = [os.getloadavg()[0]]

    async def load_sampler():  # the machine may be shared: the load average beside the figures
        while time.monotonic() < deadline:
            await asyncio.sleep(min(30.0, max(0.1, deadline - time.monotonic())))
            load.append(os.getloadavg()[0])

    await asyncio.gather(sampler(), load_sampler(), *(worker(i) for i in range(inflight)))
    rss["end"] = emu.rss()
    elapsed = time.monotonic() - t0
    growth = rss["end"] / rss["mark"] - 1.0
    print(f"soak: {seconds:.0f} s, {inflight} in flight, {calls[0]:,} calls ({calls[0] / elapsed:,.0f}/s); "
          f"RSS {mb(rss['start']):.0f} MB at start, {mb(rss['mark']):.0f} MB after {mark:.0f} s, "
          f"{mb(rss['end']):.0f} MB at the end ({growth:+.1%}; goal within 20%); load average "
          f"{min(load):.1f} to {max(load):.1f}")
    return {"seconds": seconds, "inflight": inflight, "calls": calls[0], "mark": mark,
            "load_min": min(load), "load_max": max(load), "rate": calls[0] / elapsed,
            "rss_start": rss["start"], "rss_mark": rss["mark"], "rss_end": rss["end"], "growth": growth}


async def drop(emu, n):
    c = Conn(emu.host, emu.port)
    await c.open()
    before = emu.rss()
    await checked(c, "POST", "/_api/database", {"name": "dropme"})
    await checked(c, "POST", "/_db/dropme/_api/collection", {"name": "c"})
    await fill(c, "dropme", "c", n)
    # a query over all of it too, so its results have been allocated and freed as well
    await checked(c, "POST", "/_db/dropme/_api/cursor",
                  {"query": "FOR d IN c SORT d.v DESC LIMIT 10 RETURN d"})
    filled = emu.rss()
    await checked(c, "DELETE", "/_api/database/dropme")
    await asyncio.sleep(3)  # the TTL sweep gives free memory back every second
    after = emu.rss()
    c.close()
    print(f"drop: {n:,} documents; RSS {mb(before):.0f} MB before, {mb(filled):.0f} MB filled, "
          f"{mb(after):.0f} MB after the drop ({after / before:.2f}x of before; goal at most 2x)")
    return {"docs": n, "rss_before": before, "rss_filled": filled, "rss_after": after}


async def hold_and_cursor(emu, n):
    c = Conn(emu.host, emu.port)
    await c.open()
    await checked(c, "POST", "/_api/collection", {"name": "hold"})
    await asyncio.sleep(1.5)
    before = emu.rss()
    await fill(c, "_system", "hold", n)
    await asyncio.sleep(1.5)
    held = emu.rss()
    json_bytes = sum(doc_json_size(i) for i in range(n))
    per_doc = (held - before) * 1024.0 / n
    ratio = (held - before) * 1024.0 / json_bytes
    print(f"hold: {n:,} documents, {json_bytes / n:.0f} bytes of JSON each; RSS grew "
          f"{mb(held - before):.0f} MB ({per_doc:.0f} bytes per document, {ratio:.2f}x the JSON; goal at most 4x)")
    t0 = time.monotonic()
    out = await checked(c, "POST", "/_api/cursor", {"query": "FOR d IN hold RETURN d", "batchSize": 10000})
    first = time.monotonic() - t0
    read = len(out["result"])
    peak = emu.rss()
    while out.get("hasMore"):
        out = await checked(c, "POST", f"/_api/cursor/{out['id']}")
        read += len(out["result"])
        peak = max(peak, emu.rss())
    await asyncio.sleep(2.5)
    after = emu.rss()
    t0 = time.monotonic()
    out = await checked(c, "POST", "/_api/cursor",
                        {"query": "FOR d IN hold LIMIT 1000 RETURN d", "batchSize": 1000})
    limited = time.monotonic() - t0
    t0 = time.monotonic()
    out = await checked(c, "POST", "/_api/cursor", {"query": "FOR d IN hold RETURN d", "batchSize": 1000,
                                                  "options": {"stream": True}})
    streamed = time.monotonic() - t0
    await checked(c, "DELETE", f"/_api/cursor/{out['id']}", ok=(202,))
    c.close()
    print(f"cursor: {read:,} documents read (first batch after {first:.2f} s); RSS {mb(held):.0f} MB before, "
          f"{mb(peak):.0f} MB at most while reading, {mb(after):.0f} MB after it finished; "
          f"LIMIT 1000 over them answered in {limited * 1000:.0f} ms, the first batch of a streaming "
          f"cursor over all of them in {streamed * 1000:.0f} ms")
    return {"docs": n, "json_bytes": json_bytes, "rss_before": before, "rss_held": held, "ratio": ratio,
            "per_doc": per_doc, "cursor_first": first, "cursor_peak": peak, "cursor_after": after,
            "limit_ms": limited * 1000, "stream_ms": streamed * 1000}


def markdown(res):
    lines = [BEGIN, "## The emulator's memory", "",
             "Generated by `test/bench/emulator_memory.py` (run_bench.py keeps this section); "
             f"measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, a fresh emulator per "
             "workload, RSS from /proc.", "",
             "| workload | figure | goal |", "|---|---|---|"]
    s = res.get("soak")
    if s:
        lines.append(f"| soak: {s['inflight']} calls in flight for {s['seconds']:.0f} s ({s['calls']:,} inserts, "
                     f"reads, AQL queries; 40,000 documents) | RSS {mb(s['rss_mark']):.0f} MB after "
                     f"{s['mark']:.0f} s, {mb(s['rss_end']):.0f} MB at the end ({s['growth']:+.1%}); "
                     f"{s['rate']:,.0f} calls/s at a load average of {s['load_min']:.0f} to {s['load_max']:.0f} | "
                     "within 20% (over 10 minutes) |")
    d = res.get("drop")
    if d:
        lines.append(f"| drop a database of {d['docs']:,} documents | RSS {mb(d['rss_before']):.0f} MB before, "
                     f"{mb(d['rss_filled']):.0f} MB filled, {mb(d['rss_after']):.0f} MB after "
                     f"({d['rss_after'] / d['rss_before']:.2f}x) | at most 2x |")
    h = res.get("hold")
    if h:
        lines.append(f"| hold {h['docs']:,} small documents ({h['json_bytes'] / h['docs']:.0f} bytes of JSON "
                     f"each) | {h['per_doc']:.0f} bytes each ({h['ratio']:.2f}x the JSON) | at most 4x |")
        lines.append(f"| a cursor over them, read to the end | RSS {mb(h['rss_held']):.0f} MB before, "
                     f"{mb(h['cursor_peak']):.0f} MB at most, {mb(h['cursor_after']):.0f} MB after | "
                     "given back |")
        lines.append(f"| `LIMIT 1000` over them; first batch of a streaming cursor over them | "
                     f"{h['limit_ms']:.0f} ms; {h['stream_ms']:.0f} ms | proportional to the batch |")
    lines += ["", END]
    return "\n".join(lines) + "\n"


def write_section(path, text, begin=BEGIN, end=END):
    """Puts `text` (which starts with `begin` and ends with `end`) in place of the section between
    those markers of the file at `path`; a file without them gets it before "## Reproduce", or
    at its end."""
    try:
        with open(path) as f:
            old = f.read()
    except OSError:
        old = ""
    if begin in old and end in old:
        a = old.index(begin)
        b = old.index(end) + len(end)
        new = old[:a] + text.rstrip("\n") + old[b:]
    elif "\n## Reproduce" in old:
        at = old.index("\n## Reproduce") + 1
        new = old[:at] + text + "\n" + old[at:]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    with open(path, "w") as f:
        f.write(new)


async def main_async(args):
    res = {}
    for name, size, workload in [("soak", args.soak_seconds, lambda e: soak(e, args.soak_seconds, args.inflight)),
                                 ("drop", args.drop_docs, lambda e: drop(e, args.drop_docs)),
                                 ("hold", args.docs, lambda e: hold_and_cursor(e, args.docs))]:
        if size <= 0:
            continue
        emu = Emulator(args.emulator)  # a fresh process per workload
        try:
            res[name] = await workload(emu)
        finally:
            emu.stop()
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--emulator", required=True)
    p.add_argument("--soak-seconds", type=float, default=180)
    p.add_argument("--inflight", type=int, default=256)
    p.add_argument("--docs", type=int, default=1000000)
    p.add_argument("--drop-docs", type=int, default=200000)
    p.add_argument("--out")
    args = p.parse_args()
    res = asyncio.run(main_async(args))
    if args.out:
        write_section(args.out, markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
