#!/usr/bin/env python3
"""Runs a libFuzzer target over its seed corpus, then for SECONDS more on new inputs.

    run_fuzz.py TARGET SEED_DIR SECONDS [extra libFuzzer flags...]

New inputs go to a temporary directory (the seed corpus in the tree stays as it is). A crash,
leak, timeout or out-of-memory fails the run: libFuzzer exits non-zero and writes the input
to the temporary directory, which is then kept and named on stderr. Prints the executions and
the CPU time used.
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile


def main() -> int:
    target, seeds, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    extra = sys.argv[4:]
    work = tempfile.mkdtemp(prefix="emu-fuzz-")
    corpus = os.path.join(work, "corpus")
    os.mkdir(corpus)
    cmd = [target, corpus, seeds, f"-max_total_time={seconds}", "-timeout=25",
           "-rss_limit_mb=2560", "-max_len=65536", "-print_final_stats=1",
           f"-artifact_prefix={work}/"] + extra
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", proc.stdout)
    print(f"{os.path.basename(target)}: exit {proc.returncode}, "
          f"{runs[-1] if runs else '?'} executions, {cpu / 60:.1f} CPU-minutes")
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-20000:])
        sys.stderr.write(f"\nfinding kept in {work}\n")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
