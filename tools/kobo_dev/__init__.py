"""Set-up, demo and test tooling for the Kōbō addons (not an Odoo addon)."""
