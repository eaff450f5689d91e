"""Reading manuscripts: YAML with positions → validated, frozen model.

``load`` reads an issue folder; ``model`` is what every later stage reads.
"""
