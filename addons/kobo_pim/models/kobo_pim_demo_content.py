"""The words of the PIM demo catalogue: translations the agency delivered (with the gaps a real
catalogue has), colour names, alt text and Amazon's copy. Data only; kobo_pim_demo.py writes it."""

# product: {lang: {field: value}}. English is on the records themselves. Gaps on purpose: the
# linen shirt has no Japanese, the trousers only part of their French, the denim jacket only a
# German title, the blouse and the tank nothing yet.
COPY = {
    "merino_half_zip": {
        "fr_FR": {
            "kobo_marketing_name": "Pull demi-zip en mérinos",
            "kobo_description": "<p>Un demi-zip en maille fine tricoté au Portugal en mérinos de 17,5 "
            "microns : "
            "chaud sans épaisseur, assez doux pour se porter à même la peau.</p>",
            "kobo_bullet_points": "Laine mérinos extra-fine de 17,5 microns\nCertifiée RWS, traçable "
            "jusqu'à la ferme\n"
            "Zip métal YKK, col montant\nCoupe régulière, poignets et bas côtelés",
            "kobo_seo_title": "Pull demi-zip en mérinos | Atelier Nord",
            "kobo_seo_description": "Pull demi-zip en laine mérinos, maille fine tricotée au Portugal. "
            "Certifié RWS.",
            "kobo_seo_keywords": "mérinos, demi-zip, pull, maille, laine",
            "kobo_composition_label": "100 % laine mérinos extra-fine (RWS)",
            "kobo_care_text": "Lavage à la main à froid. Sécher à plat à l'ombre. Pas de sèche-linge.",
        },
        "de_DE": {
            "kobo_marketing_name": "Merino-Troyer",
            "kobo_description": "<p>Ein feinmaschiger Troyer, in Portugal aus 17,5-Mikron-Merinowolle "
            "gestrickt: "
            "warm, ohne aufzutragen, und weich genug für die Haut.</p>",
            "kobo_bullet_points": "Extrafeine Merinowolle, 17,5 Mikron\nRWS-zertifiziert, bis zur Farm "
            "rückverfolgbar\n"
            "YKK-Metallreißverschluss, Stehkragen\nReguläre Passform, Rippbündchen",
            "kobo_seo_title": "Merino-Troyer | Atelier Nord",
            "kobo_seo_description": "Feinstrick-Troyer aus Merinowolle, in Portugal gestrickt. "
            "RWS-zertifiziert.",
            "kobo_seo_keywords": "Merino, Troyer, Pullover, Strick, Wolle",
            "kobo_composition_label": "100 % extrafeine Merinowolle (RWS)",
            "kobo_care_text": "Kalte Handwäsche. Im Schatten liegend trocknen. Nicht im Trockner trocknen.",
        },
        "ja_JP": {
            "kobo_marketing_name": "メリノ ハーフジップ プルオーバー",
            "kobo_description": "<p>17.5ミクロンのメリノウールをポルトガルで"
            "編み立てたハイゲージのハーフジップ。軽くて暖かく、素肌にも心地よい肌ざわりです。</p>",
            "kobo_bullet_points": "17.5ミクロンのエクストラファインメリノウール\n"
            "RWS認証、牧場までトレーサブル\nYKKメタルジップとスタンドカラー\nレギュラーフィット、リブ仕様の袖口と裾",
            "kobo_seo_title": "メリノ ハーフジップ プルオーバー | Atelier Nord",
            "kobo_seo_description": "ポルトガル製ハイゲージ・メリノウールのハーフジップ。RWS認証。",
            "kobo_seo_keywords": "メリノ, ハーフジップ, ニット, ウール",
            "kobo_composition_label": "メリノウール100%（RWS）",
            "kobo_care_text": "手洗い（30℃以下）。陰で平干し。タンブル乾燥不可。",
        },
    },
    "fleece_hoodie": {
        "fr_FR": {
            "kobo_marketing_name": "Sweat zippé à capuche en polaire recyclée",
            "kobo_description": "<p>Un sweat zippé épais en molleton gratté, filé à partir de bouteilles "
            "recyclées, "
            "coupé pour tout le monde.</p>",
            "kobo_bullet_points": "Molleton 80 % polyester recyclé (GRS)\nGratté à l'intérieur, lisse à "
            "l'extérieur\n"
            "Zip double curseur et capuche doublée\nCoupe unisexe décontractée",
            "kobo_seo_title": "Sweat zippé à capuche en polaire recyclée | Atelier Nord",
            "kobo_seo_description": "Sweat zippé unisexe en molleton recyclé, gratté à l'intérieur, "
            "certifié GRS.",
            "kobo_seo_keywords": "sweat à capuche, polaire, recyclé, unisexe",
            "kobo_composition_label": "80 % polyester recyclé, 20 % coton biologique",
            "kobo_care_text": "Lavage en machine à 30 °C, sur l'envers. Pas de sèche-linge.",
        },
        "de_DE": {
            "kobo_marketing_name": "Kapuzenjacke aus recyceltem Fleece",
            "kobo_description": "<p>Eine schwere Kapuzenjacke aus angerautem Fleece, gesponnen aus "
            "recycelten "
            "Flaschen, geschnitten für alle.</p>",
            "kobo_bullet_points": "Fleece aus 80 % recyceltem Polyester (GRS)\nInnen angeraut, außen glatt\n"
            "Zwei-Wege-Reißverschluss, gefütterte Kapuze\nUnisex, lockere Passform",
            "kobo_seo_title": "Kapuzenjacke aus recyceltem Fleece | Atelier Nord",
            "kobo_seo_description": "Unisex-Kapuzenjacke aus recyceltem Fleece, innen angeraut, "
            "GRS-zertifiziert.",
            "kobo_seo_keywords": "Kapuzenjacke, Fleece, recycelt, unisex",
            "kobo_composition_label": "80 % recyceltes Polyester, 20 % Bio-Baumwolle",
            "kobo_care_text": "Maschinenwäsche bei 30 °C, auf links. Nicht im Trockner trocknen.",
        },
        "ja_JP": {
            "kobo_marketing_name": "リサイクルフリース ジップフーディー",
            "kobo_description": "<p>リサイクルボトルから紡いだ裏起毛フリースの、"
            "しっかりとした厚みのジップフーディー。誰にでも合うシルエットです。</p>",
            "kobo_bullet_points": "リサイクルポリエステル80%のフリース（GRS認証）\n裏起毛、表はなめらか\n"
            "ダブルジップと裏地付きフード\nユニセックスのリラックスフィット",
            "kobo_seo_title": "リサイクルフリース ジップフーディー | Atelier Nord",
            "kobo_seo_description": "裏起毛のリサイクルフリースを使った"
            "ユニセックスのジップフーディー。GRS認証。",
            "kobo_seo_keywords": "フーディー, フリース, リサイクル, ユニセックス",
            "kobo_composition_label": "ポリエステル（リサイクル）80%、オーガニックコットン20%",
            "kobo_care_text": "裏返して30℃で洗濯機洗い可。タンブル乾燥不可。",
        },
    },
    "linen_popover": {
        "fr_FR": {
            "kobo_marketing_name": "Chemise popover en lin lavé",
            "kobo_description": "<p>Une chemise popover à demi-patte en lin lituanien lavé à la pierre : "
            "douce dès "
            "le premier jour, coupe ample et carrée.</p>",
            "kobo_bullet_points": "Lin européen lavé à la pierre\nDemi-patte, boutons en corozo\n"
            "Coupe carrée et décontractée\nPoche poitrine",
            "kobo_seo_title": "Chemise popover en lin lavé | Atelier Nord",
            "kobo_seo_description": "Chemise popover homme en lin européen lavé à la pierre, coupe ample.",
            "kobo_seo_keywords": "chemise en lin, popover, chemise d'été, homme",
            "kobo_composition_label": "100 % lin",
            "kobo_care_text": "Lavage en machine à 40 °C. Séchage sur fil. Repasser humide.",
        },
        "de_DE": {
            "kobo_marketing_name": "Popover-Hemd aus gewaschenem Leinen",
            "kobo_description": "<p>Ein Popover-Hemd mit halber Knopfleiste aus steingewaschenem litauischem "
            "Leinen: weich vom ersten Tragen an, mit lockerer, kastiger Passform.</p>",
            "kobo_bullet_points": "Europäisches Leinen, steingewaschen\nHalbe Knopfleiste mit "
            "Steinnussknöpfen\n"
            "Kastige, lockere Passform\nBrusttasche",
            "kobo_seo_title": "Popover-Hemd aus gewaschenem Leinen | Atelier Nord",
            "kobo_seo_description": "Herren-Popover-Hemd aus steingewaschenem europäischem Leinen, lockere "
            "Passform.",
            "kobo_seo_keywords": "Leinenhemd, Popover, Sommerhemd, Herren",
            "kobo_composition_label": "100 % Leinen",
            "kobo_care_text": "Maschinenwäsche bei 40 °C. Auf der Leine trocknen. Feucht bügeln.",
        },
    },
    "wool_midi_skirt": {
        "fr_FR": {
            "kobo_marketing_name": "Jupe midi plissée en laine",
            "kobo_description": "<p>Des plis couteau dans un sergé de laine italien fluide qui tombent à "
            "mi-mollet ; "
            "un zip invisible sur le côté garde la taille nette.</p>",
            "kobo_bullet_points": "Sergé de laine italien de Biella\nPlis couteau permanents\n"
            "Zip invisible sur le côté\nLongueur midi, 78 cm",
            "kobo_seo_title": "Jupe midi plissée en laine | Atelier Nord",
            "kobo_seo_description": "Jupe midi femme à plis couteau en sergé de laine italien.",
            "kobo_seo_keywords": "jupe plissée, jupe midi, jupe en laine, femme",
            "kobo_composition_label": "70 % laine, 30 % polyamide",
            "kobo_care_text": "Nettoyage à sec uniquement.",
        },
        "de_DE": {
            "kobo_marketing_name": "Plissierter Midirock aus Wolle",
            "kobo_description": "<p>Messerfalten in fließendem italienischem Wollköper, die bis zur Wade "
            "fallen; "
            "ein verdeckter seitlicher Reißverschluss hält den Bund klar.</p>",
            "kobo_bullet_points": "Italienischer Wollköper aus Biella\nDauerhafte Messerfalten\n"
            "Verdeckter Reißverschluss an der Seite\nMidilänge, 78 cm",
            "kobo_seo_title": "Plissierter Midirock aus Wolle | Atelier Nord",
            "kobo_seo_description": "Damen-Midirock mit Messerfalten aus italienischem Wollköper.",
            "kobo_seo_keywords": "Plisseerock, Midirock, Wollrock, Damen",
            "kobo_composition_label": "70 % Wolle, 30 % Polyamid",
            "kobo_care_text": "Nur chemisch reinigen.",
        },
        "ja_JP": {
            "kobo_marketing_name": "ウール プリーツ ミディスカート",
            "kobo_description": "<p>ふくらはぎ丈まで流れるように落ちる、"
            "イタリア製ウールツイルのナイフプリーツ。サイドのコンシールファスナーでウエストまわりもすっきり。</p>",
            "kobo_bullet_points": "ビエラ産イタリアンウールツイル\n形状記憶のナイフプリーツ\n"
            "サイドコンシールファスナー\nミディ丈 78cm",
            "kobo_seo_title": "ウール プリーツ ミディスカート | Atelier Nord",
            "kobo_seo_description": "イタリア製ウールツイルのナイフプリーツ・ミディスカート。",
            "kobo_seo_keywords": "プリーツスカート, ミディスカート, ウール",
            "kobo_composition_label": "ウール70%、ナイロン30%",
            "kobo_care_text": "ドライクリーニングのみ。",
        },
    },
    "denim_trucker": {
        "de_DE": {"kobo_marketing_name": "Trucker-Jacke aus Rinse-Denim"},
    },
    "wide_leg_trouser": {
        "fr_FR": {
            "kobo_marketing_name": "Pantalon large décontracté",
            "kobo_description": "<p>Un pantalon taille haute à jambe large dans un mélange lyocell-lin "
            "frais, "
            "avec une taille élastiquée au dos.</p>",
            "kobo_bullet_points": "Mélange lyocell et lin fluide\nTaille haute, dos élastiqué\nPoches côté\n"
            "Longueur intégrale, entrejambe 80 cm",
        },
    },
}

