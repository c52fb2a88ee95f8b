"""`python -m fraudtrain train|report ...`, the same as `python -m fraudtrain.cli`."""

from fraudtrain.cli import main

main()
