"""Click commands: thin wrappers that parse options, call the core and print the result."""
