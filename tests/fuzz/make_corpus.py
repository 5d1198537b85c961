#!/usr/bin/env python3
"""Writes the seed corpora in tests/fuzz/corpus/<target>/ (run from anywhere).

Seeds are tiny, hand-made inputs that reach each target's interesting paths;
libFuzzer grows them. Re-running rewrites the same files.
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent / "corpus"


def reader_seed(program, data):
    """fuzz_reader input: [len(program)] program data."""
    return bytes([len(program)]) + bytes(program) + bytes(data)


# fuzz_reader opcodes: 0-4 u8..u64, 5 bytes(n), 6 skip(n), 7 peek, 8-10 prefixed,
# 11 child(n), 12 end+pop, 13 expect_end, 14 read a copy.
READER = {
    "ints": reader_seed([0, 1, 2, 3, 4, 13], range(1, 19)),
    "short": reader_seed([3, 4, 0, 0], [1, 2, 3]),                     # failing reads
    "prefixed": reader_seed([9, 0, 8, 1, 12, 12, 13],                   # u16<u8<u16>>
                            [0, 4, 3, 0, 0x12, 0x34][:6]),
    "prefix_too_long": reader_seed([10, 9, 8], [0, 0, 9, 1, 2]),
    "child_skip": reader_seed([11, 6, 6, 2, 7, 5, 3, 12, 14, 5, 255], range(10)),
    "nested": reader_seed([8, 8, 8, 0, 12, 12, 12, 13], [3, 2, 1, 0xaa]),
    "huge_sizes": reader_seed([5, 250, 6, 255, 11, 252], range(4)),
}

HEX = {
    "empty": b"",
    "lower": b"00ff10ab",
    "mixed_case": b"DeadBeef",
    "odd": b"abc",
    "bad_digit": b"0g",
    "rfc_text": b"0x 0b 0b:0b\n\t0c",
    "split_pair": b"a b",
    "bytes": bytes([0x00, 0x1c, 0xff, 0x7e, 0x94]),
}

# fuzz_writer opcodes: 0-4 u8/u16/u24/u32/u64, 5 bytes(n, data), 6 filler,
# 7-9 open u8/u16/u24 scope (how-byte: odd = default max, even = 2-byte max),
# 10 close.
WRITER = {
    "values": bytes([0, 0x11, 1, 0x22, 0x33, 2, 0, 1, 2, 3, 0x44, 0x55, 0x66, 0x77,
                     4, 1, 2, 3, 4, 5, 6, 7, 8]),
    "nested": bytes([8, 1, 7, 1, 0, 0xaa, 10, 5, 3, 1, 2, 3, 10, 0, 0xbb]),
    "u24_too_big": bytes([2, 0x01, 0x00, 0x00, 0x00]),
    "small_max": bytes([7, 0, 0, 2, 5, 4, 1, 2, 3, 4, 10]),          # body 4 > max 2
    "u8_overflow": bytes([7, 1, 6, 0, 10]),                         # 65280 bytes in u8<>
    "u16_overflow": bytes([8, 1, 6, 0xff, 6, 0xff, 10]),            # > 65535 in u16<>
    "u24_big_ok": bytes([9, 1, 6, 0x10, 6, 0x20, 10, 0, 1]),
    "error_then_more": bytes([2, 0xff, 0xff, 0xff, 0xff, 8, 1, 0, 5, 10, 0, 9]),
}


def write(target, seeds):
    d = HERE / target
    d.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (d / name).write_bytes(bytes(data))


write("fuzz_reader", READER)
write("fuzz_hex", HEX)
write("fuzz_writer", WRITER)
