"""What every renderer shares: the sandboxed template environment and its templates,
text made safe for Markdown and HTML, Markdown to HTML, citation linking, the HTML
sanitizer, page addresses, assets, and the preview's error page.

The renderers themselves (`sopkit.web` for the site, `sopkit.pdf` for print) build on
these and never import each other.
"""

from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
"""The site's own stylesheet and scripts, copied into every built site."""
