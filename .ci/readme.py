"""README.md from nbs/index.ipynb as nbdev_readme renders it without outputs (no Quarto needed):
markdown cells, visible code cells fenced. Usage: python .ci/readme.py nbs/index.ipynb > README.md"""
import json, sys
nb = json.load(open(sys.argv[1]))
parts = []
for c in nb['cells']:
    src = ''.join(c['source']).strip('\n')
    if c['cell_type'] == 'markdown': parts.append(src)
    elif c['cell_type'] == 'code':
        if any(l.strip().startswith('#|') and ('hide' in l or 'export' in l) for l in src.splitlines()): continue
        parts.append('```python\n' + src + '\n```')
sys.stdout.write('\n\n'.join(parts) + '\n')
