"""Format the code cells of notebooks: `.venv/bin/python .ci/format.py nbs/*.ipynb` (then `nbdev_export`).

Three passes over every code cell (cells with IPython magics or a `# fmt: off` are left to ruff or alone):
1. a statement whose trailing comment would push it past 110 columns gets the comment on the line above;
2. `ruff format` with `.ci/ruff.toml` (110 columns, quotes as written): one statement per line, long lines wrapped;
3. a comment ruff left after a signature's closing `):` goes back onto the last parameter, where nbdev's
   docments reads a parameter's doc; one left after an exploded `if (...):` goes above the statement, and
   ruff runs once more to join the condition again.
"""
import io, json, re, subprocess, sys, tokenize
from pathlib import Path
LIMIT = 110

def move_long_comments(src: str) -> str:
    try: toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError): return src
    lines = src.split('\n'); moves = {}
    for k, t in enumerate(toks):
        if t.type != tokenize.COMMENT: continue
        row, col = t.start; line = lines[row - 1]
        code = line[:col].rstrip()
        if not code.strip() or len(code) + 2 + len(t.string) <= LIMIT: continue   # ruff's two spaces: it fits
        if re.match(r'\s*(if|elif|else|for|while|try|except|finally|with|def|class|async)\b', code):
            continue                                                     # a compound line: ruff splits it, the comment stays
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is None or nxt.type != tokenize.NEWLINE: continue          # inside brackets: a parameter's comment stays
        j = k - 1                                                        # the logical line must start on this row
        while j >= 0 and toks[j].start[0] == row: j -= 1
        if j >= 0 and toks[j].type not in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT, tokenize.ENCODING): continue
        if j >= 0 and toks[j].type == tokenize.NL and toks[j].line.strip() and not toks[j].line.strip().startswith('#'):
            continue                                                     # an NL ending a bracketed line: we are inside
        if len(code) > LIMIT: continue
        indent = line[:len(line) - len(line.lstrip())]
        moves[row] = (indent + t.string, code)
    if not moves: return src
    out = []
    for r, line in enumerate(lines, 1):
        if r in moves: out += [moves[r][0], moves[r][1]]
        else: out.append(line)
    new = '\n'.join(out)
    try: compile(new, '<cell>', 'exec', dont_inherit=True)              # the move kept the cell valid Python
    except SyntaxError: return src
    return new

CLOSE = re.compile(r'^(\s*)\)((?: -> [^#]+?)?):(\s+)(#.*)$')
def docments_back(src: str) -> str:
    lines = src.split('\n')
    for i in range(1, len(lines)):
        m = CLOSE.match(lines[i]); prev = lines[i - 1]
        if m and prev.rstrip().endswith(',') and '#' not in prev:
            lines[i - 1] = prev.rstrip() + '  ' + m[4]
            lines[i] = f"{m[1]}){m[2]}:"
    return '\n'.join(lines)

HEADER = re.compile(r'\s*(if|elif|while|for|with|except|async with|async for)\b')
def compound_comments_up(src: str) -> str:
    "A comment ruff left after the `):` of an exploded `if (...):` (and the like) goes above the statement."
    lines = src.split('\n')
    for i in range(1, len(lines)):
        m = CLOSE.match(lines[i])
        if not m: continue
        ind = m[1]
        j = next((k for k in range(i - 1, -1, -1) if lines[k].startswith(ind) and not lines[k][len(ind):].startswith((' ', ')'))), None)
        if j is None or not HEADER.match(lines[j]) or len(lines[j]) - len(lines[j].lstrip()) != len(ind): continue
        lines[i] = f"{ind}){m[2]}:"
        lines.insert(j, ind + m[4])
    return '\n'.join(lines)

def cells(nb):
    d = json.load(open(nb))
    return d, [c for c in d['cells'] if c['cell_type'] == 'code']

def skip(s): return any(l.lstrip().startswith(('%', '!')) for l in s.split('\n'))

def main(nbs):
    for nb in nbs:
        d, cs = cells(nb)
        for c in cs:
            s = ''.join(c['source'])
            if not skip(s) and 'fmt: off' not in s: c['source'] = move_long_comments(s).splitlines(keepends=True)
        with open(nb, 'w') as f: json.dump(d, f, indent=1, ensure_ascii=False); f.write('\n')
    config = Path(__file__).with_name('ruff.toml')
    subprocess.run([str(Path(sys.executable).with_name('ruff')), 'format', '--config', str(config), *nbs], check=True)
    moved = False
    for nb in nbs:
        d, cs = cells(nb)
        for c in cs:
            s = ''.join(c['source']); t = compound_comments_up(docments_back(s))
            if t != s: c['source'] = t.splitlines(keepends=True)
            moved |= t != s
        with open(nb, 'w') as f: json.dump(d, f, indent=1, ensure_ascii=False); f.write('\n')
    if moved:                                                            # ruff joins what the comments had split
        subprocess.run([str(Path(sys.executable).with_name('ruff')), 'format', '--config', str(config), *nbs], check=True)

if __name__ == '__main__': main(sys.argv[1:])
