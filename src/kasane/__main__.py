from kasane.cli import main

main()
