"""`audit learn`: rules learned from the corpus itself (placeholder being written)."""

from __future__ import annotations

import argparse


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("learn", help="learn boilerplate and name variants from a corpus into a rule pack")
    p.add_argument("paths", nargs="+", metavar="CORPUS")
    p.set_defaults(func=lambda args: 2)
    return p
