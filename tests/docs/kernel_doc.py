#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kernel_doc.py SRC_DIR [--list]: every function a header offers (include/**/*.h and
src/**/*.h: prototypes and static inline functions) has a kernel-doc comment right above
it, as doc/CONTRIBUTING.md asks:

    /**
     * name() - what it does
     * @arg: ...
     *
     * Return: ... (for a function that returns a value)
     */

and every @arg it names is a parameter of the function.  tests/docs/kernel-doc-todo lists
the functions written before the rule that still lack one: the list may only shrink (a
listed function that gained its comment, or is gone, fails the test until its line goes).
--list prints the functions that lack one, as lines for that file.
"""
import pathlib
import re
import sys


def blank(text):
    """The text with comments, strings and preprocessor lines blanked (offsets kept), and
    the doc comments by the offset where each ends."""
    out, docs, i, n = [], {}, 0, len(text)
    while i < n:
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            docs[j] = text[i:j]
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif text[i] in '"\'':
            q, j = text[i], i + 1
            while j < n and text[j] != q:
                j += 2 if text[j] == '\\' else 1
            out.append(' ' * (j + 1 - i))
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    s = ''.join(out)
    s = re.sub(r'(?m)^[ \t]*#(?:[^\n]*\\\n)*[^\n]*',
               lambda m: re.sub(r'[^\n]', ' ', m.group()), s)
    return s, docs


def functions(text):
    """(name, offset of its declaration, parameter names, returns a value) of each
    function declared or defined static inline at file scope."""
    s, docs = blank(text)
    s = re.sub(r'\bextern\s+\{', lambda m: ' ' * len(m.group()), s)   # extern "C" {
    stmts, depth, start = [], 0, 0
    for k, c in enumerate(s):
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0 and re.match(r'\s*static\s+inline\b', s[start:k]) \
                    and re.search(r'\)\s*\{', s[start:k + 1]):
                stmts.append((start, s[start:k + 1].split('{')[0]))
                start = k + 1
            elif depth < 0:           # the extern "C" block's end
                depth, start = 0, k + 1
        elif c == ';' and depth == 0:
            stmts.append((start, s[start:k]))
            start = k + 1
    found = []
    for off, st in stmts:
        decl = ' '.join(st.split())
        if not decl or decl.startswith('typedef') or '(' not in decl:
            continue
        m = re.match(r'((?:[\w\s\*]+?))\b(\w+)\s*\((?!\s*\*)', decl)
        if not m or m.group(2) in ('__attribute__', 'static_assert', '_Static_assert'):
            continue
        rettype = ' '.join(w for w in m.group(1).split()
                           if w not in ('static', 'inline', 'extern', 'const'))
        args = decl[m.end():]
        depth, k = 1, 0
        while k < len(args) and depth:
            depth += {'(': 1, ')': -1}.get(args[k], 0)
            k += 1
        params = []
        for a in args[:k - 1].split(','):
            a = re.sub(r'\[.*?\]', '', a).strip()
            pm = re.search(r'\(\s*\*\s*(\w+)\s*\)', a) or re.search(r'(\w+)\s*$', a)
            if pm and a not in ('void', '...'):
                params.append(pm.group(1))
        pos = off + len(st) - len(st.lstrip())
        found.append((m.group(2), pos, params, rettype != 'void' or '*' in m.group(1)))
    return found, docs


def problems(path):
    text = pathlib.Path(path).read_text()
    found, docs = functions(text)
    for name, pos, params, returns in found:
        k = pos
        while k > 0 and text[k - 1] in ' \t\n':
            k -= 1
        d = docs.get(k)
        if d is None or not d.startswith('/**') or \
           not re.match(r'/\*\*\s*\n\s*\*\s*' + re.escape(name) + r'(\(\))?\s+-\s+\S', d):
            yield name, 'no kernel-doc comment above it'
            continue
        for arg in re.findall(r'(?m)^\s*\*\s*@(\w+)\s*:', d):
            if arg not in params:
                yield name, f'@{arg} is not one of its parameters'
        if returns and not re.search(r'(?m)^\s*\*\s*Return:', d):
            yield name, 'returns a value but says nothing under "Return:"'


def main():
    root = pathlib.Path(sys.argv[1])
    headers = sorted(list(root.glob('include/**/*.h')) + list(root.glob('src/**/*.h')))
    todo_path = pathlib.Path(__file__).with_name('kernel-doc-todo')
    todo = set()
    for line in todo_path.read_text().splitlines():
        if line.strip() and not line.startswith('#'):
            todo.add(tuple(line.split()[:2]))
    lacking, bad, seen = [], [], set()
    for h in headers:
        rel = str(h.relative_to(root))
        for name, why in problems(h):
            if why == 'no kernel-doc comment above it':
                lacking.append((rel, name))
            else:
                bad.append(f'{rel}: {name}(): {why}')
    if '--list' in sys.argv:
        for rel, name in lacking:
            print(rel, name)
        return 0
    for rel, name in lacking:
        seen.add((rel, name))
        if (rel, name) not in todo:
            bad.append(f'{rel}: {name}(): no kernel-doc comment above it (doc/CONTRIBUTING.md)')
    for rel, name in sorted(todo - seen):
        bad.append(f'{rel}: {name}() is documented now, or gone: remove its line from '
                   f'{todo_path.name}')
    for b in bad:
        print('FAIL', b)
    nfun = sum(len(functions(h.read_text())[0]) for h in headers)
    print(f'{nfun} functions in {len(headers)} headers, {nfun - len(lacking)} with kernel-doc, '
          f'{len(lacking)} still on the list, {len(bad)} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
