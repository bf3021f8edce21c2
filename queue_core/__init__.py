"""Pure domain of XepHang: no Qt, no SQL, no I/O.

Everything here is plain values and functions so that the rules of the queue can be
property-tested and reused by the server, the device apps and the tools alike.
"""
