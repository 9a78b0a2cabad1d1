#!/usr/bin/env python3
"""Run a command against a freshly started arango-emulator.

    with_emulator.py --emulator PATH [--root-password PW] [--jwt-secret S]
                     [--trx-idle-timeout SECONDS] [--session-timeout SECONDS]
                     [--jwt-secret-keyfile FILE] -- CMD [ARGS...]

If ARANGO_URL is already set, CMD runs with the environment unchanged (use a
real server that way). Otherwise the emulator is started on an ephemeral port,
and CMD runs with ARANGO_URL, ARANGO_USER=root, ARANGO_PASSWORD (and
ARANGO_JWT_SECRET, ARANGO_TRX_IDLE_TIMEOUT, ARANGO_SESSION_TIMEOUT,
ARANGO_JWT_SECRET_KEYFILE when given) exported. With --jwt-secret-keyfile the
emulator reads its JWT secret from FILE, which is first written with the
--jwt-secret value when one is given (CMD may rewrite FILE and have the
emulator reload it: POST /_admin/server/jwt). The emulator is stopped afterwards
(SIGTERM, then SIGKILL after 5 s) and this script exits with CMD's exit code.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import threading

STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
LINE_RE = re.compile(r"^arango-emulator listening on (http://\S+)\s*$")


def parse_args(argv):
    if "--" not in argv:
        print("with_emulator.py: expected '-- CMD [ARGS...]'", file=sys.stderr)
        sys.exit(2)
    split = argv.index("--")
    own, cmd = argv[:split], argv[split + 1:]
    parser = argparse.ArgumentParser(prog="with_emulator.py")
    parser.add_argument("--emulator", required=True, help="path of the arango-emulator binary")
    parser.add_argument("--root-password", default="", help="root password (default: empty)")
    parser.add_argument("--jwt-secret", default=None, help="JWT secret for the emulator")
    parser.add_argument("--trx-idle-timeout", default=None,
                        help="stream transaction idle timeout of the emulator in seconds "
                             "(exported to CMD as ARANGO_TRX_IDLE_TIMEOUT)")
    parser.add_argument("--session-timeout", default=None,
                        help="lifetime of the JWTs POST /_open/auth issues, in seconds "
                             "(exported to CMD as ARANGO_SESSION_TIMEOUT)")
    parser.add_argument("--jwt-secret-keyfile", default=None,
                        help="file holding the JWT secret (exported to CMD as "
                             "ARANGO_JWT_SECRET_KEYFILE)")
    args = parser.parse_args(own)
    if args.jwt_secret_keyfile is not None:
        args.jwt_secret_keyfile = os.path.abspath(args.jwt_secret_keyfile)
    if not cmd:
        parser.error("no command given after '--'")
    return args, cmd


def start_emulator(args):
    argv = [args.emulator, "--port", "0", "--root-password", args.root_password]
    if args.jwt_secret is not None:
        argv += ["--jwt-secret", args.jwt_secret]
    if args.trx_idle_timeout is not None:
        argv += ["--trx-idle-timeout", args.trx_idle_timeout]
    if args.session_timeout is not None:
        argv += ["--session-timeout", args.session_timeout]
    if args.jwt_secret_keyfile is not None:
        if args.jwt_secret is not None:
            with open(args.jwt_secret_keyfile, "w", encoding="utf-8") as f:
                f.write(args.jwt_secret + "\n")
        argv += ["--jwt-secret-keyfile", args.jwt_secret_keyfile]
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    except OSError as exc:
        sys.exit(f"with_emulator.py: cannot start {args.emulator}: {exc}")
    result = {}

    def read_line():
        result["line"] = proc.stdout.readline()

    reader = threading.Thread(target=read_line, daemon=True)
    reader.start()
    reader.join(STARTUP_TIMEOUT)
    line = result.get("line")
    if line is None:
        stop_emulator(proc)
        sys.exit(f"with_emulator.py: {args.emulator} did not report its URL within "
                 f"{STARTUP_TIMEOUT:.0f} s")
    match = LINE_RE.match(line)
    if not match:
        code = stop_emulator(proc)
        sys.exit(f"with_emulator.py: could not start {args.emulator} (exit code {code}); "
                 f"its first output line was {line!r}")
    return proc, match.group(1)


def stop_emulator(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    return proc.returncode


def main():
    args, cmd = parse_args(sys.argv[1:])
    if os.environ.get("ARANGO_URL"):
        return subprocess.call(cmd)
    proc, url = start_emulator(args)
    env = dict(os.environ)
    env["ARANGO_URL"] = url
    env["ARANGO_USER"] = "root"
    env["ARANGO_PASSWORD"] = args.root_password
    if args.jwt_secret is not None:
        env["ARANGO_JWT_SECRET"] = args.jwt_secret
    if args.trx_idle_timeout is not None:
        env["ARANGO_TRX_IDLE_TIMEOUT"] = args.trx_idle_timeout
    if args.session_timeout is not None:
        env["ARANGO_SESSION_TIMEOUT"] = args.session_timeout
    if args.jwt_secret_keyfile is not None:
        env["ARANGO_JWT_SECRET_KEYFILE"] = args.jwt_secret_keyfile
    try:
        code = subprocess.call(cmd, env=env)
    except OSError as exc:
        print(f"with_emulator.py: cannot run {cmd[0]}: {exc}", file=sys.stderr)
        code = 127
    finally:
        stop_emulator(proc)
    if code < 0:  # killed by a signal: report it like a shell does
        code = 128 - code
    return code


if __name__ == "__main__":
    sys.exit(main())
