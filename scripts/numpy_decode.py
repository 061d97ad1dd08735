#!/usr/bin/env python3
"""Reference for `bench --decode --tokens C`, usage: numpy_decode.py C [runs]. One decode step of a
GPT-2-small-shaped model over a KV cache of C positions in float32: the new token's q, k, v, attention over the
cache, the MLP, and the full LM head (50257 logits). Prints the median ms per step."""
import sys, time, numpy as np
L, H, D, V = 12, 12, 768, 50257
Dh, F = D // H, 4 * D
rng = np.random.default_rng(0)
def mat(*s): return (rng.standard_normal(s, dtype=np.float32) * 0.02)
wte, wpe = mat(V, D), mat(1024, D)
P = [dict(wqkv=mat(D, 3 * D), bqkv=np.zeros(3 * D, np.float32), wo=mat(D, D), w1=mat(D, F), w2=mat(F, D)) for _ in range(L)]
C = int(sys.argv[1])
K = [mat(H, C, Dh) for _ in range(L)]; Vc = [mat(H, C, Dh) for _ in range(L)]
def ln(x):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True); return (x - m) / np.sqrt(v + 1e-5)
def gelu(x): return 0.5 * x * (1 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x ** 3)))
def step(tok):
    x = wte[tok:tok + 1] + wpe[C:C + 1]
    for l, p in enumerate(P):
        qkv = ln(x) @ p['wqkv'] + p['bqkv']
        q, k, v = (qkv[0, i * D:(i + 1) * D].reshape(H, 1, Dh) for i in range(3))
        keys = np.concatenate([K[l], k], 1); vals = np.concatenate([Vc[l], v], 1)   # the cache plus the new row
        s = q @ keys.transpose(0, 2, 1) / np.float32(8.0)
        w = np.exp(s - s.max(-1, keepdims=True)); w /= w.sum(-1, keepdims=True)
        x = x + (w @ vals).reshape(1, D) @ p['wo']
        x = x + gelu(ln(x) @ p['w1']) @ p['w2']
    return ln(x) @ wte.T
for _ in range(10): step(5)
ms = []
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 30):
    t0 = time.perf_counter(); step(5); ms.append((time.perf_counter() - t0) * 1e3)
print(f"numpy decode C={C}: median {sorted(ms)[len(ms)//2]:.1f} ms/token")
