"""Demo logins created by the addons' demo data; `make run` prints them."""

DEMO_LOGINS = (
    ("Administrator (all apps)", "admin", "admin"),
    ("Designer (PLM user)", "designer", "designer"),
    ("Product developer (PLM user)", "developer", "developer"),
    ("Merchandiser (PLM manager)", "merchandiser", "merchandiser"),
    ("Catalogue (PIM + syndication)", "catalogue", "catalogue"),
    ("Vendor portal: Malhas Costa", "costa", "costa"),
    ("Vendor portal: Saigon Garment", "saigon", "saigon"),
)
