#!/usr/bin/python3
"""Builds poolscope.1.gz: the hand-written page (poolscope.1.in) with its OPTIONS and COMMANDS
filled in from the built executable's --help, so the page lists exactly the options it has.

usage: man_page.py EXE TEMPLATE VERSION OUTPUT.gz
"""
import gzip
import re
import subprocess
import sys

# CLI11's help: "  --name TYPE    description" (a name column, then two or more spaces).
OPTION = re.compile(r"^  (-\S.*?)(?: {2,}(\S.*))?$")
SUBCOMMAND = re.compile(r"^  ([a-z][a-z-]*) {2,}(\S.*)$")


def roff(text):
    """Plain text made safe for roff: backslashes, hyphens (minus signs), leading dots."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def help_text(exe, *args):
    return subprocess.run([exe, *args, "--help"], check=True, capture_output=True,
                          text=True).stdout


def options(help_out, skip=()):
    """The options of a --help as .TP entries, leaving out --help and the lines in skip. A name
    too long for CLI11's name column has its description on the next, indented line."""
    out, section, pending = [], False, None
    for line in help_out.splitlines():
        if line.strip() == "Options:":
            section = True
            continue
        if not section or not line.strip():
            if section:
                break
            continue
        if pending is not None and line.startswith("    "):
            out[-1] = roff(line.strip())
            pending = None
            continue
        pending = None
        m = OPTION.match(line)
        if not m or line in skip or m.group(1) == "-h,--help":
            continue
        name, _, kind = m.group(1).partition(" ")
        entry = "\\fB" + roff(name.replace(",", ", ")) + "\\fR"
        if kind.strip():
            entry += " \\fI" + roff(kind.strip()) + "\\fR"
        out += [".TP", entry, roff(m.group(2) or "")]
        if not m.group(2):
            pending = len(out) - 1
    return out


def subcommands(help_out):
    section = False
    for line in help_out.splitlines():
        if line.strip() == "Subcommands:":
            section = True
            continue
        if section:
            m = SUBCOMMAND.match(line)
            if not m:
                break
            yield m.group(1), m.group(2)


def main():
    exe, template, version, output = sys.argv[1:5]
    top = help_text(exe)
    shared = set(top.splitlines())  # the window's options, listed once under OPTIONS
    commands = []
    for name, summary in subcommands(top):
        sub = help_text(exe, name)
        commands += [".SS \\fBpoolscope " + roff(name) + "\\fR", roff(summary) + "."]
        own = options(sub, skip=shared)
        if any(line in shared for line in sub.splitlines() if "--scenario" in line):
            commands.append("Takes the options of the window (see OPTIONS), and:"
                            if own else "Takes the options of the window (see OPTIONS).")
        commands += own
    with open(template, encoding="utf-8") as f:
        page = f.read()
    page = (page.replace("@VERSION@", version)
                .replace("@OPTIONS@", "\n".join(options(top)))
                .replace("@COMMANDS@", "\n".join(commands)))
    # mtime 0 and no file name in the header: the same input gives the same bytes.
    with open(output, "wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as gz:
        gz.write(page.encode("utf-8"))


if __name__ == "__main__":
    main()
