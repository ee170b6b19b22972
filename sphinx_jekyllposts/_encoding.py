"""A source encoding under which Sphinx can open post files that are not valid UTF-8.

Sphinx 9 reads every source file strictly (``Path.read_text``) and stops the build at
the first undecodable byte; Sphinx 8 replaces such bytes and warns. Jekyll reads them.
Posts are converted from our own reading of the file (bad bytes already replaced and
reported as ``jekyllposts.source``), so Sphinx only has to open them: this codec is
UTF-8 with a BOM, strict as before, except for files whose exact bytes were
registered as posts with :func:`allow_undecodable`. Other documents still fail as
they would without the extension.
"""

from __future__ import annotations

import codecs
import hashlib

__all__ = ["CODEC", "allow_undecodable"]

#: The codec name, for ``env.settings["input_encoding"]``.
CODEC = "jekyllposts_utf_8_sig"

_LENIENT: set[bytes] = set()


def allow_undecodable(raw: bytes) -> None:
    """Let the codec replace undecodable bytes in a file whose content is ``raw``."""
    _LENIENT.add(hashlib.sha256(raw).digest())


def _decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    if hashlib.sha256(data).digest() in _LENIENT:
        errors = "replace"
    return data.decode("utf-8-sig", errors), len(data)


class _IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    """Decodes once the whole file is there (the codec decides by its content)."""

    def _buffer_decode(  # type: ignore[override]
        self, data: bytes, errors: str, final: bool
    ) -> tuple[str, int]:
        if not final:
            return "", 0
        return _decode(bytes(data), errors)


def _encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return text.encode("utf-8", errors), len(text)


def _search(name: str) -> codecs.CodecInfo | None:
    if name != CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        _encode,
        _decode,  # type: ignore[arg-type]  # typeshed wants any buffer; files are bytes
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_IncrementalDecoder,
        streamreader=codecs.lookup("utf-8-sig").streamreader,
        streamwriter=utf8.streamwriter,
        name=CODEC,
    )


codecs.register(_search)
