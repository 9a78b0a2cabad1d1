#!/usr/bin/env python3
"""Run a command against a freshly started arango-emulator.

    with_emulator.py --emulator PATH [--root-password PW] [--jwt-secret S]
                     [--trx-idle-timeout SECONDS] [--tls] [--coordinators N]
                     [--compress-response-threshold BYTES] [--session-timeout SECONDS]
                     [--jwt-secret-keyfile FILE] -- CMD [ARGS...]

If ARANGO_URL is already set, CMD runs with the environment unchanged (use a
real server that way). Otherwise the emulator is started on ephemeral ports,
and CMD runs with ARANGO_URL, ARANGO_USER=root, ARANGO_PASSWORD (and
ARANGO_JWT_SECRET, ARANGO_TRX_IDLE_TIMEOUT, ARANGO_SESSION_TIMEOUT,
ARANGO_JWT_SECRET_KEYFILE when given) exported. With --jwt-secret-keyfile the
emulator reads its JWT secret from FILE, which is first written with the
--jwt-secret value when one is given (CMD may rewrite FILE and have the
emulator reload it: POST /_admin/server/jwt). The emulator is stopped afterwards
(SIGTERM, then SIGKILL after 5 s) and this script exits with CMD's exit code.

--coordinators N starts the emulator with N listeners (a cluster of N
coordinators over one store); ARANGO_HOSTS is the comma-separated list of
their URLs, ARANGO_CONTROL_URL the first one (the /_emulator/* control API
answers on every running listener), ARANGO_URL also the first one. Both are
exported for N = 1, too.

--tls makes a throwaway CA and a server certificate for IP 127.0.0.1 and DNS
localhost with the openssl command in a temporary directory, starts the
emulator with HTTPS on every listener and exports ARANGO_CA_FILE (that CA,
PEM) and ARANGO_WRONG_CA_FILE (another CA that signed nothing).

--compress-response-threshold, --session-timeout and --jwt-secret-keyfile go
to the emulator as they are.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading

STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
LINE_RE = re.compile(r"^arango-emulator listening on (https?://\S+)\s*$")


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
    parser.add_argument("--tls", action="store_true",
                        help="serve HTTPS with a throwaway CA; exports ARANGO_CA_FILE and "
                             "ARANGO_WRONG_CA_FILE")
    parser.add_argument("--coordinators", type=int, default=1,
                        help="number of listeners (coordinators over one store); exports "
                             "ARANGO_HOSTS and ARANGO_CONTROL_URL")
    parser.add_argument("--compress-response-threshold", default=None,
                        help="passed to the emulator")
    parser.add_argument("--session-timeout", default=None,
                        help="lifetime of the JWTs POST /_open/auth issues, in seconds "
                             "(exported to CMD as ARANGO_SESSION_TIMEOUT)")
    parser.add_argument("--jwt-secret-keyfile", default=None,
                        help="file holding the JWT secret (exported to CMD as "
                             "ARANGO_JWT_SECRET_KEYFILE)")
    args = parser.parse_args(own)
    if args.coordinators < 1:
        parser.error("--coordinators must be at least 1")
    if args.jwt_secret_keyfile is not None:
        args.jwt_secret_keyfile = os.path.abspath(args.jwt_secret_keyfile)
    if not cmd:
        parser.error("no command given after '--'")
    return args, cmd


def _openssl(*argv):
    try:
        subprocess.run(["openssl", *argv], check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        sys.exit(f"with_emulator.py: openssl {argv[0]} failed: {detail}")


def make_tls_certificates(workdir):
    """A test CA, a server certificate it signs for IP 127.0.0.1 and DNS localhost, and a
    second CA that signs nothing (the wrong CA); EC P-256 keys, valid for 2 days."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    ca_ext = ["-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign"]
    paths = {name: os.path.join(workdir, name) for name in
             ("ca.pem", "ca.key", "wrong-ca.pem", "wrong-ca.key", "server.pem", "server.key",
              "server.csr", "server.ext")}
    _openssl("req", "-x509", *ec, "-keyout", paths["ca.key"], "-out", paths["ca.pem"],
             "-days", "2", "-subj", "/CN=arango-async emulator test CA", *ca_ext)
    _openssl("req", "-x509", *ec, "-keyout", paths["wrong-ca.key"], "-out", paths["wrong-ca.pem"],
             "-days", "2", "-subj", "/CN=arango-async emulator wrong CA", *ca_ext)
    _openssl("req", "-new", *ec, "-keyout", paths["server.key"], "-out", paths["server.csr"],
             "-subj", "/CN=arango-async emulator")
    with open(paths["server.ext"], "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                "basicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectKeyIdentifier=hash\n"
                "authorityKeyIdentifier=keyid,issuer\n")
    _openssl("x509", "-req", "-in", paths["server.csr"], "-CA", paths["ca.pem"],
             "-CAkey", paths["ca.key"], "-CAcreateserial", "-days", "2",
             "-extfile", paths["server.ext"], "-out", paths["server.pem"])
    return paths


