#!/usr/bin/env python3
"""Hostile-input generator for the poolscope CLI.

Generates scenario files (mutated lessons, wrong types, huge and tiny numbers, deep nesting, many
keys, control characters, invalid UTF-8, truncation, devices) and option values (NaN, infinities,
empty, overflowing, signed, with control characters), runs `poolscope run` on each with a
deadline, and classifies the outcome:

  ok        exit 0
  refused   exit 2 with exactly one printable line on stderr
  other     any other exit status (counted, not a failure)

A crash (death by a signal), a hang (the deadline), a sanitizer report, or a refusal that is not
one printable line fails the whole run. The generator is seeded, so a failure can be replayed.

  fuzz_cli.py --exe build/app/poolscope --count 3000 [--seed 1] [--jobs 2] [--timeout 20]
"""
import argparse
import concurrent.futures
import json
import os
import random
import subprocess
import sys
import tempfile
import time

KEYS = {
    "title": "str", "lesson": "str", "workers": "int", "buffer": "int", "results_buffer": "int",
    "jobs": "int", "duration": "num", "job_ms": "num", "job_kind": ["sleep", "spin", "mixed"],
    "cpu_fraction": "num", "dist": ["fixed", "uniform", "exp", "lognormal"], "spread": "num",
    "rate": "num", "burst": "int", "burst_every_ms": "num",
    "policy": ["block", "reject", "caller-runs", "drop-oldest"], "consumer_ms": "num",
    "fail": "num", "timeout_ms": "num", "downstream": "int", "seed": "int",
    "mode": ["pool", "spawn"],
    "mistake": ["none", "forget_close", "wait_before_drain", "close_results_early"],
    "expect_finding": ["leak", "deadlock", "send_on_closed"], "autoscale_min": "int",
    "autoscale_max": "int", "priority_share": "num", "io_share": "num", "io_workers": "int",
    "show_at": "num", "window_s": "num", "downstream_latency_ms": "num",
    "limit": ["none", "aimd", "vegas", "gradient2"], "limit_initial": "int", "limit_min": "int",
    "limit_max": "int", "limit_timeout_ms": "num",
    "limit_probe_multiplier": "int",
}
NUMERIC_OPTIONS = [k for k, t in KEYS.items() if t in ("int", "num")]
TEXT_OPTIONS = ["job_kind", "dist", "policy", "mode", "mistake", "limit"]
NASTY_TEXT = ["", "\n", "a\nb", "\r", "\x1b[31mred\x1b[0m", "\x07", "x" * 5000, "\u00e9",
              "\u202e", "\x7f", "%s%n", "'\"", "\\", "\t"]
NASTY_NUMBERS = ["nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e12", "1e308", "1e999",
                 "-1", "-0", "0", "0x10", "1.5", "3.", ".5", "+1", " 1", "1 ", "1e-400",
                 "99999999999999999999", "18446744073709551616", "18446744073709551615",
                 "9223372036854775808", "-9223372036854775809", "", "1,2", "2..4", "one"]


def rand_scalar(rng, kind):
    if isinstance(kind, list):
        return rng.choice(kind + [rng.choice(NASTY_TEXT), 1, None])
    roll = rng.random()
    if roll < 0.35:
        # Mostly sensible values, so that valid files run too.
        return rng.randint(0, 8) if kind == "int" else round(rng.uniform(0, 5), 3)
    if roll < 0.6:
        return rng.choice([0, -1, 1, 1024, 1025, 10**6, 10**8 + 1, 2**63, 2**64 - 1, 2**64,
                           -2**63, 0.5, 1e-9, 1e300, -1e300, 3.0])
    if roll < 0.75:
        return rng.choice([True, False, None, [], {}, "3", [1], {"a": 1}])
    return rng.choice(NASTY_TEXT)


