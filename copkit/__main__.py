from copkit.cli import main

main()