def start_emulator(args, certs=None):
    """Starts the emulator; returns (process, [listener URLs in --port order])."""
    argv = [args.emulator, "--root-password", args.root_password]
    for _ in range(args.coordinators):
        argv += ["--port", "0"]
    if args.jwt_secret is not None:
        argv += ["--jwt-secret", args.jwt_secret]
    if args.trx_idle_timeout is not None:
        argv += ["--trx-idle-timeout", args.trx_idle_timeout]
    if args.compress_response_threshold is not None:
        argv += ["--compress-response-threshold", args.compress_response_threshold]
    if args.session_timeout is not None:
        argv += ["--session-timeout", args.session_timeout]
    if args.jwt_secret_keyfile is not None:
        if args.jwt_secret is not None:
            with open(args.jwt_secret_keyfile, "w", encoding="utf-8") as f:
                f.write(args.jwt_secret + "\n")
        argv += ["--jwt-secret-keyfile", args.jwt_secret_keyfile]
    if certs is not None:
        argv += ["--tls-cert", certs["server.pem"], "--tls-key", certs["server.key"]]
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    except OSError as exc:
        sys.exit(f"with_emulator.py: cannot start {args.emulator}: {exc}")
    lines = []

    def read_lines():
        for _ in range(args.coordinators):
            line = proc.stdout.readline()
            lines.append(line)
            if not LINE_RE.match(line):
                break

    reader = threading.Thread(target=read_lines, daemon=True)
    reader.start()
    reader.join(STARTUP_TIMEOUT)
    urls = []
    for line in list(lines):
        match = LINE_RE.match(line)
        if not match:
            code = stop_emulator(proc)
            sys.exit(f"with_emulator.py: could not start {args.emulator} (exit code {code}); "
                     f"its output line was {line!r}")
        urls.append(match.group(1))
    if len(urls) < args.coordinators:
        stop_emulator(proc)
        sys.exit(f"with_emulator.py: {args.emulator} did not report its URLs within "
                 f"{STARTUP_TIMEOUT:.0f} s")
    return proc, urls


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
    tls_dir = tempfile.TemporaryDirectory(prefix="arango-emulator-tls-") if args.tls else None
    certs = make_tls_certificates(tls_dir.name) if tls_dir is not None else None
    proc, urls = start_emulator(args, certs)
    env = dict(os.environ)
    env["ARANGO_URL"] = urls[0]
    env["ARANGO_HOSTS"] = ",".join(urls)
    env["ARANGO_CONTROL_URL"] = urls[0]
    if certs is not None:
        env["ARANGO_CA_FILE"] = certs["ca.pem"]
        env["ARANGO_WRONG_CA_FILE"] = certs["wrong-ca.pem"]
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
        if tls_dir is not None:
            tls_dir.cleanup()
    if code < 0:  # killed by a signal: report it like a shell does
        code = 128 - code
    return code


if __name__ == "__main__":
    sys.exit(main())
