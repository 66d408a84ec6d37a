"""``python -m govledger``: the same as the ``govledger`` command."""

from govledger.cli import main

if __name__ == "__main__":
    main(prog_name="govledger")
