"""Trust: costing checks that hold for every caller (filled in by the Trust issue)."""
