#!/usr/bin/env python3
"""A program built against arango-async the ways a user builds one, then run (consumer.cpp).

    check_install.py pkgconfig  BUILD_DIR SOURCE_DIR CXX
    check_install.py cmake      BUILD_DIR SOURCE_DIR CXX
    check_install.py subproject BUILD_DIR SOURCE_DIR CXX

pkgconfig and cmake install the build (`meson install --tags runtime,devel`, what a -dev package
holds: no emulator file may be among it) into a temporary prefix, then build consumer.cpp
- pkgconfig: with the flags of the installed arango-async.pc, against the shared library, and
  against the static one with `pkg-config --static`'s private requirements;
- cmake: with find_package(arango-async CONFIG) (test/consume/cmake), the imported shared and
  static targets; a find_package of an incompatible version (the next minor, while 0.x) must fail.
subproject makes a Meson project whose subprojects/arango-async is a link to SOURCE_DIR and which
takes dependency('arango-async'): its build must hold none of our tests, samples or emulator, its
`meson test` runs only its own test, and -Darango-async:emulator=true brings the emulator back.
Every consumer program must report the build_version() of this build (lib/build_version.cpp).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

mode, build_dir, source_dir, cxx = sys.argv[1:5]
consumer = os.path.join(source_dir, "test", "consume", "consumer.cpp")
started = time.monotonic()


def fail(message):
    sys.exit(f"FAIL ({mode}): {message}")


def run(cmd, **kwargs):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        fail(f"{' '.join(cmd)} exited with {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def expected_build_version():
    text = open(os.path.join(build_dir, "lib", "build_version.cpp")).read()
    m = re.search(r'return "([^"]*)";', text)
    if not m:
        fail("no version string in the build's lib/build_version.cpp")
    return m.group(1)


def run_consumer(exe, env=None):
    out = run([exe, expected_build_version()], env=env)
    print(f"{os.path.basename(exe)}: {out.strip()}")


def install(dest):
    """Installs the library's runtime and devel files under dest; returns the installed prefix."""
    run(["meson", "install", "-C", build_dir, "--no-rebuild", "--quiet", "--tags", "runtime,devel",
         "--destdir", dest])
    pcs = glob.glob(os.path.join(dest, "**", "pkgconfig", "arango-async.pc"), recursive=True)
    if len(pcs) != 1:
        fail(f"expected one arango-async.pc under the install, found {pcs}")
    emulator_files = [p for p in glob.glob(os.path.join(dest, "**"), recursive=True)
                      if "emulator" in os.path.basename(p)]
    if emulator_files:
        fail(f"the runtime and devel tags install emulator files: {emulator_files}")
    if not glob.glob(os.path.join(dest, "**", "arango", "exceptions.hpp"), recursive=True):
        fail("the generated exceptions.hpp was not installed")
    prefix = next(line.split("=", 1)[1].strip() for line in open(pcs[0]) if line.startswith("prefix="))
    return pcs[0], dest + prefix


def check_pkgconfig(tmp):
    pc, prefix = install(os.path.join(tmp, "dest"))
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pc))

    def pkg_config(*args):
        # The .pc names the real prefix; point it at the place the files were installed to.
        return run(["pkg-config", f"--define-variable=prefix={prefix}", *args, "arango-async"], env=env).split()

    if "rapidjson" in open(pc).read().lower():
        fail("the .pc file names RapidJSON, which the library's users do not need")
    if pkg_config("--variable=cxx_std") != ["c++20"]:
        fail("the .pc file does not state C++20 (variable cxx_std)")
    # Shared: the Libs line alone (Requires.private and Libs.private are for static linking).
    flags = pkg_config("--cflags", "--libs")
    exe = os.path.join(tmp, "consumer")
    run([cxx, "-std=c++20", consumer, "-o", exe] + flags)
    libdir = pkg_config("--variable=libdir")[0]
    run_consumer(exe, env=dict(os.environ, LD_LIBRARY_PATH=libdir))
    # Static: the archive by its path, with the libraries of its private requirements (libcurl,
    # zlib, OpenSSL; Libs.private: threads), those taken shared as Debian has them. A fully
    # static `pkg-config --static` link needs the static libraries of libcurl's own dependencies
    # too (nghttp2, libssh2, ...), which Debian's -dev packages of libcurl do not bring.
    archive = os.path.join(libdir, "libarango-async.a")
    if not os.path.exists(archive):
        print("no static library installed (default_library=shared): static link skipped")
        return
    requires = [line.split()[0] for line in
                run(["pkg-config", "--print-requires-private", "arango-async"], env=env).splitlines() if line.strip()]
    if sorted(requires) != ["libcurl", "openssl", "zlib"]:
        fail(f"Requires.private is {requires}, expected libcurl, zlib and openssl")
    private = pkg_config("--static", "--libs-only-other")
    flags = [archive if f == "-larango-async" else f for f in pkg_config("--cflags", "--libs")]
    flags += private + run(["pkg-config", "--libs", *requires], env=env).split()
    exe_static = os.path.join(tmp, "consumer-static")
    run([cxx, "-std=c++20", consumer, "-o", exe_static] + flags)
    needed = run(["readelf", "-d", exe_static])
    if "libarango-async" in needed:
        fail("the statically linked consumer still needs libarango-async.so")
    run_consumer(exe_static)


