from . import (
    test_garment_bom,
    test_libraries,
    test_materials,
    test_style_lifecycle,
    test_techpack,
    test_techpack_exports,
    test_ui,
)
