"""`python -m simulator …`"""

from simulator.faces.cli import main

main()
