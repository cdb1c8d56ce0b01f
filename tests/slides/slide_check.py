#!/usr/bin/env python3
"""A slide's SVG and PNG agree: `poolscope shot --window 1.0..2.5 --slide x.svg --slide x.png`
writes both from one run (with the pipeline strip); the SVG is well-formed XML, covers exactly the window (first and last
tick labels, blocks clipped at its edges), carries the preset's marker, and rendered by a real
renderer (rsvg-convert, from librsvg2-bin) it matches the PNG pixel for pixel within a tolerance,
with the job blocks' colors in the same places. The comparison is checked to fail on an SVG
that lost its blocks. Exit 77 (skipped) when rsvg-convert is missing."""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def hex_rgb(h):
    return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))


def compare(png_diff, rsvg, svg_path, png_path, size, points, work):
    """Renders the SVG at the PNG's size; returns (problems, pixels) where pixels maps each
    (x, y) of `points` to (color in the PNG, color in the rendered SVG)."""
    rendered = os.path.join(work, "rendered.png")
    subprocess.run([rsvg, "-w", str(size[0]), "-h", str(size[1]), "-o", rendered, svg_path],
                   check=True)
    out = subprocess.run([png_diff, png_path, rendered], check=True, capture_output=True,
                         text=True, input="".join("%d %d\n" % p for p in points)).stdout
    lines = out.split("\n")
    sizes = [int(v) for v in lines[0].split()[1:]]
    if sizes[:2] != sizes[2:]:
        return ["sizes differ: PNG %dx%d, rendered SVG %dx%d" % tuple(sizes)], {}
    mean = float(lines[1].split()[1])
    print("mean absolute difference: %.2f (of 255)" % mean)
    problems = [] if mean <= 6.0 else ["mean absolute difference %.2f > 6" % mean]
    pixels = {}
    for line in lines[2:]:
        if line:
            v = [int(t) for t in line.split()]
            pixels[(v[0], v[1])] = (tuple(v[2:5]), tuple(v[5:8]))
    return problems, pixels


def block_points(block, scale):
    """Where a block's fill shows: below its job label, at a third and two thirds of its width
    (a marker's line can cross one of them, not both)."""
    x, y, bw, bh, _ = block
    return [(int((x + bw * f) * scale), int((y + bh * 0.85) * scale)) for f in (0.33, 0.67)]


def block_misses(blocks, pixels, scale):
    """Blocks whose fill is at none of their points in the PNG or in the rendered SVG."""
    misses = []
    for block in blocks:
        rgb = block[4]
        for name, k in (("PNG", 0), ("rendered SVG", 1)):
            near = [pixels[p][k] for p in block_points(block, scale)]
            if all(max(abs(c[i] - rgb[i]) for i in range(3)) > 40 for c in near):
                misses.append("%s at x=%.0f: %s, expected %s" % (name, block[0], near, rgb))
    return misses


def main():
    exe, png_diff, source = sys.argv[1], sys.argv[2], sys.argv[3]
    rsvg = shutil.which("rsvg-convert")
    if rsvg is None:
        print("rsvg-convert (librsvg2-bin) is not installed: skipped")
        return 77
    work = tempfile.mkdtemp(prefix="poolscope-slide-")
    try:
        svg_path, png_path = os.path.join(work, "s.svg"), os.path.join(work, "s.png")
        scenario = os.path.join(source, "assets", "scenarios", "04-backpressure.json")
        r = subprocess.run([exe, "shot", "--scenario", scenario, "--window", "1.0..2.5",
                            "--slide", svg_path, "--slide", png_path, "--slide-pipeline"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        root = ET.parse(svg_path).getroot()  # well-formed XML, or this raises
        assert root.tag == NS + "svg", root.tag
        vw, vh = float(root.get("width")), float(root.get("height"))
        with open(png_path, "rb") as f:
            head = f.read(24)
        assert head[:8] == b"\x89PNG\r\n\x1a\n", "the slide PNG is not a PNG"
        size = struct.unpack(">II", head[16:24])
        scale = size[0] / vw
        assert abs(scale - 2.0) < 1e-6 and abs(size[1] / vh - 2.0) < 1e-6, (size, vw, vh)

        def by_class(tag, cls):
            return [e for e in root.iter(NS + tag) if e.get("class") == cls]

        # Exactly the window: the axis reads 1.0 s at its left end and 2.5 s at its right.
        ticks = [t.text for t in by_class("text", "tick-label")]
        assert ticks[0] == "1.0 s" and ticks[-1] == "2.5 s", ticks
        plots = by_class("rect", "plot")
        x0 = float(plots[-1].get("x"))
        x1 = x0 + float(plots[-1].get("width"))
        edges = [float(t.get("x")) for t in by_class("text", "tick-label")]
        assert abs(edges[0] - x0) < 0.01 and abs(edges[-1] - x1) < 0.01, (edges, x0, x1)
        blocks = []
        touches_left = touches_right = False
        for r_ in by_class("rect", "block") + by_class("rect", "quiet") + by_class("rect", "merged"):
            bx, bw = float(r_.get("x")), float(r_.get("width"))
            assert bx >= x0 - 0.01 and bx + bw <= x1 + 0.01, ("outside the window", bx, bw, x0, x1)
            touches_left |= abs(bx - x0) < 0.01
            touches_right |= abs(bx + bw - x1) < 1.01  # a job's end keeps a hairline gap
            if r_.get("class") == "block" and bw >= 6 and float(r_.get("height")) >= 6:
                blocks.append((bx, float(r_.get("y")), bw, float(r_.get("height")),
                               hex_rgb(r_.get("fill"))))
        assert touches_left and touches_right, "no segment is clipped at the window's edges"
        # The pipeline strip at the window's end: its worker boxes are compared like the blocks.
        workers = by_class("rect", "pipeline-worker")
        assert len(workers) == 2, "the pipeline shows %d workers, not 2" % len(workers)
        for r_ in workers:
            blocks.append((float(r_.get("x")), float(r_.get("y")), float(r_.get("width")),
                           float(r_.get("height")), hex_rgb(r_.get("fill"))))
        assert len(blocks) >= 20, "too few job blocks: %d" % len(blocks)
        # The preset's marker, with its note.
        notes = [t.text for t in by_class("text", "marker-label")]
        assert any("workers' pace" in n for n in notes), notes
        assert by_class("line", "marker"), "no marker line"

        points = [p for b in blocks for p in block_points(b, scale)]
        problems, pixels = compare(png_diff, rsvg, svg_path, png_path, size, points, work)
        problems += block_misses(blocks, pixels, scale)[:5]
        if problems:
            print("the SVG and the PNG disagree:\n  " + "\n  ".join(problems))
            return 1
        print("%d job blocks agree; ticks %s .. %s" % (len(blocks), ticks[0], ticks[-1]))

        # The comparison must notice an SVG that lost its blocks.
        for e in by_class("rect", "block"):
            e.set("fill", "#181b21")
        broken = os.path.join(work, "broken.svg")
        ET.register_namespace("", NS[1:-1])
        ET.ElementTree(root).write(broken)
        problems, pixels = compare(png_diff, rsvg, broken, png_path, size, points, work)
        misses = block_misses(blocks, pixels, scale)
        if not misses:
            print("the comparison did not notice an SVG without its job blocks")
            return 1
        print("an SVG without its blocks is caught (%d blocks differ)" % len(misses))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
