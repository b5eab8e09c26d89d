"""ygcentral — a reference implementation of the city credit information system's side.

The contract an integrator implements on the real system (docs/protocol.md), the peer of
every test that crosses the network, and the server of the demo. It shares only the
catalog engine with the client (ygclient.catalog), never its store, sync or UI.
"""

__version__ = "0.1.0"
