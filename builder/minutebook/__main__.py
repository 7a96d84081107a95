"""`python -m minutebook` and the `minutebook` command: the command line (commands/cli.py).

For `serve`, the handlers that stop it on Ctrl-C, kill or a closed terminal are set before the
command line is imported: importing it (and with it the whole pipeline) takes a third of a
second, and a Ctrl-C then must stop the preview too, not be lost (see commands/stopping.py).
"""

from __future__ import annotations

import sys


def main() -> None:
    serving = sys.argv[1:2] == ["serve"]  # (no option may come before the command but --version)
    if serving:
        from minutebook.commands.stopping import stop_on_signals

        stop_on_signals()
    try:
        from minutebook.commands.cli import main_exit
    except KeyboardInterrupt:
        if not serving:
            raise
        print("Stopped.", flush=True)  # before anything was made
        sys.exit(0)
    main_exit()


if __name__ == "__main__":
    main()
