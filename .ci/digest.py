"""Digest of fixed-seed CPU runs: parameters, optimiser states, metrics and episode returns.

A refactor must leave these digests unchanged (bit-identical numbers). Usage:
    OMP_NUM_THREADS=1 .venv/bin/python .ci/digest.py smoke      # smoke preset, every supported task
    OMP_NUM_THREADS=1 .venv/bin/python .ci/digest.py cpu        # cpu preset, simple_spread, 2,000 env steps
    OMP_NUM_THREADS=1 .venv/bin/python .ci/digest.py eval       # evaluation, imagined-vs-real of smoke models
"""
import hashlib, json, sys, tempfile
from pathlib import Path
import numpy as np
import torch

def feed(h, x):
    "Hash `x` (tensors by dtype, shape and bytes; containers recursively; scalars by repr)."
    if isinstance(x, torch.Tensor):
        t = x.detach().cpu().contiguous()
        h.update(f'T{t.dtype}{tuple(t.shape)}|'.encode())
        if t.numel(): h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
    elif type(x).__module__ == 'numpy' and hasattr(x, 'tobytes'):
        a = np.ascontiguousarray(x); h.update(f'N{a.dtype}{a.shape}|'.encode()); h.update(a.tobytes())
    elif isinstance(x, dict):
        h.update(b'{')
        for k in x: feed(h, k); feed(h, x[k])
        h.update(b'}')
    elif isinstance(x, (list, tuple)):
        h.update(b'[')
        for v in x: feed(h, v)
        h.update(b']')
    else: h.update(f'{type(x).__name__}:{x!r}|'.encode())

def digest(x) -> str:
    h = hashlib.sha256(); feed(h, x); return h.hexdigest()[:16]

def run(env, preset, steps=None):
    from matwm.config import make_config
    from matwm.training import Trainer
    over = {} if steps is None else dict(total_env_steps=steps)
    c = make_config(preset, env=env, **over)
    with tempfile.TemporaryDirectory() as d:
        t = Trainer(c, run_dir=d, progress=False).run()
        metrics_file = (Path(d) / 'metrics.jsonl').read_text()
    parts = dict(wm=t.wm.state_dict(), ac=t.ac.state_dict(), wm_opt=t.wm_opt.state_dict(), ac_opt=t.ac_opt.state_dict(),
                 metrics=t.training_metrics, rewards=t.episode_rewards, metrics_file=metrics_file,
                 counters=(t.env_step, t.episode, t.updates))
    out = {k: digest(v) for k, v in parts.items()}
    out['all'] = digest(list(out.values()))
    return out

if __name__ == '__main__':
    torch.set_num_threads(1)
    which = sys.argv[1] if len(sys.argv) > 1 else 'smoke'
    from matwm.config import SUPPORTED_ENVS
    if which == 'eval':   # evaluation and imagined-vs-real on a trained smoke model
        from matwm.config import make_config
        from matwm.training import Trainer
        from matwm.evaluation import evaluate_matwm, imagined_vs_real
        for env in ('simple_tag_v3', 'simple_spread_v3'):
            c = make_config('smoke', env=env)
            t = Trainer(c, progress=False).run()
            ev = evaluate_matwm(t.wm, t.ac, c, episodes=3, seed=5, opponents='all' if env == 'simple_tag_v3' else None)
            ivr = [imagined_vs_real(t.wm, ac, c, seed=s, context=4, horizon=6, mode=m) for ac, s, m in ((t.ac, 1, False), (None, 2, True))]
            print(f"eval  {env:22s} evaluate={digest(ev)} imagined_vs_real={digest(ivr)} trainer_eval={digest(t.evaluate(3))}", flush=True)
        sys.exit()
    jobs = [(e, 'smoke', None) for e in SUPPORTED_ENVS] if which == 'smoke' else [('simple_spread_v3', 'cpu', 2000)]
    for env, preset, steps in jobs:
        d = run(env, preset, steps)
        print(f"{preset:5s} {env:22s} all={d['all']}  " + ' '.join(f'{k}={v}' for k, v in d.items() if k != 'all'), flush=True)
