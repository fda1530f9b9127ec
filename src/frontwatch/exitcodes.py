"""Exit codes of the frontwatch CLI, as an enum (httpie's ExitStatus)."""
from enum import IntEnum


class ExitStatus(IntEnum):
    """What a frontwatch command's exit code means."""

    OK = 0
    ERROR = 1            # the command failed; nothing (more) was done
    USAGE = 2            # bad arguments (click's own code)
    PARTIAL = 3          # some inputs were bad and skipped; the rest was processed and stored
    NO_INPUT = 4         # nothing readable was found in the inputs
    STORE_ERROR = 5      # the store cannot be opened or written (read-only, full disk, locked)
    INTERRUPTED = 130    # stopped by the user (SIGINT); what was committed is kept
