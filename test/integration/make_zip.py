#!/usr/bin/env python3
"""Zips a directory (its files, sorted, paths relative to it): make_zip.py DIR OUT.zip.
Builds the Foxx service bundles the integration tests install."""
import os
import sys
import zipfile

src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            z.write(path, os.path.relpath(path, src))
