from . import kobo_color, kobo_season, kobo_size_range, product_attribute_value, product_template
