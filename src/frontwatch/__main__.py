"""The `frontwatch` console script: the CLI, with Ctrl-C ending as exit code 130 at any moment.

The CLI is imported inside the handler on purpose: an interrupt while the (heavy) imports run
must not print a traceback either. Click would turn Ctrl-C into "Aborted!" and exit 1; users and
scripts expect 130, and what was committed to the store is kept either way.
"""
import sys


def run() -> None:
    """Run the CLI; Ctrl-C exits 130 with one line instead of a traceback."""
    try:
        import click

        from .cli import main

        try:
            main.main(standalone_mode=False)
        except click.exceptions.Abort:
            raise KeyboardInterrupt from None
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("\ninterrupted: what was already stored is kept; run the command again to finish",
              file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    run()
