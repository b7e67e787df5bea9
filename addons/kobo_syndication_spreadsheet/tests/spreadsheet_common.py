from odoo import Command


def sheet_catalogue(env, label):
    """What a retailer's line sheet needs around its products: a colour attribute (Navy, Sand), a
    size attribute (36, 38) that a table converts to international sizes (S, M), and a wholesale
    pricelist at 40 % off the sales price. Returns ``(colour attribute, size attribute,
    pricelist)``; ``label`` names them apart."""
    colour = env["product.attribute"].create(
        {
            "name": f"{label} Colour",
            "display_type": "color",
            "value_ids": [Command.create({"name": "Navy"}), Command.create({"name": "Sand"})],
        }
    )
    size = env["product.attribute"].create(
        {
            "name": f"{label} Size",
            "value_ids": [Command.create({"name": "36"}), Command.create({"name": "38"})],
        }
    )
    size_36, size_38 = size.value_ids
    env["kobo.size.conversion"].create(
        {
            "name": f"{label} tops",
            "attribute_id": size.id,
            "source_system": "eu",
            "line_ids": [
                Command.create({"value_id": size_36.id, "eu": "36", "intl": "S"}),
                Command.create({"value_id": size_38.id, "eu": "38", "intl": "M"}),
            ],
        }
    )
    pricelist = env["product.pricelist"].create(
        {
            "name": f"{label} wholesale EUR",
            "currency_id": env.ref("base.EUR").id,
            "item_ids": [
                Command.create({"applied_on": "3_global", "compute_price": "percentage", "percent_price": 40})
            ],
        }
    )
    return colour, size, pricelist
