"""The API's endpoints, one module per family (each a ninja ``Router`` with its tag)."""
