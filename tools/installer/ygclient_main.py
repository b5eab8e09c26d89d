"""The installer's entry script: the ``ygclient`` command (no arguments opens the desktop app).

PyInstaller needs a script rather than an entry point; this is ``ygclient.cli:main``.
"""

import sys

from ygclient.cli import main

if __name__ == "__main__":
    sys.exit(main())
