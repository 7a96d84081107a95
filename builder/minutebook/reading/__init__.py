"""LOAD and MODEL: a site's files into the model. The config and each meeting file are read
from YAML nodes (every value keeps its file, line and column), their Markdown bodies parsed
into agenda items, and every problem collected as a diagnostic. Imports only core."""
