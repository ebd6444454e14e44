"""The test suite, grouped as the package is: model, reference, store, build, analysis, loaders,
api, cli, docs, benchmarks."""
