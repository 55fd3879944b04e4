"""Which address a request comes from, behind reverse proxies the operator trusts.

X-Forwarded-For is a list each proxy appends to: the address it saw the request come
from.  Anyone can send the header with any addresses in it, so it is believed only
when the connection itself comes from a trusted proxy (TRUSTED_PROXIES, geo.settings),
and then only as far as trusted proxies wrote it: read from the right, each trusted
hop is passed over, and the first address no trusted proxy is known by is the client.
Whatever a client wrote to the left of that is ignored.

    client_address("10.0.0.5", "6.6.6.6, 203.0.113.7", trusted("10.0.0.5"))  ->  "203.0.113.7"
"""
from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from geo.errors import DataError

Networks = tuple[IPv4Network | IPv6Network, ...]


@lru_cache(maxsize=8)
def trusted(text: str) -> Networks:
    """The networks in a TRUSTED_PROXIES value: addresses or CIDR ranges, comma-separated.
    DataError naming the first item that is neither."""
    found = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        try:
            found.append(ip_network(item, strict=False))
        except ValueError:
            raise DataError(f"The setting TRUSTED_PROXIES must list proxies' IP addresses or ranges "
                            f"(such as 10.0.0.5 or 10.0.0.0/24), separated by commas; '{item}' is neither.") from None
    return tuple(found)


def is_trusted(address: str, proxies: Networks) -> bool:
    try:
        found = ip_address(address.strip())
    except ValueError:
        return False
    return any(found in network for network in proxies)


def client_address(peer: str, forwarded_for: str | None, proxies: Networks) -> str:
    """The client's address: `peer` (the connection's), unless it is a trusted proxy; then
    the rightmost X-Forwarded-For hop that is not one (or the leftmost, if all are)."""
    if not is_trusted(peer, proxies):
        return peer
    address = peer
    for hop in reversed([part.strip() for part in (forwarded_for or "").split(",")]):
        if not _is_address(hop):
            break  # not written by a proxy: what the client sent, so the last good hop stands
        address = hop
        if not is_trusted(hop, proxies):
            break
    return address


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
