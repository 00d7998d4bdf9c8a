"""A small deterministic mutator for the fuzzing targets (used by the CI smoke
pass and by `make fuzz` when atheris is not installed): byte-level edits plus
the things that broke treatylang before — edge dates, numbers of thousands of
digits, control and bidi characters, bytes that are not UTF-8, long lines,
deep nesting — and splices of seeds of the same kind."""

from __future__ import annotations

import random
import re

TOKENS: dict[str, list[bytes]] = {
    "common": [b"\n", b"\r\n", b"\t", b" ", b'"', b"\\", b"#", b"{", b"}", b"[", b"]", b",", b":", b"=",
               b"\x00", b"\x1b[31m", b"\xe2\x80\xae", b"\xc2\xa0", b"\xff\xfe", b"\xed\xa0\x80", b"\xf0\x9f\x98\x80",
               b"9999-12-31", b"0000-01-01", b"9998-12-31", b"0001-01-01", b"2000-02-29", b"2001-02-29", b"9999",
               b"9" * 5000, b"99999999999999999999", b"-1", b"0", b"1e999", b"NaN", b"\xef\xbb\xbf"],
    "clause": [b"instrument t treaty {", b"article a {", b"clause c: ", b"each party P must not ", b"must ",
               b"may ", b"action x cameo 190", b"situation s(a: state) {", b"starts when any state use_force",
               b"term 100000 years", b"renew 5 years unless notice 1 year before expiry", b"within 30 days of",
               b"import \"treatylang:vocabulary.tl\"", b"import \"/dev/zero\"", b"import \"../../../etc/passwd\"",
               b"in force 2002-04-05", b"parties RUS, IRN", b"text en paraphrase \"", b"until ", b"from ",
               b"by ", b"when kind is military", b"except ", b"overrides ", b"declaratory"],
    "scenario": [b"scenario \"x\"", b"check ru_ir_2001", b"check \"/etc/passwd\"", b"as of 2003-06-30",
                 b"situation aggression(USA, IRN) from 2003-01-01 until 2003-02-01", b"expect compliant",
                 b"expect 2 violations", b"expect no_force violated by RUS on 2003-04-02 2 times",
                 b"2003-04-02 RUS assist USA kind=military source \"x\"", b"2003 USA cameo 190 IRN",
                 b"2003-04-02 12:30 RUS notice_of_termination IRN instrument=ru_ir_2001"],
    "csv": [b"date,actor,target,code,action", b"2003-04-02,RUS,USA,,assist", b'"a\nb"', b",,,,,"],
    "jsonl": [b'{"date":"2003-04-02","actor":"RUS","target":"USA","action":"assist"}', b'"code":190',
              b'"code":"190"', b"null", b"[" * 2000, b"{}"],
    "gdelt": [b"\t" * 60, b"20191024", b"99991231", b"---", b"RUSGOV", b"http://x"],
    "icews": [b"Russia", b"Iran", b"Russian Federation", b"Event Date", b"0234"],
    "plover": [b'{"event":"AID","actor":[{"code":"RUS"}]}', b'"recipient":"USA"', b'"date":"2003"', b"],",
               b"[" * 2000, b"{" * 100],
}

_NUMBER = re.compile(rb"\d+")
_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}")


def mutate(data: bytes, rnd: random.Random, kind: str, pool: list[bytes], max_size: int = 1 << 16) -> bytes:
    """One mutant of `data`: one to four edits chosen at random."""
    tokens = TOKENS["common"] + TOKENS.get(kind, [])
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(11)
        n = len(data)
        i = rnd.randint(0, n)
        if op == 0 and n:  # flip a byte
            j = rnd.randrange(n)
            data = data[:j] + bytes([rnd.randrange(256)]) + data[j + 1:]
        elif op == 1:  # insert a token
            data = data[:i] + rnd.choice(tokens) + data[i:]
        elif op == 2 and n:  # delete a range
            j = min(n, i + rnd.randint(1, 64))
            data = data[:i] + data[j:]
        elif op == 3 and n:  # duplicate a range
            j = min(n, i + rnd.randint(1, 256))
            data = data[:j] + data[i:j] * rnd.randint(1, 4) + data[j:]
        elif op == 4 and pool:  # splice with another seed
            other = rnd.choice(pool)
            k = rnd.randint(0, len(other))
            data = data[:i] + other[k:k + rnd.randint(1, 512)] + data[i:]
        elif op == 5:  # an edge number in place of a number
            m = list(_NUMBER.finditer(data))
            if m:
                g = rnd.choice(m)
                data = data[:g.start()] + rnd.choice([b"0", b"9" * rnd.choice([5, 19, 4301, 5000]), b"-1",
                                                      b"1" + b"0" * 20]) + data[g.end():]
        elif op == 6:  # an edge date in place of a date
            m = list(_DATE.finditer(data))
            if m:
                g = rnd.choice(m)
                data = data[:g.start()] + rnd.choice([b"9999-12-31", b"0000-01-01", b"9998-12-31", b"2001-02-29",
                                                      b"2001-13-01", b"1-1-1", b"0001-01-01"]) + data[g.end():]
        elif op == 7 and n:  # truncate
            data = data[:rnd.randrange(n)]
        elif op == 8:  # a long run
            data = data[:i] + bytes([rnd.choice(b"a\"\\{[ \t,9")]) * rnd.choice([100, 4000, 70000]) + data[i:]
        elif op == 9 and n:  # swap two lines
            lines = data.split(b"\n")
            if len(lines) > 2:
                a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
                lines[a], lines[b] = lines[b], lines[a]
                data = b"\n".join(lines)
        else:  # random bytes
            data = data[:i] + rnd.randbytes(rnd.randint(1, 16)) + data[i:]
    return data[:max_size]


def minimise(data: bytes, still_fails, budget: int = 2000) -> bytes:
    """A smaller input for which `still_fails` holds (line-wise, then
    byte-wise delta debugging, at most `budget` trials)."""
    tried = 0

    def attempt(candidate: bytes) -> bool:
        nonlocal tried
        tried += 1
        return tried <= budget and still_fails(candidate)

    for sep in (b"\n", None):
        parts = data.split(sep) if sep else [bytes([b]) for b in data]
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and tried < budget:
            i, changed = 0, False
            while i < len(parts) and tried < budget:
                cand = parts[:i] + parts[i + chunk:]
                joined = (sep or b"").join(cand)
                if cand and attempt(joined):
                    parts, changed = cand, True
                else:
                    i += chunk
            if not changed:
                chunk //= 2
        data = (sep or b"").join(parts)
    return data
