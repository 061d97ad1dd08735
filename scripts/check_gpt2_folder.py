#!/usr/bin/env python3
"""Checks a GPT-2 model folder against Attention Lens with code that shares nothing with it.

usage: check_gpt2_folder.py FOLDER EXPORT.json

EXPORT.json is what `attention-lens export --model FOLDER --text TEXT --out EXPORT.json` wrote. This script
tokenizes the same text with Hugging Face `tokenizers` (vocab.json + merges.txt), reads model.safetensors with
its own header parser, runs Hugging Face's GPT-2 math in float64 numpy, and compares ids, every head's
attention weights and the last position's logits. Needs numpy and tokenizers.
"""
import json, struct, sys
import numpy as np
from tokenizers import Tokenizer, decoders, models, pre_tokenizers


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F32":
            sys.exit(f"{name}: this check reads F32 only, not {t['dtype']}")
        a, b = t["data_offsets"]
        out[name.removeprefix("transformer.")] = np.frombuffer(data[a:b], "<f4").reshape(t["shape"]).astype(np.float64)
    return out


def layer_norm(x, g, b, eps):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def gelu_new(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def forward(w, cfg, ids):
    T, D, H = len(ids), cfg["n_embd"], cfg["n_head"]
    Dh, eps = D // H, cfg["layer_norm_epsilon"]
    x = w["wte.weight"][ids] + w["wpe.weight"][:T]
    weights = []
    future = np.triu(np.ones((T, T), bool), 1)
    for l in range(cfg["n_layer"]):
        p = lambda n: w[f"h.{l}.{n}"]
        qkv = layer_norm(x, p("ln_1.weight"), p("ln_1.bias"), eps) @ p("attn.c_attn.weight") + p("attn.c_attn.bias")
        q, k, v = (qkv[:, i * D:(i + 1) * D].reshape(T, H, Dh).transpose(1, 0, 2) for i in range(3))
        s = np.where(future, -np.inf, q @ k.transpose(0, 2, 1) / np.sqrt(Dh))
        a = np.exp(s - s.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        weights.append(a)
        x = x + (a @ v).transpose(1, 0, 2).reshape(T, D) @ p("attn.c_proj.weight") + p("attn.c_proj.bias")
        h = layer_norm(x, p("ln_2.weight"), p("ln_2.bias"), eps)
        x = x + gelu_new(h @ p("mlp.c_fc.weight") + p("mlp.c_fc.bias")) @ p("mlp.c_proj.weight") + p("mlp.c_proj.bias")
    head = w.get("lm_head.weight", w["wte.weight"])
    return layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps)[-1] @ head.T, weights


def main(folder, export_path):
    cfg = json.load(open(f"{folder}/config.json"))
    export = json.load(open(export_path))
    text = "".join(export["tokens"])
    tok = Tokenizer(models.BPE.from_file(f"{folder}/vocab.json", f"{folder}/merges.txt"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    ids = tok.encode(text).ids
    print(f"ids: {'same' if ids == export['ids'] else 'DIFFERENT'} ({len(ids)} tokens)")
    logits, weights = forward(read_safetensors(f"{folder}/model.safetensors"), cfg, export["ids"])
    dw = max(np.abs(np.array(h["weights"]) - weights[l][i]).max()
             for l, layer in enumerate(export["layers"]) for i, h in enumerate(layer["heads"]))
    dl = np.abs(np.array(export["logits_last"]) - logits).max()
    print(f"max |Δ| attention weights {dw:.2e}, last logits {dl:.2e} (logits span {logits.min():.1f} … {logits.max():.1f})")
    ok = ids == export["ids"] and dw < 1e-4 and dl < 1e-3
    print("agree" if ok else "DISAGREE")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
