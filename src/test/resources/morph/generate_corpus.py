#!/usr/bin/env python3
"""Builds the apply corpus (cases/<id>/original.*, update.*, expected.*) from base/ and edits.py.

The expected file is the base file with the edit operations applied line by line here; the update is the
lazy snippet a model would write for those edits (changed lines plus a few lines of context, every other
span elided with a marker comment). Nothing here runs or mirrors the engine. Re-run after changing
base/ or edits.py:  python3 generate_corpus.py
"""
import itertools
import os
import shutil

from edits import EDITS

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER_TEXTS = ["... existing code ...", "... existing code ...", "... rest of the code ...",
                "... keep existing code ...", "...", "... Existing Code ..."]


def key(line):
    return " ".join(line.split())


def find_line(lines, needle, after=None):
    """The one line containing needle; with after, the first such line after that line."""
    hits = [i for i, line in enumerate(lines) if needle in line and (after is None or i > after)]
    if not hits or (after is None and len(hits) != 1):
        raise ValueError(f"{needle!r} is on {len(hits)} lines")
    return hits[0]


def extent(spec):
    if spec == [] or spec is None:
        return 0, 0
    if isinstance(spec, int):
        return (0, spec) if spec >= 0 else (-spec, 0)
    return abs(spec[0]), spec[1]


def spans_of(lines, op):
    """The (start, end, new_lines) replacements of one operation, in original line numbers."""
    kind = op[1]
    if kind == "replace_all":
        old, new = op[2], op[3]
        return [(i, i + 1, [line.replace(old, new)]) for i, line in enumerate(lines) if old in line]
    if kind == "replace":
        i = find_line(lines, op[2])
        return [(i, i + 1, op[3])]
    if kind == "replace_range":
        i = find_line(lines, op[2])
        j = i if op[3] == op[2] else find_line(lines, op[3], after=i)
        return [(i, j + 1, op[4])]
    if kind == "insert_after":
        i = find_line(lines, op[2])
        return [(i + 1, i + 1, op[3])]
    if kind == "insert_after_block":
        i = find_line(lines, op[2])
        close = next(j for j in range(i, len(lines)) if lines[j].strip() == "}")
        return [(close + 1, close + 1, op[3])]
    if kind == "insert_before":
        i = find_line(lines, op[2])
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        return [(i, i, [(indent + l if l and k == 0 else l) for k, l in enumerate(op[3])])]
    if kind == "delete":
        before, after = extent(op[4])
        i = find_line(lines, op[2])
        j = i if op[3] == op[2] else find_line(lines, op[3], after=i)
        return [(i - before, j + 1 + after, [])]
    raise ValueError(kind)


def comment(ext, lines, near, text):
    indent_source = lines[near] if 0 <= near < len(lines) else ""
    indent = indent_source[: len(indent_source) - len(indent_source.lstrip())]
    if ext == "py":
        return f"{indent}# {text}"
    if ext == "sql":
        return f"{indent}-- {text}"
    if ext == "css":
        return f"{indent}/* {text} */"
    if ext == "html":
        return f"{indent}<!-- {text} -->"
    if ext == "vue":
        section = "template"
        for line in lines[: max(near, 0) + 1]:
            s = line.strip()
            if s.startswith("<script"):
                section = "script"
            elif s.startswith("<style"):
                section = "style"
            elif s.startswith("</script") or s.startswith("</style"):
                section = "template"
        return indent + {"script": f"// {text}", "style": f"/* {text} */", "template": f"<!-- {text} -->"}[section]
    if ext == "tsx" and indent_source.strip().startswith(("<", "{", "</")):
        return f"{indent}{{/* {text} */}}"
    return f"{indent}// {text}"


def build(original, ops, variant, ext, with_markers=True):
    spans = sorted(s for op in ops for s in spans_of(original, op))
    for (a0, a1, _), (b0, b1, _) in zip(spans, spans[1:]):
        if b0 < a1 or (b0 == a1 and a0 == a1 == b0):
            return None  # overlapping operations do not combine
    target, hunks, cursor = [], [], 0
    for start, end, new in spans:
        target.extend(original[cursor:start])
        hunks.append([len(target), len(target) + len(new)])
        target.extend(new)
        cursor = end
    target.extend(original[cursor:])

    originals = {}
    for line in original:
        originals[key(line)] = originals.get(key(line), 0) + 1

    def weak(line):
        return not line.strip() or originals.get(key(line), 0) != 1

    base_context = 1 + variant % 3
    windows = []
    for start, end in hunks:
        lo, k = start - base_context, base_context
        while lo > 0 and weak(target[lo]) and k < base_context + 8:
            lo, k = lo - 1, k + 1
        hi, k = end + base_context, base_context
        while hi < len(target) and weak(target[hi - 1]) and k < base_context + 8:
            hi, k = hi + 1, k + 1
        windows.append([max(lo, 0), min(hi, len(target))])
    merged = []
    for window in windows:
        if merged and window[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], window[1])
        else:
            merged.append(window)
    if not with_markers:
        if len(merged) != 1 or merged[0][0] == 0 or merged[0][1] == len(target):
            return None
        return "\n".join(target[merged[0][0]:merged[0][1]]) + "\n", "\n".join(target) + "\n"
    text = MARKER_TEXTS[variant % len(MARKER_TEXTS)]
    update = []
    for lo, hi in merged:
        if lo > 0:
            update.append(comment(ext, target, lo, text))
        update.extend(target[lo:hi])
    if merged[-1][1] < len(target):
        update.append(comment(ext, target, merged[-1][1] - 1, text))
    return "\n".join(update) + "\n", "\n".join(target) + "\n"


def write_case(root, case_id, ext, original, update, expected):
    directory = os.path.join(root, case_id)
    os.makedirs(directory)
    for name, text in (("original", original), ("update", update), ("expected", expected)):
        with open(os.path.join(directory, f"{name}.{ext}"), "w", newline="") as f:
            f.write(text)


def main():
    root = os.path.join(HERE, "cases")
    shutil.rmtree(root, ignore_errors=True)
    count = 0
    for file_name, ops in EDITS.items():
        ext = file_name.rsplit(".", 1)[1]
        stem = file_name.rsplit(".", 1)[0].lower()
        with open(os.path.join(HERE, "base", file_name)) as f:
            original_text = f.read()
        original = original_text.rstrip("\n").split("\n")
        combos = [(op,) for op in ops] + list(itertools.combinations(ops, 2)) + list(itertools.combinations(ops, 3))[::7]
        for variant, combo in enumerate(combos):
            built = build(original, combo, variant, ext)
            if built is None:
                continue
            update, expected = built
            name = "+".join(op[0] for op in combo)
            crlf = variant % 9 == 4
            source = original_text
            if crlf:
                source, expected = source.replace("\n", "\r\n"), expected.replace("\n", "\r\n")
            write_case(root, f"{stem}-{variant:03d}-{name}" + ("-crlf" if crlf else ""), ext, source, update, expected)
            count += 1
            if len(combo) == 1:
                plain = build(original, combo, variant, ext, with_markers=False)
                if plain is not None:
                    write_case(root, f"{stem}-{variant:03d}-{name}-no-markers", ext, original_text, *plain)
                    count += 1
    print(f"{count} cases")


if __name__ == "__main__":
    main()
