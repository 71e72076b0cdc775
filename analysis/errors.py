# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The one exception type for mistakes a user can fix (bad campaign, unknown figure, ...).

The command-line front end (cli.py) prints a UserError as one clear line and exits non-zero;
anything else that escapes is a bug and keeps its traceback.
"""


class UserError(Exception):
    """A problem with the user's input or environment, reported without a traceback."""
