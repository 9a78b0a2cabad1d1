#!/usr/bin/env python3
"""How arango-emulator-run finds the emulator when --emulator is not given.

    test_launcher.py PATH/TO/arango-emulator PATH/TO/arango-emulator-run

The launcher (the build's copy, which sits next to the built arango-emulator as the installed
one does in bindir) is run without --emulator: it must use $ARANGO_EMULATOR, else the
arango-emulator next to it, else the one on PATH, and fail clearly when there is none.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emutest  # noqa: E402

PRINT_URL = "import os; print(os.environ['ARANGO_URL'], os.environ['ARANGO_PASSWORD']); raise SystemExit(5)"


def launch(launcher, path_dirs, **env_extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("ARANGO_URL", "ARANGO_EMULATOR", "PATH")}
    env["PATH"] = os.pathsep.join(path_dirs + [os.path.dirname(sys.executable), "/usr/bin", "/bin"])
    env.update(env_extra)
    return subprocess.run([sys.executable, launcher, "--root-password", "lpw", "--",
                           sys.executable, "-c", PRINT_URL],
                          env=env, capture_output=True, text=True, timeout=60)


def check_started(c, p, what):
    c.eq(p.returncode, 5, f"{what}: the command's exit code (stderr: {p.stderr!r})")
    url, password = p.stdout.split()
    c.true(url.startswith("http://127.0.0.1:"), f"{what}: ARANGO_URL {url}")
    c.eq(password, "lpw", f"{what}: ARANGO_PASSWORD")


def run(c, exe, launcher):
    with tempfile.TemporaryDirectory(prefix="emu-launcher-") as tmp:
        alone = os.path.join(tmp, "alone")       # a launcher with no emulator beside it
        on_path = os.path.join(tmp, "path")      # a directory holding arango-emulator
        os.mkdir(alone)
        os.mkdir(on_path)
        lonely = os.path.join(alone, "arango-emulator-run")
        shutil.copy2(launcher, lonely)
        os.symlink(exe, os.path.join(on_path, "arango-emulator"))

        c.run("beside it", lambda cc: check_started(cc, launch(launcher, []), "beside it"))
        c.run("on PATH", lambda cc: check_started(cc, launch(lonely, [on_path]), "on PATH"))
        c.run("$ARANGO_EMULATOR", lambda cc: check_started(
            cc, launch(lonely, [], ARANGO_EMULATOR=exe), "$ARANGO_EMULATOR"))

        def none_found(cc):
            p = launch(lonely, [])
            cc.true(p.returncode != 0, f"exit code {p.returncode}")
            cc.true("no arango-emulator found" in p.stderr, f"stderr {p.stderr!r}")
            cc.eq(p.stdout, "", "the command did not run")
        c.run("none found: a clear error", none_found)

        def env_wins(cc):
            p = launch(launcher, [on_path], ARANGO_EMULATOR="/nonexistent/arango-emulator")
            cc.true(p.returncode != 0, f"exit code {p.returncode}")
            cc.true("cannot start /nonexistent/arango-emulator" in p.stderr, f"stderr {p.stderr!r}")
        c.run("$ARANGO_EMULATOR wins over the one beside it", env_wins)
    return c.report()


if __name__ == "__main__":
    sys.exit(emutest.suite_main(__doc__, run, max_extra_args=1))
