#!/usr/bin/env python3
"""Writes the calling forms the API offers beside its plain declarations (issue 25):

1. After each API method that takes a completion token after defaulted parameters, the
overloads that leave those parameters out: with

    template <class Token = UseFuture>
    auto get(const DocumentRef& document, const GetOptions& options = {}, Token&& token = {}) const

a caller can write col.get("k", callback) as well as col.get("k", {}, callback). For a method with
n defaulted parameters before the token there are n overloads, each dropping a trailing run of
them. An overload takes part only when its token argument is a completion token rather than an
argument for the first parameter it leaves out (detail::TokenSkipping), so it never changes what
an existing call means.

2. In each options struct (every public `struct ...Options`, RetryPolicy, QueryProperties), a
`with_<field>(value)` per field that returns a copy with the field set, so that options chain
as well as take designated initializers, which C++ wants in declaration order:
UpdateOptions{}.with_return_old().with_return_new(). A bool or std::optional<bool> field's
setter defaults its value to true; a std::optional<X> field's takes an X. Each setter is a
template (`template <class Self = Struct>`) only so that its body is compiled where it is used:
700 inline copies cost arango.hpp a quarter more compile time.

Both live between `//{` and `//}` lines that this script rewrites. Run it after adding or
changing a method or an option; --check (the `calling-forms-current` test) fails when a header is
not what it would write.

    python3 scripts/calling_forms.py [--check] [source root]
"""
import pathlib
import re
import sys

BEGIN = "  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)\n"
SETTERS_BEGIN = "  //{ chainable setters (scripts/calling_forms.py writes them)\n"
END = "  //}\n"
SETTER_STRUCTS = re.compile(r"^struct (\w+Options|RetryPolicy|QueryProperties) \{\n", re.M)
FIELD_RE = re.compile(r"^  (?!static |using |friend |enum |struct |class |return |//)(?P<type>[^\s;][^;]*?[^\s;)])\s+(?P<name>\w+)"
                      r"\s*(?:\{[^;]*\}|=[^;]*)?;\s*(?://.*)?$")
TEMPLATE_RE = re.compile(r"^  template <(?P<params>[^>]*class Token = UseFuture)>\n", re.M)


def split_top(text):
    """Splits at commas outside (), <>, {} and []."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "(<{[":
            depth += 1
        elif ch in ")>}]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def split_default(param):
    """(declaration, default or None) of one parameter."""
    depth = 0
    for i, ch in enumerate(param):
        if ch in "(<{[":
            depth += 1
        elif ch in ")>}]":
            depth -= 1
        elif ch == "=" and depth == 0:
            return param[:i].strip(), param[i + 1:].strip()
    return param.strip(), None


def param_name(decl):
    return re.search(r"(\w+)$", decl).group(1)


def param_type(decl):
    return decl[: -len(param_name(decl))].strip()


def strip_generated(text):
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("  //{ "):
            skipping = True
            continue
        if skipping:
            if line == END:
                skipping = False
            continue
        out.append(line)
    return "".join(out)


def matching_brace(text, open_pos):
    depth = 0
    for i in range(open_pos, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced braces")


def overloads(template_params, name, params):
    """The overloads' text for one method, or ''."""
    *args, token = params
    if not token.startswith("Token&& token"):
        return ""
    decls = [split_default(p) for p in args]
    first_default = len(decls)
    while first_default > 0 and decls[first_default - 1][1] is not None:
        first_default -= 1
    if first_default == len(decls):
        return ""
    others = [p.strip() for p in split_top(template_params) if not p.strip().startswith("class Token")]
    explicit = [param_name(p.split("=")[0].strip()) for p in others]
    callee = f"this->template {name}<{', '.join(explicit)}>" if explicit else f"this->{name}"
    text = ""
    for keep in range(len(decls) - 1, first_default - 1, -1):
        dropped = decls[keep:]
        # the kept parameters lose their defaults: only the token may follow them here
        head = [d for d, _ in decls[:keep]]
        tparams = others + [f"detail::TokenSkipping<{param_type(dropped[0][0])}> Token"]
        call_args = [param_name(d) for d, _ in decls[:keep]] + [default for _, default in dropped]
        call_args.append("std::forward<Token>(token)")
        sig = ", ".join(head + ["Token&& token"])
        text += f"  /// {name}() with {', '.join(param_name(d) for d, _ in dropped)} left at the default: the token follows.\n"
        text += f"  template <{', '.join(tparams)}>\n"
        text += f"  auto {name}({sig}) const {{\n"
        text += f"    return {callee}({', '.join(call_args)});\n"
        text += "  }\n"
    return text


def setters(struct, body):
    """The setters' text for the fields of one struct body (the lines between its braces)."""
    text, depth = "", 0
    for line in body.splitlines():
        if depth == 0:
            m = FIELD_RE.match(line)
            if m:
                ftype, name = m.group("type").strip(), m.group("name")
                opt = re.fullmatch(r"std::optional<(.+)>", ftype)
                ptype = opt.group(1) if opt else ftype
                default = " = true" if ptype == "bool" else ""
                assign = f"o.{name} = value;" if ptype in ("bool", "double", "long") or re.fullmatch(
                    r"(std::u?int\d+_t|std::size_t|int)", ptype) else f"o.{name} = std::move(value);"
                text += (f"  /// A copy with {name} set.\n"
                         f"  template <class Self = {struct}>\n  [[nodiscard]] Self with_{name}({ptype} value{default}) const {{ "
                         f"Self o = *this; {assign} return o; }}\n")
        depth += line.count("{") - line.count("}")
    return text


def add_setters(text):
    out, pos = [], 0
    for m in SETTER_STRUCTS.finditer(text):
        end = text.index("\n};\n", m.end())
        generated = setters(m.group(1), text[m.end():end + 1])
        if generated:
            out.append(text[pos:end + 1])
            out.append(SETTERS_BEGIN + "  // with_<field>(value): a copy with that field set, to chain: "
                       f"{m.group(1)}{{}}.with_a(x).with_b(y).\n"
                       "  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)\n"
                       + generated + END)
            pos = end + 1
    out.append(text[pos:])
    return "".join(out)


def rewrite(text):
    text = add_setters(strip_generated(text))
    out, pos = [], 0
    for m in TEMPLATE_RE.finditer(text):
        sig = re.compile(r"  auto (\w+)\(").match(text, m.end())
        if not sig:
            continue
        # the parameter list: up to the parenthesis that closes it
        depth, i = 0, sig.end() - 1
        while True:
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        params = split_top(" ".join(text[sig.end():i].split()))
        rest = re.compile(r"\) const \{").match(text, i)
        if not rest:
            continue
        body_end = matching_brace(text, rest.end() - 1)
        line_end = text.index("\n", body_end) + 1
        generated = overloads(m.group("params"), sig.group(1), params)
        if generated:
            out.append(text[pos:line_end])
            out.append(BEGIN + generated + END)
            pos = line_end
    out.append(text[pos:])
    return "".join(out)


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parent.parent)
    stale = []
    for header in sorted((root / "include" / "arango").glob("*.hpp")):
        text = header.read_text()
        new = rewrite(text)
        if new != text:
            stale.append(header.name)
            if not check:
                header.write_text(new)
    if check and stale:
        print("not current (run scripts/calling_forms.py):", ", ".join(stale))
        return 1
    if not check:
        print("rewrote:", ", ".join(stale) if stale else "nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