def check_cmake(tmp):
    cmake = shutil.which("cmake")
    if not cmake:
        fail("cmake is not installed (scripts/test.sh installs it)")
    pc, prefix = install(os.path.join(tmp, "dest"))
    libdir = os.path.dirname(os.path.dirname(pc))
    project = os.path.join(source_dir, "test", "consume", "cmake")
    common = [f"-DCMAKE_PREFIX_PATH={prefix}", f"-DCMAKE_CXX_COMPILER={cxx}", f"-DCONSUMER_CPP={consumer}"]
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    major, minor = re.match(r"(\d+)\.(\d+)", expected_build_version()).groups()
    out = os.path.join(tmp, "cmake-build")
    have_static = os.path.exists(os.path.join(libdir, "libarango-async.a"))
    run([cmake, "-S", project, "-B", out, *generator, *common, f"-DARANGO_ASYNC_WANT={major}.{minor}",
         f"-DARANGO_ASYNC_COMPONENTS={'static' if have_static else ''}"])
    run([cmake, "--build", out])
    shared = os.path.join(out, "consumer")
    needed = run(["readelf", "-d", shared])
    if "libarango-async.so" not in needed:
        fail("arango-async::arango-async did not link the shared library")
    run_consumer(shared, env=dict(os.environ, LD_LIBRARY_PATH=libdir))
    if not have_static:
        print("no static library installed (default_library=shared): arango-async-static skipped")
    else:
        static = os.path.join(out, "consumer-static")
        if "libarango-async" in run(["readelf", "-d", static]):
            fail("arango-async::arango-async-static linked the shared library")
        run_consumer(static)
    # docs/versioning.md: while the major version is 0 a minor release may break the ABI, so the
    # next minor (and the next major) must not be accepted as compatible.
    for want in ([f"{major}.{int(minor) + 1}"] if major == "0" else []) + [f"{int(major) + 1}.0"]:
        proc = subprocess.run([cmake, "-S", project, "-B", os.path.join(tmp, f"cmake-{want}"), *generator,
                               *common, f"-DARANGO_ASYNC_WANT={want}"], capture_output=True, text=True)
        if proc.returncode == 0:
            fail(f"find_package(arango-async {want}) accepted version {major}.{minor}")
    print("find_package refuses the incompatible versions")


def check_subproject(tmp):
    project = os.path.join(tmp, "consumer-project")
    os.makedirs(os.path.join(project, "subprojects"))
    os.symlink(os.path.realpath(source_dir), os.path.join(project, "subprojects", "arango-async"))
    shutil.copy(consumer, os.path.join(project, "consumer.cpp"))
    with open(os.path.join(project, "meson.build"), "w") as f:
        f.write(f"""project('consumer', 'cpp', default_options : ['cpp_std=c++20'])
arango_dep = dependency('arango-async')
exe = executable('consumer', 'consumer.cpp', dependencies : arango_dep)
test('consumer-runs', exe, args : ['{expected_build_version()}'])
""")
    # The subproject, even where the library is installed; no download of any wrap; no
    # optimisation or debug information (the library is compiled again: this is most of the time).
    setup = ["meson", "setup", "--force-fallback-for=arango-async", "--wrap-mode=nodownload",
             "--buildtype=plain"]
    build = os.path.join(tmp, "consumer-build")
    run(setup + [build, project], env=dict(os.environ, CXX=cxx))
    tests = run(["meson", "test", "-C", build, "--list", "--no-rebuild"]).split()
    if tests != ["consumer-runs"]:
        fail(f"the consumer's meson test lists other tests than its own: {tests}")
    targets = run(["meson", "introspect", "--targets", build])
    for name in ("arango-emulator", "unit-tests", "quickstart", "catch-main"):
        if f'"name": "{name}"' in targets:
            fail(f"the subproject builds {name}, which a consumer does not need")
    run(["meson", "compile", "-C", build])
    out = run(["meson", "test", "-C", build, "--no-rebuild", "--print-errorlogs"])
    if "Ok:                 1" not in out:
        fail(f"the consumer's test did not pass:\n{out}")
    run_consumer(os.path.join(build, "consumer"))
    # A consumer that runs its tests against the emulator turns it on.
    with_emulator = os.path.join(tmp, "consumer-build-emulator")
    run(setup + ["-Darango-async:emulator=true", with_emulator, project], env=dict(os.environ, CXX=cxx))
    targets = run(["meson", "introspect", "--targets", with_emulator])
    if '"name": "arango-emulator"' not in targets:
        fail("-Darango-async:emulator=true does not build the emulator")
    if run(["meson", "test", "-C", with_emulator, "--list", "--no-rebuild"]).split() != ["consumer-runs"]:
        fail("with the emulator on, the consumer's meson test lists our tests")


with tempfile.TemporaryDirectory() as tmp:
    {"pkgconfig": check_pkgconfig, "cmake": check_cmake, "subproject": check_subproject}[mode](tmp)
print(f"OK ({mode}): the consumer built and ran in {time.monotonic() - started:.0f} s")
