"""Chinese text layout to the W3C's Requirements for Chinese Text Layout (clreq).

- ``chars``: the one table of character classes the rules are written in;
- ``rules``: the rules as pure functions — spacing runs, compression, break
  opportunities, where a line ends;
- ``markup``: what the typesetting stage writes into print HTML for them;
- ``weasyprint70``: the adapter that applies them inside WeasyPrint 70 during a
  PDF render (the only code naming WeasyPrint's internals): ``lines`` (where
  lines end), ``justify`` (justification, line edges), ``state`` (what is kept
  of a layout between choosing a line and drawing it), and ``fill`` (how full
  the laid-out pages are, for copy-fitting).
"""
