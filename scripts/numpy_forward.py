#!/usr/bin/env python3
"""Reference for `bench --tokens T`, usage: numpy_forward.py T [runs]. The same work in numpy: a forward pass of
a GPT-2-small-shaped model (12 layers, 12 heads, d 768, vocab 50257) over T tokens in float32, keeping every
head's scores and softmax weights and the value norms ||v_j W_O^h||, logits for the last position only.
Prints the median wall time of the timed runs."""
import sys, time, numpy as np

L, H, D, V, N = 12, 12, 768, 50257, 1024
Dh, F = D // H, 4 * D
rng = np.random.default_rng(0)
def mat(*s): return (rng.standard_normal(s, dtype=np.float32) * 0.02)
wte, wpe = mat(V, D), mat(N, D)
layers = [dict(g1=np.ones(D, np.float32), b1=np.zeros(D, np.float32), wqkv=mat(D, 3 * D), bqkv=np.zeros(3 * D, np.float32),
               wo=mat(D, D), bo=np.zeros(D, np.float32), g2=np.ones(D, np.float32), b2=np.zeros(D, np.float32),
               w1=mat(D, F), bb1=np.zeros(F, np.float32), w2=mat(F, D), bb2=np.zeros(D, np.float32)) for _ in range(L)]
gf, bf = np.ones(D, np.float32), np.zeros(D, np.float32)

def ln(x, g, b):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + 1e-5) * g + b

def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))

def forward(ids):
    T = len(ids)
    x = wte[ids] + wpe[:T]
    mask = np.triu(np.ones((T, T), bool), 1)
    capture = []
    for p in layers:
        h = ln(x, p['g1'], p['b1'])
        qkv = h @ p['wqkv'] + p['bqkv']
        q, k, v = (qkv[:, i * D:(i + 1) * D].reshape(T, H, Dh).transpose(1, 0, 2) for i in range(3))
        scores = (q @ k.transpose(0, 2, 1)) / np.float32(np.sqrt(Dh))     # (H, T, T)
        s = np.where(mask, -np.inf, scores)
        w = np.exp(s - s.max(-1, keepdims=True)); w /= w.sum(-1, keepdims=True)
        o = (w @ v).transpose(1, 0, 2).reshape(T, D)
        vo = v @ p['wo'].reshape(H, Dh, D)                                   # (H, T, D) v_j W_O^h
        norms = np.linalg.norm(vo, axis=-1)                                  # (H, T)
        capture.append((scores, w, norms))
        x = x + o @ p['wo'] + p['bo']
        h = ln(x, p['g2'], p['b2'])
        x = x + gelu(h @ p['w1'] + p['bb1']) @ p['w2'] + p['bb2']
    logits = ln(x[-1:], gf, bf) @ wte.T
    return logits, capture

T, runs = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 7
ids = rng.integers(0, V, T)
for _ in range(3): forward(ids)
ms = []
for _ in range(runs):
    t0 = time.perf_counter(); forward(ids); ms.append((time.perf_counter() - t0) * 1e3)
print(f"numpy {np.__version__} T={T}: median {sorted(ms)[len(ms)//2]:.1f} ms, min {min(ms):.1f} ms")
