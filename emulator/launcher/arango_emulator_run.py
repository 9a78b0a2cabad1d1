#!/usr/bin/env python3
"""arango-emulator-run: run a command against a freshly started arango-emulator.

    arango-emulator-run [--emulator PATH] [--root-password PW] [--jwt-secret S]
                        [--trx-idle-timeout SECONDS] [--tls] [--coordinators N] [--cluster]
                        [--compress-response-threshold BYTES] [--session-timeout SECONDS]
                        [--jwt-secret-keyfile FILE] [--h2] -- CMD [ARGS...]

Without --emulator the binary is, in this order: $ARANGO_EMULATOR, the
arango-emulator next to this script (where both are installed, in bindir),
arango-emulator on PATH.

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

--h2 also starts nghttpx (Debian's nghttp2-proxy) in front of the emulator's
first listener: see H2Proxy.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit

STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
LINE_RE = re.compile(r"^arango-emulator listening on (https?://\S+)\s*$")


def parse_args(argv):
    if "--" not in argv:
        print("arango-emulator-run: expected '-- CMD [ARGS...]'", file=sys.stderr)
        sys.exit(2)
    split = argv.index("--")
    own, cmd = argv[:split], argv[split + 1:]
    parser = argparse.ArgumentParser(prog="arango-emulator-run")
    parser.add_argument("--emulator", default=None,
                        help="path of the arango-emulator binary (default: $ARANGO_EMULATOR, "
                             "else the one next to this script, else PATH)")
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
    parser.add_argument("--cluster", action="store_true",
                        help="the listeners answer as the coordinators of a cluster "
                             "(passed to the emulator)")
    parser.add_argument("--compress-response-threshold", default=None,
                        help="passed to the emulator")
    parser.add_argument("--session-timeout", default=None,
                        help="lifetime of the JWTs POST /_open/auth issues, in seconds "
                             "(exported to CMD as ARANGO_SESSION_TIMEOUT)")
    parser.add_argument("--jwt-secret-keyfile", default=None,
                        help="file holding the JWT secret (exported to CMD as "
                             "ARANGO_JWT_SECRET_KEYFILE)")
    parser.add_argument("--h2", action="store_true",
                        help="also start nghttpx in front of the emulator (HTTP/2: h2c and TLS "
                             "with ALPN); exports ARANGO_H2C_URL, ARANGO_H2_TLS_URL, ...")
    args = parser.parse_args(own)
    if args.coordinators < 1:
        parser.error("--coordinators must be at least 1")
    if args.jwt_secret_keyfile is not None:
        args.jwt_secret_keyfile = os.path.abspath(args.jwt_secret_keyfile)
    if not cmd:
        parser.error("no command given after '--'")
    return args, cmd


EMULATOR_NAME = "arango-emulator"


def locate_emulator(explicit=None):
    """The emulator binary: `explicit`, else $ARANGO_EMULATOR, else the arango-emulator next to
    this script (installed together in bindir, or both in the build's emulator/), else the one
    on PATH. Returns None when there is none."""
    if explicit:
        return explicit
    if os.environ.get("ARANGO_EMULATOR"):
        return os.environ["ARANGO_EMULATOR"]
    beside = os.path.join(os.path.dirname(os.path.realpath(__file__)), EMULATOR_NAME)
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    return shutil.which(EMULATOR_NAME)


def _openssl(*argv):
    try:
        subprocess.run(["openssl", *argv], check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        sys.exit(f"arango-emulator-run: openssl {argv[0]} failed: {detail}")


def make_tls_certificates(workdir, subject_alt_name="IP:127.0.0.1,DNS:localhost"):
    """A test CA, a server certificate it signs for `subject_alt_name` (by default IP 127.0.0.1
    and DNS localhost), and a second CA that signs nothing (the wrong CA); EC P-256 keys, valid
    for 2 days."""
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
        f.write(f"subjectAltName={subject_alt_name}\n"
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
    if args.cluster:
        argv += ["--cluster"]
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
        sys.exit(f"arango-emulator-run: cannot start {args.emulator}: {exc}")
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
            sys.exit(f"arango-emulator-run: could not start {args.emulator} (exit code {code}); "
                     f"its output line was {line!r}")
        urls.append(match.group(1))
    if len(urls) < args.coordinators:
        stop_emulator(proc)
        sys.exit(f"arango-emulator-run: {args.emulator} did not report its URLs within "
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


# ---- --h2: nghttpx in front of the emulator ------------------------------------------------

H2_ATTEMPTS = 3  # the ports are picked before nghttpx binds them: another process may win


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class H2Proxy:
    """nghttpx with two frontends, cleartext h2c (prior knowledge; HTTP/1.1 also accepted)
    and TLS with ALPN (h2, http/1.1), forwarding over HTTP/1.1 to the backend URL.
    `env` holds what CMD gets:
      ARANGO_H2C_URL             http://127.0.0.1:<port>
      ARANGO_H2_TLS_URL          https://127.0.0.1:<port> (the certificate names 127.0.0.1)
      ARANGO_H2_TLS_WRONG_HOST_URL  https://localhost:<same port> (a name the certificate lacks)
      ARANGO_H2_CA_FILE          the CA that signed the certificate (PEM)
      ARANGO_H2_WRONG_CA_FILE    another CA (PEM) that did not
    nghttpx writes nothing to stdout; its log (warnings and worse) goes to a file that is
    copied to stderr when it fails."""

    def __init__(self, backend_url):
        self.dir = tempfile.TemporaryDirectory(prefix="arango-h2-")
        self.proc = None
        self.log = os.path.join(self.dir.name, "nghttpx.log")
        # Only 127.0.0.1: "localhost" is a host name the certificate lacks.
        certs = make_tls_certificates(self.dir.name, subject_alt_name="IP:127.0.0.1")
        backend = urlsplit(backend_url)
        backend_arg = f"{backend.hostname},{backend.port};;proto=http/1.1"
        extra = []
        if backend.scheme == "https":  # the emulator over TLS: a test-internal link
            backend_arg += ";tls"
            extra.append("--insecure")
        for attempt in range(H2_ATTEMPTS):
            h2c_port, tls_port = _free_port(), _free_port()
            argv = ["nghttpx", "--conf=/dev/null", "--single-process", "--workers=1",
                    f"--frontend=127.0.0.1,{h2c_port};no-tls",
                    f"--frontend=127.0.0.1,{tls_port}",
                    f"--backend={backend_arg}",
                    # One frontend HTTP/2 connection carries many calls: allow more streams on
                    # it than a test runs at once (nghttpx's default is 100), and as many
                    # backend HTTP/1.1 connections as streams (0: no limit), kept alive
                    # between calls.
                    "--frontend-http2-max-concurrent-streams=256",
                    "--backend-connections-per-frontend=0",
                    "--backend-keep-alive-timeout=30s",
                    "--no-ocsp", "--log-level=WARN", f"--errorlog-file={self.log}",
                    *extra, certs["server.key"], certs["server.pem"]]
            try:
                self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError as exc:
                self.close()
                sys.exit(f"arango-emulator-run: cannot start nghttpx ({exc}); "
                         "install Debian's nghttp2-proxy")
            if self._wait_until_accepting(h2c_port, tls_port):
                break
            self.stop()
            if attempt + 1 == H2_ATTEMPTS:
                self.close()
                sys.exit("arango-emulator-run: nghttpx did not start")
        self.env = {
            "ARANGO_H2C_URL": f"http://127.0.0.1:{h2c_port}",
            "ARANGO_H2_TLS_URL": f"https://127.0.0.1:{tls_port}",
            "ARANGO_H2_TLS_WRONG_HOST_URL": f"https://localhost:{tls_port}",
            "ARANGO_H2_CA_FILE": certs["ca.pem"],
            "ARANGO_H2_WRONG_CA_FILE": certs["wrong-ca.pem"],
        }

    def _wait_until_accepting(self, *ports):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if all(_accepts(p) for p in ports):
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        """Stops nghttpx; copies its log to stderr if it had exited by itself or failed."""
        if self.proc is None:
            return
        died = self.proc.poll() is not None
        if not died:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if died or self.proc.returncode not in (0, -signal.SIGTERM):
            try:
                with open(self.log) as f:
                    sys.stderr.write(f"arango-emulator-run: nghttpx exited with {self.proc.returncode}:\n"
                                     + f.read())
            except OSError:
                pass
        self.proc = None

    def close(self):
        self.stop()
        self.dir.cleanup()


def main():
    args, cmd = parse_args(sys.argv[1:])
    if os.environ.get("ARANGO_URL"):
        return subprocess.call(cmd)
    args.emulator = locate_emulator(args.emulator)
    if args.emulator is None:
        sys.exit("arango-emulator-run: no arango-emulator found (give --emulator PATH, set "
                 "ARANGO_EMULATOR, or put it on PATH)")
    tls_dir = tempfile.TemporaryDirectory(prefix="arango-emulator-tls-") if args.tls else None
    certs = make_tls_certificates(tls_dir.name) if tls_dir is not None else None
    proc, urls = start_emulator(args, certs)
    try:
        h2 = H2Proxy(urls[0]) if args.h2 else None
    except BaseException:
        stop_emulator(proc)
        raise
    env = dict(os.environ)
    env["ARANGO_URL"] = urls[0]
    env["ARANGO_HOSTS"] = ",".join(urls)
    env["ARANGO_CONTROL_URL"] = urls[0]
    if certs is not None:
        env["ARANGO_CA_FILE"] = certs["ca.pem"]
        env["ARANGO_WRONG_CA_FILE"] = certs["wrong-ca.pem"]
    if h2 is not None:
        env.update(h2.env)
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
        print(f"arango-emulator-run: cannot run {cmd[0]}: {exc}", file=sys.stderr)
        code = 127
    finally:
        if h2 is not None:
            h2.close()
        stop_emulator(proc)
        if tls_dir is not None:
            tls_dir.cleanup()
    if code < 0:  # killed by a signal: report it like a shell does
        code = 128 - code
    return code


if __name__ == "__main__":
    sys.exit(main())
