"""Loopback fakes of the sources' APIs (the sandbox), for the demo and the tests.

`meta_graph.MetaGraphApp` is the Meta Graph API fake, served over HTTP by
`server.SandboxServer` with the shared fault plan; `google_ads.GoogleAdsApp` is the
Google Ads API fake (GoogleAdsService/SearchStream), served over gRPC by
`google_ads.GrpcSandboxServer` with the same fault plan; `sample_data` and
`sample_google_ads` hold the figures they answer with.
"""