# Colour names as the channels print them.
COLOUR_NAMES = {
    "navy": {"fr_FR": "Marine", "de_DE": "Marineblau", "ja_JP": "ネイビー"},
    "oatmeal": {"fr_FR": "Avoine", "de_DE": "Haferbeige", "ja_JP": "オートミール"},
    "heather": {"fr_FR": "Gris chiné", "de_DE": "Grau meliert", "ja_JP": "杢グレー"},
    "forest": {"fr_FR": "Vert forêt", "de_DE": "Waldgrün", "ja_JP": "フォレストグリーン"},
    "sage": {"fr_FR": "Sauge", "de_DE": "Salbei", "ja_JP": "セージ"},
    "chalk": {"fr_FR": "Craie", "de_DE": "Kreideweiß", "ja_JP": "チョーク"},
    "charcoal": {"fr_FR": "Anthracite", "de_DE": "Anthrazit", "ja_JP": "チャコール"},
    "camel": {"fr_FR": "Camel", "de_DE": "Camel", "ja_JP": "キャメル"},
    "indigo": {"fr_FR": "Indigo brut", "de_DE": "Rinse-Indigo", "ja_JP": "リンスインディゴ"},
    "black": {"fr_FR": "Noir", "de_DE": "Schwarz", "ja_JP": "ブラック"},
    "sand": {"fr_FR": "Sable", "de_DE": "Sand", "ja_JP": "サンド"},
    "sky": {"fr_FR": "Bleu ciel", "de_DE": "Himmelblau", "ja_JP": "スカイ"},
    "ecru": {"fr_FR": "Écru", "de_DE": "Ecru", "ja_JP": "エクリュ"},
}

