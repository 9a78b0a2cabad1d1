#!/usr/bin/env python3
"""Prints the version of the sources in SOURCE_DIR as `git describe` sees them, for
arango::build_version() (lib/build_version.cpp.in, filled in by Meson's vcs_tag at every build).

    git_version.py SOURCE_DIR PROJECT_VERSION

- SOURCE_DIR is the top of a git checkout with a release tag vX.Y.Z behind HEAD: the output of
  `git describe --tags --match 'v[0-9]*' --dirty` without its 'v': "0.2.0" on the tag,
  "0.2.0-14-g1a2b3c4" fourteen commits after it, "-dirty" appended when tracked files differ
  from HEAD.
- a git checkout without a release tag: PROJECT_VERSION, then the commit: "0.1.0-g1a2b3c4"
  (and "-dirty").
- anything else (a release tarball, or a copy of the tree inside another project's repository,
  whose history is not ours): PROJECT_VERSION.
docs/versioning.md describes the scheme. Never fails: a git error gives PROJECT_VERSION.
"""
import os
import subprocess
import sys

source_dir, project_version = sys.argv[1:3]


def git(*args):
    try:
        proc = subprocess.run(["git", "-C", source_dir, *args], capture_output=True, text=True,
                              env=dict(os.environ, GIT_OPTIONAL_LOCKS="0"))
    except OSError:  # no git
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def describe():
    top = git("rev-parse", "--show-toplevel")
    # Only our own checkout: a copy of the tree inside a consumer's repository is described by
    # the consumer's history.
    if not top or os.path.realpath(top) != os.path.realpath(source_dir):
        return project_version
    tagged = git("describe", "--tags", "--match", "v[0-9]*", "--dirty")
    if tagged:
        return tagged[1:]
    commit = git("rev-parse", "--short=7", "HEAD")
    if not commit:
        return project_version
    status = git("status", "--porcelain", "--untracked-files=no")
    dirty = status is None or status != ""
    return f"{project_version}-g{commit}" + ("-dirty" if dirty else "")


print(describe())
