"""The ground every stage stands on, knowing nothing of the pipeline: the model (frozen
dataclasses), diagnostics (errors for clerks, as values), the cache's signed store, and the
pool of forked workers. Imports nothing of the other layers."""