ROLE_WORDS = {
    "front": {"en_US": "front view", "fr_FR": "vue de face", "de_DE": "Vorderansicht", "ja_JP": "正面"},
    "back": {"en_US": "back view", "fr_FR": "vue de dos", "de_DE": "Rückansicht", "ja_JP": "背面"},
    "lifestyle": {"en_US": "worn", "fr_FR": "porté", "de_DE": "getragen", "ja_JP": "着用イメージ"},
}

# (product, colour, role): the files under static/img/demo/, in this order. Gaps: the blouse has
# no images, the denim jacket none in black, the tank's ecru image is only 320 × 320 pixels.
IMAGES = (
    ("merino_half_zip", "navy", "front"),
    ("merino_half_zip", "navy", "back"),
    ("merino_half_zip", "navy", "lifestyle"),
    ("merino_half_zip", "oatmeal", "front"),
    ("merino_half_zip", "oatmeal", "back"),
    ("fleece_hoodie", "heather", "front"),
    ("fleece_hoodie", "heather", "back"),
    ("fleece_hoodie", "forest", "front"),
    ("fleece_hoodie", "forest", "back"),
    ("linen_popover", "sage", "front"),
    ("linen_popover", "chalk", "front"),
    ("wool_midi_skirt", "charcoal", "front"),
    ("wool_midi_skirt", "camel", "front"),
    ("denim_trucker", "indigo", "front"),
    ("wide_leg_trouser", "navy", "front"),
    ("wide_leg_trouser", "sand", "front"),
    ("rib_tank", "black", "front"),
    ("rib_tank", "ecru", "front"),
)