def scenario_text(rng, lessons):
    """One hostile scenario document, as text (may not be valid JSON)."""
    kind = rng.random()
    if kind < 0.3 and lessons:
        doc = json.loads(rng.choice(lessons))
        for _ in range(rng.randint(1, 3)):
            key = rng.choice(list(KEYS))
            doc[key] = rand_scalar(rng, KEYS[key])
        if rng.random() < 0.3:
            doc.pop(rng.choice(list(doc)) if doc else "x", None)
        doc.setdefault("jobs", rng.randint(1, 20))
        doc["job_ms"] = min(float(doc.get("job_ms", 1) if isinstance(doc.get("job_ms"), (int, float)) else 1), 50.0)
        return json.dumps(doc)
    if kind < 0.55:
        doc = {}
        for _ in range(rng.randint(0, 6)):
            key = rng.choice(list(KEYS)) if rng.random() < 0.85 else rng.choice(NASTY_TEXT) + "k"
            doc[key] = rand_scalar(rng, KEYS.get(key, "int"))
        doc.setdefault("jobs", rng.randint(1, 20))
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    if kind < 0.62:
        depth = rng.choice([10, 63, 64, 65, 1000, 100_000])
        opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
        key = rng.choice(["workers", "title", "lesson"])
        return '{"%s": %s1%s}' % (key, opener * depth, closer * depth)
    if kind < 0.67:
        n = rng.choice([1000, 50_000, 100_000])
        dup = rng.random() < 0.3
        body = ", ".join('"%s": 1' % ("workers" if dup else "k%d" % i) for i in range(n))
        if rng.random() < 0.5:
            return '{"workers": {%s}}' % body
        return "{%s}" % body
    if kind < 0.75:
        text = json.dumps({"workers": 2, "jobs": 3, "job_ms": 1, "title": "t"})
        cut = rng.randint(0, len(text))
        return text[:cut] + rng.choice(["", "}", ",", "\x00", "\ufeff", "//", "]"])
    if kind < 0.82:
        return rng.choice(["", " ", "null", "[]", "42", '"s"', "true", "{}", '{"":1}',
                           '{"workers":1}garbage', '{"workers":1e999}', '{"seed":-0}',
                           '{"workers":NaN}', '{"workers":Infinity}', "\xef\xbb\xbf{}"])
    if kind < 0.9:
        # Raw bytes: invalid UTF-8 inside strings and keys.
        return None
    doc = {"title": rng.choice(NASTY_TEXT) * rng.randint(1, 50), "jobs": 2, "job_ms": 1,
           rng.choice(NASTY_TEXT) or "x": 1}
    return json.dumps(doc, ensure_ascii=False)


def raw_bytes(rng):
    key = bytes(rng.randint(0x80, 0xFF) for _ in range(rng.randint(1, 6)))
    return b'{"' + key + b'": 1, "title": "\xc3\x28\xed\xa0\x80\xf8"}'


def option_args(rng):
    args = []
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(NUMERIC_OPTIONS + TEXT_OPTIONS)
        flag = "--" + key.replace("_", "-")
        if key in TEXT_OPTIONS:
            value = rng.choice(KEYS[key] + NASTY_TEXT)
        elif rng.random() < 0.3:
            value = str(rand_scalar(rng, KEYS[key]))
        else:
            value = rng.choice(NASTY_NUMBERS)
        args += [flag, value]
    if rng.random() < 0.1:
        args += [rng.choice(["--trace", "--csv"]), rng.choice(["", "/dev/full", "/nonexistent/x"])]
    if rng.random() < 0.05:
        args += ["--" + rng.choice(NASTY_TEXT)]
    return args


