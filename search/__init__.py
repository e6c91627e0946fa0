"""Search over a built index: parameters, the engine, snippets, stories and exports."""
