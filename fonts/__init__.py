"""The shipped fonts: package data of bulletin_press (``bulletin_press.builtin_fonts``,
see bulletin_press/places.py).  make_fonts.py makes them."""
