"""RENDER and WRITE: pages through the theme's Jinja templates into bytes, the files copied as
they are (the theme's static files, the documents), and the only code that writes to the
output folder (atomic, all or nothing, never outside it)."""
