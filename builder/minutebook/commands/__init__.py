"""What a clerk runs: the command line and one module per command (build, check, serve, new,
init, schema). Only this layer puts the others together."""