def make_cases(count, seed, workdir, lessons):
    rng = random.Random(seed)
    cases = []
    specials = ["/dev/zero", "/dev/urandom", "/dev/null", workdir, ""]
    fifo = os.path.join(workdir, "fifo.json")
    os.mkfifo(fifo)
    specials.append(fifo)
    big = os.path.join(workdir, "big.json")
    with open(big, "w") as f:
        f.write('{"title": "%s"}' % ("x" * (1 << 20)))
    specials.append(big)
    for i in range(count):
        base = ["run", "--json", "--max-seconds", "0.3"]
        if i < len(specials):
            cases.append(base + ["--scenario", specials[i]])
            continue
        if rng.random() < 0.6:
            path = os.path.join(workdir, "case%05d.json" % i)
            text = scenario_text(rng, lessons)
            with open(path, "wb") as f:
                f.write(raw_bytes(rng) if text is None else text.encode("utf-8", "surrogatepass"))
            args = base + ["--scenario", path]
            if rng.random() < 0.3:
                args += option_args(rng)
        else:
            args = base + ["--jobs", str(rng.randint(1, 20)), "--job-ms", "1"] + option_args(rng)
        cases.append(args)
    return cases


def printable(line):
    return all(ord(c) >= 0x20 and ord(c) != 0x7F for c in line)


def run_case(exe, args, timeout):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    start = time.monotonic()
    try:
        p = subprocess.run([exe] + args, capture_output=True, timeout=timeout, env=env,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "hang", "no exit within %.0f s" % timeout, time.monotonic() - start
    err = p.stderr.decode("utf-8", "replace")
    seconds = time.monotonic() - start
    if p.returncode < 0:
        return "crash", "killed by signal %d\n%s" % (-p.returncode, err[-2000:]), seconds
    if "Sanitizer" in err or "runtime error:" in err or "LeakSanitizer" in err:
        return "sanitizer", err[-3000:], seconds
    lines = err.splitlines()
    if p.returncode == 0:
        return "ok", "", seconds
    if p.returncode == 2:
        if len(lines) != 1 or not printable(lines[0]) or len(lines[0]) > 1000:
            return "bad-message", repr(err[:600]), seconds
        return "refused", "", seconds
    return "other", "exit %d: %s" % (p.returncode, err[:300]), seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--exe", required=True)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--lessons", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                      "assets", "scenarios"))
    opts = ap.parse_args()

    lessons = []
    if os.path.isdir(opts.lessons):
        for name in sorted(os.listdir(opts.lessons)):
            with open(os.path.join(opts.lessons, name)) as f:
                lessons.append(f.read())

    counts = {}
    failures = []
    slowest = 0.0
    with tempfile.TemporaryDirectory(prefix="poolscope-fuzz-") as workdir:
        cases = make_cases(opts.count, opts.seed, workdir, lessons)
        with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
            futures = {pool.submit(run_case, opts.exe, args, opts.timeout): args for args in cases}
            for fut in concurrent.futures.as_completed(futures):
                outcome, detail, seconds = fut.result()
                slowest = max(slowest, seconds)
                counts[outcome] = counts.get(outcome, 0) + 1
                if outcome in ("crash", "hang", "sanitizer", "bad-message"):
                    args = futures[fut]
                    shown = [a if len(a) < 200 else a[:200] + "..." for a in args]
                    failures.append("%s: poolscope %r\n  %s" % (outcome, shown, detail))
                    # Keep the input of a failing scenario file for replay.
                    if "--scenario" in args:
                        src = args[args.index("--scenario") + 1]
                        if src.startswith(workdir) and os.path.isfile(src):
                            keep = os.path.join(tempfile.gettempdir(), "poolscope-fuzz-failed-" +
                                                os.path.basename(src))
                            with open(src, "rb") as a, open(keep, "wb") as b:
                                b.write(a.read())
                            failures[-1] += "\n  input kept in " + keep

    order = ["ok", "refused", "other", "crash", "hang", "sanitizer", "bad-message"]
    summary = "  ".join("%s %d" % (k, counts.get(k, 0)) for k in order)
    print("fuzz: %d cases (seed %d): %s; slowest %.1f s" % (len(cases), opts.seed, summary, slowest))
    for f in failures[:20]:
        print(f)
    if failures:
        print("fuzz: FAILED (%d cases crashed, hung, tripped a sanitizer or gave a bad message)"
              % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
