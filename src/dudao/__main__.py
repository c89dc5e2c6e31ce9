from dudao.cli.app import main

main()