# The languages each product's alt texts are translated into (English is always there); the
# skirt's Japanese alt text is still missing.
ALT_TEXT = {
    "merino_half_zip": ("fr_FR", "de_DE", "ja_JP"),
    "fleece_hoodie": ("fr_FR", "de_DE", "ja_JP"),
    "linen_popover": ("fr_FR", "de_DE"),
    "wool_midi_skirt": ("fr_FR", "de_DE"),
}

# Amazon wants the brand, gender and key facts in the title, and five bullet points.
CHANNEL_COPY = {
    ("wool_midi_skirt", "kobo_pim.channel_amazon_de"): {
        "en_US": {
            "kobo_marketing_name": "Atelier Nord Women's Pleated Midi Skirt, Italian Wool Twill, Knife "
            "Pleats",
            "kobo_bullet_points": "ITALIAN WOOL: 70% wool twill woven in Biella\nKNIFE PLEATS: set "
            "permanently, "
            "they keep their line\nCLEAN WAIST: concealed side zip, no waistband bulk\nMIDI LENGTH: 78 cm, "
            "falls to mid-calf\nCARE: dry clean only",
        },
        "de_DE": {
            "kobo_marketing_name": "Atelier Nord Damen Plisseerock Midi, italienischer Wollköper, "
            "Messerfalten",
            "kobo_bullet_points": "ITALIENISCHE WOLLE: 70 % Wollköper, gewebt in Biella\nMESSERFALTEN: "
            "dauerhaft "
            "eingelegt, sie behalten ihre Form\nKLARER BUND: verdeckter Reißverschluss an der Seite\n"
            "MIDILÄNGE: 78 cm, bis zur Wade\nPFLEGE: nur chemisch reinigen",
        },
    },
    ("merino_half_zip", "kobo_pim.channel_amazon_de"): {
        "en_US": {
            "kobo_marketing_name": "Atelier Nord Men's Merino Half-Zip Pullover, 100% Extra-Fine Merino, RWS",
        },
        "de_DE": {
            "kobo_marketing_name": "Atelier Nord Herren Merino-Troyer, 100 % extrafeine Merinowolle, RWS",
        },
    },
}
