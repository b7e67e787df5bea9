"""Draw the demo brand's pictures once: `python3 addons/kobo_plm/demo/flats/draw_flats.py`.

Not loaded by Odoo. Writes one small PNG per demo style into ``static/src/img/demo/``, which
``demo/product_template_demo.xml`` sets as the style's image (line drawings, as a designer's
flat sketch: a dark outline on white, dashed topstitching, buttons and rib lines), and the
brand's logo, which the demo gives the company and its website.
"""

import itertools
import math
import os

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # drawn at twice the size, then reduced: smooth lines
SIZE = 640
INK = (31, 42, 68)  # the tech pack's navy
FILL = (255, 255, 255)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "static", "src", "img", "demo")


def _s(points):
    """Scale points from the 1000-unit drawing space to the canvas."""
    factor = SIZE * SCALE / 1000
    return [(x * factor, y * factor) for x, y in points]


def _mirror(points):
    return [(1000 - x, y) for x, y in points]


def _symmetric(right_half):
    """A closed outline from its right half, given from the top centre round to the bottom centre."""
    return list(reversed(_mirror(right_half))) + right_half


class Flat:
    def __init__(self):
        self.image = Image.new("RGB", (SIZE * SCALE, SIZE * SCALE), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.image)

    def shape(self, points, width=5):
        self.draw.polygon(_s(points), fill=FILL)
        self.line([*points, points[0]], width)

    def line(self, points, width=4):
        self.draw.line(_s(points), fill=INK, width=width * SCALE, joint="curve")

    def both(self, points, width=4):
        self.line(points, width)
        self.line(_mirror(points), width)

    def dashed(self, points, dash=14, gap=10, width=2):
        """Topstitching: a dashed line along a polyline."""
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
            position = 0.0
            while position < length:
                end = min(position + dash, length)
                self.line(
                    [
                        (x1 + (x2 - x1) * position / length, y1 + (y2 - y1) * position / length),
                        (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length),
                    ],
                    width,
                )
                position += dash + gap

    def button(self, x, y, radius=11):
        (cx, cy), r = _s([(x, y)])[0], radius * SIZE * SCALE / 1000
        self.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=FILL, outline=INK, width=3 * SCALE)

    def save(self, name):
        small = self.image.resize((SIZE, SIZE), Image.LANCZOS).convert("L")
        small = small.point(lambda value: 255 if value > 245 else value).quantize(16)
        small.save(os.path.join(OUT, f"{name}.png"), optimize=True)


