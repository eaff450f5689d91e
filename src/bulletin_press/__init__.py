"""bulletin-press: YAML manuscripts of a Chinese-language bulletin → print PDF and EPUB 3."""

__version__ = "0.1.0"
