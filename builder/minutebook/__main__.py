"""`python -m minutebook` runs the command line."""

from __future__ import annotations

from minutebook.commands.cli import main_exit

main_exit()
