"""Bench: upload checks and channel renditions of product images, beside plain Odoo image work
of the same size (an ``ir.attachment`` per file; Odoo's own ``image_process`` resize). Run by
bench_scenarios.run inside a savepoint that is rolled back."""

import base64
import io

from PIL import Image

from odoo.tools.image import image_process

from .benchkit import scaled


def _jpeg(width, height, shade):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (shade % 256, 80, 120)).save(output, format="JPEG", quality=90)
    return base64.b64encode(output.getvalue())


def run(env, scale, measure, report):
    if "kobo.asset.rendition" not in env:
        return
    count = scaled(50, scale)
    files = [_jpeg(1600, 2000, n) for n in range(count)]
    product = env["product.template"].create({"name": "Bench assets"})
    channel = env["kobo.channel"].create(
        {"name": "Bench images", "code": "bench_images", "image_square": True, "image_max_size": 1200}
    )
    assets = env["kobo.asset"]

    def upload():
        nonlocal assets
        assets = env["kobo.asset"].create(
            [
                {"product_tmpl_id": product.id, "name": f"bench_{n}.jpg", "image": data}
                for n, data in enumerate(files)
            ]
        )

    def plain_upload():
        env["ir.attachment"].create(
            [
                {"name": f"plain_{n}.jpg", "datas": data, "res_model": "res.partner"}
                for n, data in enumerate(files)
            ]
        )

    plain = measure(env, plain_upload)
    report(
        f"assets: upload {count} 1600×2000 JPEGs, checked",
        measure(env, upload),
        plain,
        "attachments, no check",
    )

    def plain_resize():
        for data in files:
            image_process(base64.b64decode(data), size=(1200, 1200), output_format="JPEG")

    plain = measure(env, plain_resize)
    label = f"image_process of {count} files to 1200 px"
    report(
        f"assets: {count} square renditions, first time",
        measure(env, lambda: assets._kobo_renditions(channel)),
        plain,
        label,
    )
    report(
        f"assets: {count} square renditions, stored",
        measure(env, lambda: assets._kobo_renditions(channel)),
        plain,
        label,
    )
