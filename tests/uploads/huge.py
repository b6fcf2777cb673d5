"""Small files that describe huge pictures, made cheaply: the header says the size, the data is all zero."""

import struct
import zlib


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(width, height):
    """A valid black-and-white PNG of width x height pixels in a few KB (1 bit a pixel, compressed zeros)."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte 0, then the row's bits
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
