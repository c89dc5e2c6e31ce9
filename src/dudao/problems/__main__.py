"""``python -m dudao.problems --write docs/problems.md``."""

from dudao.problems import main

main()
