"""The built-in layouts, one folder each: package data of bulletin_press
(``bulletin_press.builtin_layouts``, see bulletin_press/places.py)."""
