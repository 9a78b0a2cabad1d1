#!/usr/bin/env python3
"""Keeps the code in the guides compiled: every ```cpp block in README.md and docs/*.md (but the
design notes listed in EXEMPT) must follow a marker naming the file it is quoted from,

    <!-- example: docs/examples/collections.cpp#insert -->
    ```cpp
    ...
    ```

and equal that file's region between two `//! [insert]` lines (Doxygen's snippet markers), dedented,
other markers dropped; without `#name`, the whole file. The file must be one a meson.build compiles
(docs/examples/meson.build runs each of its examples against the emulator in CI).

    check_docs.py ROOT           check; lists every difference, exits 1 if any
    check_docs.py ROOT --fix     rewrite the quoted blocks from their files
"""
import pathlib, re, sys, textwrap

EXEMPT = {"docs/architecture.md", "docs/performance.md"}  # design notes and generated figures
MARKER = re.compile(r"^\s*<!-- example: (\S+?)(?:#([\w-]+))? -->\s*$")
REGION = re.compile(r"^\s*//! \[([\w-]+)\]\s*$")


def region(root, path, name):
    src = root / path
    if not src.is_file():
        raise ValueError(f"{path}: no such file")
    lines = src.read_text().splitlines()
    if name is None:
        picked = lines
    else:
        marks = [i for i, l in enumerate(lines) if (m := REGION.match(l)) and m.group(1) == name]
        if len(marks) != 2:
            raise ValueError(f"{path}: region [{name}] needs exactly two '//! [{name}]' lines, has {len(marks)}")
        picked = lines[marks[0] + 1:marks[1]]
    picked = [l for l in picked if not REGION.match(l)]
    return textwrap.dedent("\n".join(picked)).strip("\n")


def compiled(root, path):
    """A quoted file must be a source some meson.build in its directory names."""
    p = root / path
    build = p.parent / "meson.build"
    return build.is_file() and re.search(r"['\"/]" + re.escape(p.stem) + r"(\.cpp)?['\"]", build.read_text())


def check(root, md, fix):
    rel = md.relative_to(root).as_posix()
    lines = md.read_text().splitlines()
    out, problems, i = [], [], 0
    pending = None  # (file, region) of the marker just read
    while i < len(lines):
        line = lines[i]
        m = MARKER.match(line)
        if m:
            pending = (m.group(1), m.group(2), i + 1)
            out.append(line)
            i += 1
            continue
        if line.lstrip().startswith("```"):
            # A fence may be indented (inside a list item): its lines carry the same indent.
            indent = line[:len(line) - len(line.lstrip())]
            lang = line.strip()[3:].strip()
            end = i + 1
            while end < len(lines) and not lines[end].lstrip().startswith("```"):
                end += 1
            body = "\n".join(l[len(indent):] if l.startswith(indent) else l.lstrip() for l in lines[i + 1:end])
            if lang == "cpp":
                if pending is None:
                    problems.append(f"{rel}:{i + 1}: a cpp block without an '<!-- example: FILE#REGION -->' line before it")
                else:
                    path, name, at = pending
                    try:
                        want = region(root, path, name)
                        if not compiled(root, path):
                            problems.append(f"{rel}:{at}: {path} is not compiled by {pathlib.Path(path).parent}/meson.build")
                        if body != want:
                            if fix:
                                body = want
                            else:
                                problems.append(f"{rel}:{i + 1}: the block differs from {path}" + (f"#{name}" if name else "")
                                                + " (scripts/check_docs.py --fix copies it in)")
                    except ValueError as e:
                        problems.append(f"{rel}:{at}: {e}")
            elif pending is not None:
                problems.append(f"{rel}:{pending[2]}: the example marker is followed by a '{lang}' block, not cpp")
            pending = None
            out.append(line)
            if body:
                out.extend(indent + l if l else l for l in body.split("\n"))
            out.append(lines[end] if end < len(lines) else indent + "```")
            i = end + 1
            continue
        if line.strip():
            if pending is not None:
                problems.append(f"{rel}:{pending[2]}: the example marker is not followed by a cpp block")
            pending = None
        out.append(line)
        i += 1
    if fix:
        text = "\n".join(out) + "\n"
        if text != md.read_text():
            md.write_text(text)
            print(f"rewrote {rel}")
    return problems


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    fix = "--fix" in sys.argv[2:]
    docs = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    problems = []
    for md in docs:
        if md.relative_to(root).as_posix() not in EXEMPT:
            problems += check(root, md, fix)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) in the guides' code")
        return 1
    print(f"{len(docs) - len(EXEMPT)} documents checked: every cpp block is quoted from a compiled example")
    return 0


if __name__ == "__main__":
    sys.exit(main())
