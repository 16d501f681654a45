#!/usr/bin/env python3
"""Check tests/data/assign_dev.jsonl against the shared corpora.

Usage: python3 tests/data/check_assign_dev.py [CORPORA_DIR]

CORPORA_DIR defaults to ../shared/corpora relative to the repository root.
When it is absent the check is skipped (exit 0), like the tests that use it.

Checks: valid JSONL with the expected fields; every message id exists in the
named messages file; every article number is an article heading (a line that
starts with 第…条) of the named law; no duplicate (law, file, message) line;
at most 3 articles, no repeats; empty article lists stay at or under 10%.
Warnings (not errors): a note that copies a long run of the message text, and
two labelled messages whose texts are near-identical.
"""

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "assign_dev.jsonl"
REPO = HERE.parent.parent

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
ARTICLE = re.compile(r"^第([零〇一二两三四五六七八九十百千]+)条")


def chinese_number(text):
    total, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (digit or 1) * UNITS[ch]
            digit = 0
    return total + digit


def article_numbers(path):
    numbers = set()
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.replace("\u200b", "").strip()
        match = ARTICLE.match(line)
        if match:
            numbers.add(chinese_number(match.group(1)))
    return numbers


def message_texts(path):
    texts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            texts[str(row["id"])] = row.get("title", "") + " " + row.get("detail_stripped", "")
    return texts


def shingles(text, n=5):
    text = re.sub(r"\s+", "", text)
    return {text[i:i + n] for i in range(max(len(text) - n + 1, 1))}


def longest_common_run(a, b):
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def main():
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpora"
    if not corpora.is_dir():
        print(f"skip: {corpora} is absent")
        return 0

    errors, warnings = [], []
    laws, messages = {}, {}
    rows = []
    for number, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(f"line {number}: not JSON ({err})")
            continue
        if set(row) != {"law", "file", "message", "articles", "note"}:
            errors.append(f"line {number}: fields are {sorted(row)}")
            continue
        if not isinstance(row["message"], str) or not isinstance(row["note"], str) or not row["note"]:
            errors.append(f"line {number}: message must be a string and note a non-empty string")
        articles = row["articles"]
        if not isinstance(articles, list) or not all(isinstance(a, int) for a in articles):
            errors.append(f"line {number}: articles must be a list of integers")
            continue
        if len(articles) > 3 or len(set(articles)) != len(articles):
            errors.append(f"line {number}: articles {articles}: at most 3, no repeats")

        law, file = row["law"], row["file"]
        if law not in laws:
            path = corpora / "laws" / law
            laws[law] = article_numbers(path) if path.is_file() else None
        if file not in messages:
            path = corpora / "messages" / file
            messages[file] = message_texts(path) if path.is_file() else None
        if laws[law] is None:
            errors.append(f"line {number}: no law file {law}")
        elif missing := [a for a in articles if a not in laws[law]]:
            errors.append(f"line {number}: {law} has no article {missing}")
        if messages[file] is None:
            errors.append(f"line {number}: no messages file {file}")
        elif row["message"] not in messages[file]:
            errors.append(f"line {number}: no message {row['message']} in {file}")
        else:
            run = longest_common_run(row["note"], messages[file][row["message"]])
            if run >= 12:
                warnings.append(f"line {number}: note copies {run} characters of the message")
        rows.append(row)

    keys = Counter((r["law"], r["file"], r["message"]) for r in rows)
    errors += [f"duplicate line for {key}" for key, count in keys.items() if count > 1]

    # Near-identical texts among the labelled messages (the hot-messages file has many copies).
    distinct = sorted({(r["file"], r["message"]) for r in rows if messages.get(r["file"])
                       and r["message"] in messages[r["file"]]})
    sets = {key: shingles(messages[key[0]][key[1]]) for key in distinct}
    for i, a in enumerate(distinct):
        for b in distinct[i + 1:]:
            inter = len(sets[a] & sets[b])
            if inter and inter / len(sets[a] | sets[b]) >= 0.4:
                warnings.append(f"near-identical messages: {a} and {b}")

    per_law = Counter(r["law"] for r in rows)
    empty = sum(1 for r in rows if not r["articles"])
    with_alternatives = sum(1 for r in rows if len(r["articles"]) > 1)
    if rows and empty / len(rows) > 0.10:
        errors.append(f"{empty} empty article lists out of {len(rows)} (> 10%)")

    print(f"{len(rows)} lines, {len(distinct)} distinct messages, "
          f"{with_alternatives} with alternatives, {empty} with no article")
    for law, count in sorted(per_law.items()):
        print(f"  {count:4d}  {law}")
    for warning in warnings:
        print("warning:", warning)
    for error in errors:
        print("error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
