"""Loopback fakes of the sources' APIs (the sandbox), for the demo and the tests.

`meta_graph.MetaGraphApp` is the Meta Graph API fake; `server.SandboxServer` serves any
fake with the shared fault plan; `sample_data` holds the figures they answer with.
"""
