"""Textile fibre names of Regulation (EU) No 1007/2011, Annex I, in the label languages.

A composition label must use these names in the language of the country where the garment is
sold; the PLM library keeps the English name (`kobo.material.composition.fibre`). Languages
without a column here get the English names.
"""

# fibre code: (fr, de, it, es, nl)
EU_FIBRE_NAMES = {
    "wool": ("laine", "Wolle", "lana", "lana", "wol"),
    "alpaca": ("alpaga", "Alpaka", "alpaca", "alpaca", "alpaca"),
    "llama": ("lama", "Lama", "lama", "llama", "lama"),
    "camel": ("chameau", "Kamel", "cammello", "camello", "kameel"),
    "cashmere": ("cachemire", "Kaschmir", "cashmere", "cachemir", "kasjmier"),
    "mohair": ("mohair", "Mohair", "mohair", "mohair", "mohair"),
    "angora": ("angora", "Angora", "angora", "angora", "angora"),
    "vicuna": ("vigogne", "Vikunja", "vigogna", "vicuña", "vicunja"),
    "yak": ("yack", "Yak", "yak", "yak", "jak"),
    "guanaco": ("guanaco", "Guanako", "guanaco", "guanaco", "guanaco"),
    "cashgora": ("cashgora", "Cashgora", "cashgora", "cashgora", "cashgora"),
    "beaver": ("castor", "Biber", "castoro", "castor", "bever"),
    "otter": ("loutre", "Otter", "lontra", "nutria", "otter"),
    "animal_hair": ("poils", "Tierhaare", "pelo", "pelo", "dierlijk haar"),
    "horsehair": ("crin", "Rosshaar", "crine", "crin", "paardenhaar"),
    "silk": ("soie", "Seide", "seta", "seda", "zijde"),
    "cotton": ("coton", "Baumwolle", "cotone", "algodón", "katoen"),
    "kapok": ("kapok", "Kapok", "kapok", "capoc", "kapok"),
    "flax": ("lin", "Leinen", "lino", "lino", "linnen"),
    "hemp": ("chanvre", "Hanf", "canapa", "cáñamo", "hennep"),
    "jute": ("jute", "Jute", "iuta", "yute", "jute"),
    "abaca": ("abaca", "Manila", "abaca", "abacá", "abaca"),
    "alfa": ("alfa", "Alfa", "alfa", "esparto", "alfa"),
    "coir": ("coco", "Kokos", "cocco", "coco", "kokos"),
    "broom": ("genêt", "Ginster", "ginestra", "retama", "brem"),
    "ramie": ("ramie", "Ramie", "ramié", "ramio", "ramee"),
    "sisal": ("sisal", "Sisal", "sisal", "sisal", "sisal"),
    "sunn": ("sunn", "Sunn", "sunn", "sunn", "sunn"),
    "henequen": ("hénequen", "Henequen", "henequen", "henequén", "henequen"),
    "maguey": ("maguey", "Maguey", "maguey", "maguey", "maguey"),
    "acetate": ("acétate", "Acetat", "acetato", "acetato", "acetaat"),
    "alginate": ("alginate", "Alginat", "alginato", "alginato", "alginaat"),
    "cupro": ("cupro", "Cupro", "cupro", "cupro", "cupro"),
    "modal": ("modal", "Modal", "modal", "modal", "modal"),
    "protein": ("protéinique", "Protein", "proteica", "proteínica", "proteïne"),
    "triacetate": ("triacétate", "Triacetat", "triacetato", "triacetato", "triacetaat"),
    "viscose": ("viscose", "Viskose", "viscosa", "viscosa", "viscose"),
    "acrylic": ("acrylique", "Polyacryl", "acrilica", "acrílico", "acryl"),
    "chlorofibre": ("chlorofibre", "Polychlorid", "clorofibra", "clorofibra", "chloorvezel"),
    "fluorofibre": ("fluorofibre", "Fluorfaser", "fluorofibra", "fluorofibra", "fluorvezel"),
    "modacrylic": ("modacrylique", "Modacryl", "modacrilica", "modacrílico", "modacryl"),
    "polyamide": ("polyamide", "Polyamid", "poliammide", "poliamida", "polyamide"),
    "aramid": ("aramide", "Aramid", "aramide", "aramida", "aramide"),
    "polyimide": ("polyimide", "Polyimid", "poliimmide", "poliimida", "polyimide"),
    "lyocell": ("lyocell", "Lyocell", "lyocell", "lyocell", "lyocell"),
    "polylactide": ("polylactide", "Polylactid", "polilattide", "poliláctida", "polylactide"),
    "polyester": ("polyester", "Polyester", "poliestere", "poliéster", "polyester"),
    "polyethylene": ("polyéthylène", "Polyethylen", "polietilene", "polietileno", "polyetheen"),
    "polypropylene": ("polypropylène", "Polypropylen", "polipropilene", "polipropileno", "polypropeen"),
    "polycarbamide": ("polycarbamide", "Polycarbamid", "policarbammide", "policarbamida", "polycarbamide"),
    "polyurethane": ("polyuréthane", "Polyurethan", "poliuretanica", "poliuretano", "polyurethaan"),
    "vinylal": ("vinylal", "Vinylal", "vinilal", "vinilal", "vinylal"),
    "trivinyl": ("trivinyl", "Trivinyl", "trivinil", "trivinilo", "trivinyl"),
    "elastodiene": ("élastodiène", "Elastodien", "elastodiene", "elastodieno", "elastodieen"),
    "elastane": ("élasthanne", "Elasthan", "elastan", "elastano", "elastaan"),
    "glass": ("verre textile", "Glasfaser", "vetro tessile", "fibra de vidrio", "glasvezel"),
    "elastomultiester": (
        "élastomultiester",
        "Elastomultiester",
        "elastomultiestere",
        "elastomultiéster",
        "elastomultiester",
    ),
    "elastolefin": ("élastoléfine", "Elastolefin", "elastolefin", "elastolefina", "elasto-olefine"),
    "melamine": ("mélamine", "Melamin", "melammina", "melamina", "melamine"),
    "pp_pa_bicomponent": (
        "fibre bicomposante polypropylène/polyamide",
        "Polypropylen/Polyamid-Bikomponentenfaser",
        "fibra bicomponente polipropilene/poliammide",
        "fibra bicomponente de polipropileno/poliamida",
        "bicomponente vezel van polypropeen/polyamide",
    ),
    "polyacrylate": ("polyacrylate", "Polyacrylat", "poliacrilato", "poliacrilato", "polyacrylaat"),
    "metal": ("fibre métallique", "Metallfaser", "fibra metallica", "fibra metálica", "metaalvezel"),
    "other": ("autres fibres", "sonstige Fasern", "altre fibre", "otras fibras", "andere vezels"),
}
LABEL_LANGUAGES = ("fr", "de", "it", "es", "nl")
# The parts a label names when a garment has a lining (Art. 11: composition per part).
PART_NAMES = {
    "en": ("Shell", "Lining"),
    "fr": ("Tissu principal", "Doublure"),
    "de": ("Oberstoff", "Futter"),
    "it": ("Tessuto esterno", "Fodera"),
    "es": ("Tejido principal", "Forro"),
    "nl": ("Buitenstof", "Voering"),
}


def fibre_name(fibre, lang, english_names):
    """The label name of `fibre` in `lang` (e.g. fr_BE), English where the table has no column."""
    language = (lang or "en").split("_")[0]
    if language in LABEL_LANGUAGES and fibre in EU_FIBRE_NAMES:
        return EU_FIBRE_NAMES[fibre][LABEL_LANGUAGES.index(language)]
    return english_names.get(fibre, fibre)


def part_names(lang):
    """(shell, lining) words of a composition label in `lang`."""
    return PART_NAMES.get((lang or "en").split("_")[0], PART_NAMES["en"])
