#!/usr/bin/env python3
"""Installs the build into a temporary prefix, then compiles and runs consumer.cpp with the
flags the installed pkg-config file gives: what a user of the installed library does.

    check_install.py BUILD_DIR CONSUMER_CPP CXX"""
import glob
import os
import subprocess
import sys
import tempfile

build_dir, consumer, cxx = sys.argv[1:4]
with tempfile.TemporaryDirectory() as dest:
    subprocess.run(["meson", "install", "-C", build_dir, "--no-rebuild", "--quiet", "--destdir", dest], check=True)
    pcs = glob.glob(os.path.join(dest, "**", "arango-async.pc"), recursive=True)
    if len(pcs) != 1:
        sys.exit(f"FAIL: expected one arango-async.pc under the install, found {pcs}")
    pc_dir = os.path.dirname(pcs[0])
    env = dict(os.environ, PKG_CONFIG_PATH=pc_dir)
    # The .pc names the real prefix; point it at the place the files were installed to.
    prefix = next(line.split("=", 1)[1].strip() for line in open(pcs[0]) if line.startswith("prefix="))
    flags = subprocess.run(["pkg-config", f"--define-variable=prefix={dest}{prefix}", "--cflags", "--libs",
                            "arango-async"], env=env, check=True, capture_output=True, text=True).stdout.split()
    exe = os.path.join(dest, "consumer")
    subprocess.run([cxx, "-std=c++20", consumer, "-o", exe] + flags, check=True)
    libdirs = [f[2:] for f in flags if f.startswith("-L")]
    run_env = dict(os.environ, LD_LIBRARY_PATH=":".join(libdirs))
    out = subprocess.run([exe], env=run_env, capture_output=True, text=True)
    print(out.stdout.strip())
    if out.returncode != 0:
        sys.exit(f"FAIL: the consumer exited with {out.returncode}: {out.stderr}")
    headers = glob.glob(os.path.join(dest, "**", "arango", "exceptions.hpp"), recursive=True)
    if not headers:
        sys.exit("FAIL: the generated exceptions.hpp was not installed")
print("OK: installed headers, library and pkg-config file work for a consumer")
