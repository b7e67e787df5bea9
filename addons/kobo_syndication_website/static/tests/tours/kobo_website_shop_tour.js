/** @odoo-module **/

import { registry } from "@web/core/registry";

// A visitor (not signed in) finds the parka the website connector published, in English then
// in French: its name, its price from the channel's pricelist, the descriptive attribute as a
// shop filter that finds it, and its shop description with the bullet points.
const card = (name) => `form.oe_product_cart:has(.o_wsale_products_item_title a:contains("${name}"))`;

function shopSteps({ name, price, filterName, filterValue, description, bullet }) {
    return [
        {
            content: `The shop lists ${name}`,
            trigger: `${card(name)} .o_wsale_products_item_title a:contains("${name}")`,
        },
        {
            content: `At the channel's price ${price}`,
            trigger: `${card(name)} .product_price:contains("${price}")`,
        },
        {
            content: `The descriptive attribute ${filterName} is a filter`,
            trigger: `#wsale_products_attributes_collapse .accordion-item:contains("${filterName}") label:contains("${filterValue}")`,
        },
        {
            content: `Filter on ${filterValue}`,
            trigger: `#wsale_products_attributes_collapse .form-check:has(label:contains("${filterValue}")) input`,
            run: "click",
        },
        {
            content: `The shop reloads filtered on ${filterValue} and still finds ${name}`,
            // "Clear Filters" (its title is translated) shows only on a filtered page.
            trigger: "#wsale_products_attributes_collapse a:has(i.oi-close)",
        },
        {
            trigger: `#wsale_products_attributes_collapse .form-check:has(label:contains("${filterValue}")) input:checked`,
        },
        {
            trigger: `${card(name)} .o_wsale_products_item_title a:contains("${name}")`,
            run: "click",
        },
        {
            content: "The product page shows the shop description",
            trigger: `#product_details h1:contains("${name}")`,
        },
        {
            trigger: `#product_details .oe_structure:contains("${description}")`,
        },
        {
            content: "and the bullet points",
            trigger: `#product_details ul.o_kobo_bullet_points li:contains("${bullet}")`,
        },
        {
            content: "The price is the channel's",
            trigger: `#product_details .product_price:contains("${price}")`,
        },
    ];
}

registry.category("web_tour.tours").add("kobo_website_shop", {
    url: "/shop?search=KT7",
    steps: () => [
        ...shopSteps({
            name: "Harbour Parka KT7",
            price: "123.45",
            filterName: "Silhouette",
            filterValue: "Boxy",
            description: "Waxed cotton that shrugs off harbour rain.",
            bullet: "Storm flap",
        }),
        {
            content: "The same shop in French",
            trigger: "body",
            run() {
                window.location.href = "/fr/shop?search=KT7";
            },
        },
        {
            content: "The shop is French",
            trigger: "html[lang^='fr']",
        },
        ...shopSteps({
            name: "Parka du port KT7",
            price: "123,45",
            filterName: "Ligne",
            filterValue: "Ample",
            description: "Un coton ciré qui ne craint pas la pluie du port.",
            bullet: "Rabat tempête",
        }),
    ],
});
