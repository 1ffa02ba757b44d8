"""Digest of fixed-seed CPU runs: parameters, optimiser states, metrics and episode returns.

A refactor must leave these digests unchanged (bit-identical numbers). Usage:
    OMP_NUM_THREADS=1 .venv/bin/python .ci/digest.py smoke      # smoke preset, every supported task
    OMP_NUM_THREADS=1 .venv/bin/python .ci/digest.py cpu        # cpu preset, simple_spread, 2,000 env steps
    OMP_NUM_THREADS=1 .venv/bin/python .ci/digest.py eval       # evaluation, imagined-vs-real of smoke models
Hashing is the checkpoint checksum (tensors by dtype, shape and bytes), with numpy values turned into tensors.
"""
import sys, tempfile
from pathlib import Path
import numpy as np
import torch
import matwm.checkpoint as ckpt

def tensors(x):
    "`x` with every numpy array or scalar replaced by a torch tensor (hashed by its bytes, never by repr)."
    if isinstance(x, (np.ndarray, np.generic)): return torch.from_numpy(np.array(x))
    if isinstance(x, dict): return {k: tensors(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)): return [tensors(v) for v in x]
    return x

def digest(x) -> str:
    checksum = getattr(ckpt, 'checksum', None) or ckpt._digest      # `_digest` before it became public
    return checksum(tensors(x))[:16]

def nodiag(m: dict) -> dict:
    "Training metrics without the diagnostics columns (`diag/...`, `diag_ref/...`)."
    return {part: {k: v for k, v in rows.items() if not k.startswith('diag')} for part, rows in m.items()}

def run(env, preset, steps=None) -> dict:
    "Digests of one fixed-seed training run."
    from matwm.config import make_config, IMAGE_ENVS
    from matwm.training import Trainer
    kw = dict(imag_batch=40) if env in IMAGE_ENVS else {}           # Pistonball's 20 agents need >= 20 rollouts
    c = make_config(preset, env=env, **kw, **({} if steps is None else dict(total_env_steps=steps)))
    with tempfile.TemporaryDirectory() as d:
        t = Trainer(c, run_dir=d, progress=False).run()
        metrics_file = (Path(d) / 'metrics.jsonl').read_text()
    parts = dict(wm=t.wm.state_dict(), ac=t.ac.state_dict(), wm_opt=t.wm_opt.state_dict(), ac_opt=t.ac_opt.state_dict(),
                 metrics=t.training_metrics, rewards=t.episode_rewards, metrics_file=metrics_file,
                 metrics_nodiag=nodiag(t.training_metrics),   # without the diagnostics rows (13), which read and never train
                 counters=(t.env_step, t.episode, t.updates))
    out = {k: digest(v) for k, v in parts.items()}
    return {'all': digest(list(out.values())), **out}

def eval_digests(env) -> str:
    "Digests of evaluation, imagined-vs-real and the trainer's evaluation of a trained smoke model."
    from matwm.config import make_config
    from matwm.training import Trainer
    from matwm.evaluation import evaluate_matwm, imagined_vs_real
    c = make_config('smoke', env=env)
    t = Trainer(c, progress=False).run()
    ev = evaluate_matwm(t.wm, t.ac, c, episodes=3, seed=5, opponents='all' if env == 'simple_tag_v3' else None)
    import inspect                                                   # the flag's name before and after it was renamed
    flag = 'greedy_latents' if 'greedy_latents' in inspect.signature(imagined_vs_real).parameters else 'mode'
    ivr = [imagined_vs_real(t.wm, ac, c, seed=s, context=4, horizon=6, **{flag: m}) for ac, s, m in ((t.ac, 1, False), (None, 2, True))]
    return f"evaluate={digest(ev)} imagined_vs_real={digest(ivr)} trainer_eval={digest(t.evaluate(3))}"

if __name__ == '__main__':
    torch.set_num_threads(1)
    which = sys.argv[1] if len(sys.argv) > 1 else 'smoke'
    from matwm.config import SUPPORTED_ENVS
    if which == 'eval':
        for env in ('simple_tag_v3', 'simple_spread_v3'): print(f"eval  {env:22s} {eval_digests(env)}", flush=True)
        sys.exit()
    jobs = [(e, 'smoke', None) for e in SUPPORTED_ENVS] if which == 'smoke' else [('simple_spread_v3', 'cpu', 2000)]
    for env, preset, steps in jobs:
        d = run(env, preset, steps)
        print(f"{preset:5s} {env:22s} " + ' '.join(f'{k}={v}' for k, v in d.items()), flush=True)
