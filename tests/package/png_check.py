#!/usr/bin/python3
"""png_check.py FILE WIDTH HEIGHT: exit 0 when FILE is a PNG of that size that shows a picture
(many distinct colors spread over the image), not a blank or near-blank frame."""
import struct
import sys
import zlib


def pixels(path):
    """(width, height, rows of RGBA bytes) of an 8-bit RGBA or RGB PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, head = 8, b"", None
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + size
    w, h, depth, color = head[0], head[1], head[2], head[3]
    if depth != 8 or color not in (2, 6):
        raise ValueError("not 8-bit RGB(A)")
    bpp = 4 if color == 6 else 3
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the row filter
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    try:
        w, h, bpp, rows = pixels(path)
    except (OSError, ValueError, zlib.error, TypeError, struct.error) as e:
        print("png_check: %s: %s" % (path, e))
        return 1
    if (w, h) != (want_w, want_h):
        print("png_check: %s is %dx%d, not %dx%d" % (path, w, h, want_w, want_h))
        return 1
    colors = set()
    busy_bands = 0  # of 10 horizontal bands, how many hold more than a few colors
    for band in range(10):
        seen = set()
        for row in rows[band * h // 10:(band + 1) * h // 10]:
            seen.update(row[i:i + 3] for i in range(0, len(row), bpp))
        busy_bands += len(seen) > 8
        colors |= seen
    print("png_check: %s: %dx%d, %d distinct colors, %d of 10 bands busy" %
          (path, w, h, len(colors), busy_bands))
    return 0 if len(colors) >= 32 and busy_bands >= 8 else 1


if __name__ == "__main__":
    sys.exit(main())
