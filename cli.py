"""`python cli.py …` is the same as `thidua …`, without installing."""
from toolkit.cli import main

if __name__ == "__main__":
    main(prog_name="thidua")
