"""The aggregator: many councils' feeds fetched safely into one store, for one site."""
