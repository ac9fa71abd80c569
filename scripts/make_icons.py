#!/usr/bin/env python3
"""Draws the PWA's icons into web/icons/: a coffee bean in coffee brown on cream.

Python's standard library only (zlib and struct write the PNGs), so that anyone can regenerate the icons
without an image library or a design tool, and the pictures in the repository are reproducible from this file.

The bean is a tilted ellipse with the centre cut: an S-shaped crease, widest in the middle and tapering to
nothing before the ends. Edges are anti-aliased by supersampling: every pixel that an edge crosses is
sampled on a 5 x 5 grid; pixels wholly inside or outside one shape are filled at once.

    icon-192.png, icon-512.png   purpose "any": a cream rounded square, transparent corners
    icon-maskable-512.png        purpose "maskable": full-bleed cream, the bean within the central 80 % circle
    apple-touch-icon.png         180 x 180, opaque full-bleed (iOS rounds the corners itself)
    icon.svg                     the same mark as a vector, for the favicon

Run: python3 scripts/make_icons.py
"""
import math
import struct
import zlib
from pathlib import Path

BROWN = (0x6F, 0x4E, 0x37)
CREAM = (0xF5, 0xEB, 0xDD)
TILT = math.radians(-38)  # the long axis leans to the upper right
CORNER = 0.22  # rounded-square corner radius, as a fraction of the size
SUBSAMPLES = 5
OUT = Path(__file__).resolve().parent.parent / "web" / "icons"


class Bean:
    """The mark in unit coordinates (0..1, y down): `length` and `width` are the bean's full axes."""

    def __init__(self, length, width):
        self.a = length / 2
        self.b = width / 2
        self.cos = math.cos(TILT)
        self.sin = math.sin(TILT)

    def local(self, x, y):
        """(u, v): along and across the bean, each -1..1 inside it."""
        dx, dy = x - 0.5, y - 0.5
        return (dx * self.cos + dy * self.sin) / self.a, (-dx * self.sin + dy * self.cos) / self.b

    @staticmethod
    def crease(u):
        """Centre line and half width of the cut at u, in units of the half width of the bean."""
        centre = 0.2 * math.sin(math.pi * u)
        taper = max(0.0, 1 - (u / 0.9) ** 2)
        return centre, 0.12 * taper ** 0.6

    def contains(self, x, y):
        u, v = self.local(x, y)
        if u * u + v * v > 1:
            return False
        centre, half = self.crease(u)
        return abs(v - centre) >= half

    def to_xy(self, u, v):
        du, dv = u * self.a, v * self.b
        return 0.5 + du * self.cos - dv * self.sin, 0.5 + du * self.sin + dv * self.cos


def in_rounded_square(x, y, r):
    if r <= 0:
        return 0 <= x <= 1 and 0 <= y <= 1
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and 0 <= x <= 1 and 0 <= y <= 1


def render(size, bean, corner):
    """RGBA rows for one icon. The background is the rounded square (corner 0: full bleed)."""

    def classify(x, y):
        if not in_rounded_square(x, y, corner):
            return 0
        return 2 if bean.contains(x, y) else 1

    # The class at every pixel corner: a pixel whose corners and centre agree is filled without sampling.
    grid = [[classify(i / size, j / size) for i in range(size + 1)] for j in range(size + 1)]
    offsets = [(k + 0.5) / SUBSAMPLES for k in range(SUBSAMPLES)]
    total = SUBSAMPLES * SUBSAMPLES
    rows = []
    for j in range(size):
        row = bytearray()
        top, bottom = grid[j], grid[j + 1]
        for i in range(size):
            c = top[i]
            if c == top[i + 1] == bottom[i] == bottom[i + 1] == classify((i + 0.5) / size, (j + 0.5) / size):
                counts = [0, 0, 0]
                counts[c] = total
            else:
                counts = [0, 0, 0]
                for oy in offsets:
                    for ox in offsets:
                        counts[classify((i + ox) / size, (j + oy) / size)] += 1
            covered = counts[1] + counts[2]
            if covered == 0:
                row += b"\x00\x00\x00\x00"
                continue
            mix = counts[2] / covered
            row += bytes(round(CREAM[k] + (BROWN[k] - CREAM[k]) * mix) for k in range(3))
            row.append(round(255 * covered / total))
        rows.append(bytes(row))
    return rows


def png(rows, size):
    """A PNG file: 8-bit RGBA, each row with whichever of the None, Sub and Up filters packs best."""
    raw = bytearray()
    prev = bytes(len(rows[0]))
    for row in rows:
        sub = bytes((row[k] - (row[k - 4] if k >= 4 else 0)) & 0xFF for k in range(len(row)))
        up = bytes((row[k] - prev[k]) & 0xFF for k in range(len(row)))
        cost = lambda data: sum(b if b < 128 else 256 - b for b in data)  # noqa: E731
        kind, data = min(((0, row), (1, sub), (2, up)), key=lambda c: cost(c[1]))
        raw.append(kind)
        raw += data
        prev = row

    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def svg(bean, corner):
    """The mark as SVG on a 100 x 100 canvas: the outline as two arcs, the cut as a hole (even-odd fill)."""
    f = lambda v: f"{v * 100:.2f}".rstrip("0").rstrip(".")  # noqa: E731
    deg = math.degrees(TILT)
    p0, p1 = bean.to_xy(-1, 0), bean.to_xy(1, 0)
    rx, ry = f(bean.a), f(bean.b)
    outline = f"M{f(p0[0])} {f(p0[1])}A{rx} {ry} {deg:.1f} 1 1 {f(p1[0])} {f(p1[1])}A{rx} {ry} {deg:.1f} 1 1 {f(p0[0])} {f(p0[1])}Z"
    steps = 40
    us = [-0.9 + 1.8 * k / steps for k in range(steps + 1)]
    upper = [bean.to_xy(u, bean.crease(u)[0] + bean.crease(u)[1]) for u in us]
    lower = [bean.to_xy(u, bean.crease(u)[0] - bean.crease(u)[1]) for u in reversed(us)]
    cut = "M" + "L".join(f"{f(x)} {f(y)}" for x, y in upper + lower[1:-1]) + "Z"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{f(corner)}" fill="#F5EBDD"/>'
        f'<path fill="#6F4E37" fill-rule="evenodd" d="{outline}{cut}"/>'
        "</svg>\n"
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    full = Bean(0.70, 0.50)  # "any" icons: the bean fills the tile
    safe = Bean(0.64, 0.457)  # maskable and Apple: within the circle of radius 0.4 that every mask keeps
    icons = [
        ("icon-192.png", 192, full, CORNER),
        ("icon-512.png", 512, full, CORNER),
        ("icon-maskable-512.png", 512, safe, 0),
        ("apple-touch-icon.png", 180, safe, 0),
    ]
    for name, size, bean, corner in icons:
        data = png(render(size, bean, corner), size)
        (OUT / name).write_bytes(data)
        print(f"{name}: {size}x{size}, {len(data)} bytes")
    (OUT / "icon.svg").write_text(svg(full, CORNER), encoding="utf-8")
    print("icon.svg")


if __name__ == "__main__":
    main()