def _arc(cx, cy, rx, ry, start, end, steps=16):
    """Points along an ellipse from angle `start` to `end` (degrees, 0 = right, 90 = down)."""
    return [
        (
            cx + rx * math.cos(math.radians(start + (end - start) * i / steps)),
            cy + ry * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def top(flat, long_sleeves, hem=830, body=210, neck=70, sleeve_length=560, neck_depth=50):
    """A top's body and sleeves, with a scooped neckline; returns the outline's right half."""
    shoulder = (500 + body + 30, 185)
    underarm = (500 + body, 350)
    if long_sleeves:
        sleeve = [(500 + body + 175, 185 + sleeve_length), (500 + body + 100, 200 + sleeve_length)]
    else:
        sleeve = [(500 + body + 150, 370), (500 + body + 95, 420)]
    neckline = _arc(500, 150, neck, neck_depth, 90, 0, 8)
    right = [*neckline, shoulder, *sleeve, underarm, (500 + body, hem), (500, hem)]
    flat.shape(_symmetric(right))
    flat.both([shoulder, (500 + body + 8, 260), underarm], 3)  # armhole seam
    return right


def rib(flat, y, half_width, depth=40, lines=9):
    flat.line([(500 - half_width, y - depth), (500 + half_width, y - depth)], 3)
    for i in range(1, lines * 2):
        x = 500 - half_width + i * half_width / lines
        flat.line([(x, y - depth + 6), (x, y - 6)], 1)


def crew_neck(flat, neck=70, depth=50):
    flat.line(_arc(500, 150, neck, depth, 0, 180), 4)
    flat.line(_arc(500, 150, neck - 5, depth - 22, 0, 180), 3)
    flat.line(_arc(500, 150, neck, 14, 180, 360), 3)  # back neck


def cuffs(flat, body, sleeve_length=560, depth=45):
    """A rib or a cuff across both sleeve ends."""
    outer, inner = (500 + body + 175, 185 + sleeve_length), (500 + body + 100, 200 + sleeve_length)
    flat.both([(outer[0] - 6, outer[1] - depth), (inner[0] - 8, inner[1] - depth)], 3)


def merino_crew():
    flat = Flat()
    top(flat, True)
    crew_neck(flat)
    rib(flat, 830, 210)
    cuffs(flat, 210)
    return flat


def jersey_tee():
    flat = Flat()
    top(flat, False, hem=800, body=200)
    crew_neck(flat)
    flat.dashed([(310, 775), (690, 775)])
    flat.dashed([(842, 385), (788, 432)])
    flat.dashed([(158, 385), (212, 432)])
    return flat


def shirt(long_sleeves=False, pockets=1):
    flat = Flat()
    top(flat, long_sleeves, hem=830, body=215, neck_depth=30)
    for side in (1, -1):  # collar lying open onto the fronts
        flat.shape([(500 + side * 70, 150), (500 + side * 140, 175), (500 + side * 120, 300), (500, 360)], 4)
        flat.line([(500 + side * 70, 150), (500 + side * 25, 200), (500, 360)], 3)
    flat.line([(500, 360), (500, 830)], 3)
    for y in range(410, 800, 90):
        flat.button(515, y)
    flat.dashed([(530, 365), (530, 826)])
    if pockets >= 1:
        flat.shape([(350, 400), (440, 400), (440, 500), (395, 520), (350, 500)], 3)
    if pockets >= 2:
        flat.shape([(650, 400), (560, 400), (560, 500), (605, 520), (650, 500)], 3)
    return flat


def flannel_overshirt():
    flat = shirt(long_sleeves=True, pockets=2)
    cuffs(flat, 215, depth=70)
    return flat


def cable_cardigan():
    flat = Flat()
    top(flat, True, body=225, neck=60, neck_depth=20)
    flat.line([(440, 150), (492, 470), (492, 830)], 4)
    flat.line([(560, 150), (508, 470), (508, 830)], 4)
    for y in range(510, 800, 65):
        flat.button(520, y, 10)
    rib(flat, 830, 225)
    cuffs(flat, 225)
    for x in (360, 640):  # cables
        for y in range(250, 760, 60):
            flat.line([(x - 22, y), (x + 22, y + 30), (x - 22, y + 60)], 3)
            flat.line([(x + 22, y), (x + 4, y + 14)], 3)
            flat.line([(x - 4, y + 46), (x + 22, y + 60)], 3)
    return flat


def coat(belted=False, double_breasted=True, hem=930):
    flat = Flat()
    top(flat, True, hem=hem, body=230, neck=60, neck_depth=20, sleeve_length=600)
    for side in (1, -1):  # collar and lapels
        flat.shape([(500 + side * 60, 150), (500 + side * 135, 180), (500 + side * 150, 330), (500, 470)], 4)
        flat.line([(500 + side * 60, 150), (500 + side * 35, 230), (500 + side * 135, 180)], 3)
    flat.line([(560, 470), (560, hem)], 4)
    xs = (445, 560) if double_breasted else (535,)
    for y in (520, 620, 720):
        for x in xs:
            flat.button(x, y, 13)
    for side in (1, -1):  # welt pockets
        flat.line([(500 + side * 120, 700), (500 + side * 200, 680)], 5)
    if belted:
        flat.shape([(270, 580), (730, 580), (730, 625), (270, 625)], 4)
        flat.shape([(540, 570), (600, 570), (600, 635), (540, 635)], 4)
        flat.line([(730, 600), (760, 600), (775, 740), (755, 745)], 4)
    cuffs(flat, 230, 600, 70)
    flat.dashed([(280, hem - 25), (720, hem - 25)])
    return flat


def puffer():
    flat = Flat()
    top(flat, True, hem=800, body=235, neck=70, neck_depth=20, sleeve_length=540)
    flat.shape([(425, 110), (575, 110), (575, 175), (425, 175)], 4)  # stand collar
    flat.line([(500, 110), (500, 800)], 5)  # zip
    for y in range(260, 780, 85):  # baffles
        flat.line([(265, y), (735, y)], 3)
    rib(flat, 800, 235, depth=30, lines=7)
    cuffs(flat, 235, 540, 40)
    return flat


def kids_hoodie():
    flat = Flat()
    top(flat, True, hem=820, body=210, neck=80, neck_depth=60)
    flat.shape([(420, 160), (395, 90), (430, 40), (570, 40), (605, 90), (580, 160), (500, 215)], 5)
    flat.line([(445, 160), (455, 95), (545, 95), (555, 160)], 3)
    flat.line([(475, 215), (470, 320)], 3)  # drawcords
    flat.line([(525, 215), (530, 320)], 3)
    flat.shape([(380, 600), (620, 600), (660, 760), (340, 760)], 4)  # kangaroo pocket
    rib(flat, 820, 210)
    cuffs(flat, 210)
    return flat


def trousers(hem=910, outer=660, inner=520, elastic=False, cord=False, jean=False):
    flat = Flat()
    right = [(500, 120), (675, 120), (695, 300), (outer, hem), (inner, hem), (503, 380), (500, 380)]
    flat.shape(_symmetric(right), 5)
    flat.line([(325, 175), (675, 175)], 4)  # waistband
    if elastic:
        for x in range(335, 670, 22):
            flat.line([(x, 128), (x + 8, 168)], 1)
    else:
        flat.button(500, 148, 12)
        flat.dashed([(500, 180), (500, 330), (455, 365)])
        for x in (360, 440, 560, 640):
            flat.shape([(x - 8, 115), (x + 8, 115), (x + 8, 185), (x - 8, 185)], 2)
    for side in (1, -1):  # pockets
        flat.line([(500 + side * 110, 175), (500 + side * 130, 240), (500 + side * 188, 270)], 4)
        if jean:
            flat.dashed([(500 + side * 96, 175), (500 + side * 118, 252), (500 + side * 190, 284)])
            flat.button(500 + side * 170, 250, 6)
    for side in (1, -1):
        flat.dashed([(500 + side * (inner - 500 + 8), hem - 25), (500 + side * (outer - 500 - 8), hem - 25)])
    if cord:
        for i in range(1, 8):
            top_x = 505 + i * 23
            bottom_x = inner + i * (outer - inner) / 8
            flat.line([(top_x, 190), (bottom_x, hem - 30)], 1)
            flat.line([(1000 - top_x, 190), (1000 - bottom_x, hem - 30)], 1)
    return flat


FLATS = {
    "style_merino_crew": merino_crew,
    "style_linen_shirt": shirt,
    "style_jersey_tee": jersey_tee,
    "style_chino_short": lambda: trousers(hem=490, outer=715, inner=512),
    "style_trench": lambda: coat(belted=True),
    "style_kids_hoodie": kids_hoodie,
    "style_wool_coat": lambda: coat(double_breasted=False, hem=880),
    "style_straight_jean": lambda: trousers(jean=True),
    "style_cable_knit": cable_cardigan,
    "style_flannel_shirt": flannel_overshirt,
    "style_puffer": puffer,
    "style_kids_cord": lambda: trousers(elastic=True, cord=True, hem=860, outer=650),
}


def logo():
    """Atelier Nord's wordmark under a small needle-and-compass mark, navy on transparent."""
    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core
    width, height = 1200, 360
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([60, 70, 280, 290], outline=INK, width=14)
    draw.polygon([(170, 60), (196, 180), (170, 300), (144, 180)], fill=INK)  # the needle, pointing north
    draw.line([(90, 180), (250, 180)], fill=INK, width=8)
    name = ImageFont.truetype(font_path, 120)
    draw.text((330, 60), "ATELIER", font=name, fill=INK)
    draw.text((330, 190), "NORD", font=ImageFont.truetype(font_path, 108), fill=INK)
    image = image.crop(image.getbbox())
    small = image.resize((image.width // 3, image.height // 3), Image.LANCZOS)
    small.save(os.path.join(OUT, "atelier_nord_logo.png"), optimize=True)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, draw in FLATS.items():
        draw().save(name)
    logo()
