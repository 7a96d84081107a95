"""IMPORT: an existing archive of minutes (text, Markdown, Word, PDF) → draft meeting files.

decoding (bytes → text, naming the encoding) → extracting (one module per kind of file → lines)
→ recognising (heading, attendance, items) → writing (Markdown and YAML, read back through
`reading/` to prove it loads; never overwriting) → report (text or JSON). Imports reading and
core only; the `import` command in `commands/` drives it.
"""
