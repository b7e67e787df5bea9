"""Size ranges name their size attribute (one per size system) from 18.0.1.5.0.

Before, every range's sizes were values of the one Size attribute. A range that existing styles
use keeps the attribute its sizes' values are of, so an upgrade never archives a brand's variants
and makes new ones; ranges made from now on get the attribute of their system. The column is
filled here, before the ORM would compute it from the size system.
"""


def migrate(cr, version):
    cr.execute("ALTER TABLE kobo_size_range ADD COLUMN IF NOT EXISTS attribute_id int4")
    cr.execute(
        """
        UPDATE kobo_size_range r
           SET attribute_id = (
                SELECT v.attribute_id
                  FROM kobo_size s
                  JOIN product_attribute_value v ON v.id = s.attribute_value_id
                 WHERE s.range_id = r.id
                 LIMIT 1)
         WHERE r.attribute_id IS NULL
        """
    )
    cr.execute(
        """
        UPDATE kobo_size_range
           SET attribute_id = (
                SELECT res_id FROM ir_model_data
                 WHERE module = 'kobo_plm' AND name = 'product_attribute_size')
         WHERE attribute_id IS NULL
        """
    )
