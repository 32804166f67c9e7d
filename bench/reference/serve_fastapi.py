#!/usr/bin/env python3
"""Reference server for `npm run bench -- serve`: the course-standard Python stack (FastAPI + uvicorn +
PyTorch, from Debian) serving the SAME model as `mlx serve`: it reads the mlx bundle (tfjs model.json +
weights.bin, pipeline.json, schema.json), rebuilds the MLP in torch with the trained weights, validates
requests with pydantic models built from schema.json, and preprocesses exactly like pipeline.json.

usage: serve_fastapi.py --bundle DIR [--host 127.0.0.1] [--port 8000] [--workers 1]
"""
import argparse
import json
import os
import sys
from typing import List, Literal, Optional, Union

import torch
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, create_model

torch.set_num_threads(1)
ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "elu": torch.nn.ELU, "selu": torch.nn.SELU}


def load_model(bundle: str) -> torch.nn.Sequential:
    with open(os.path.join(bundle, "model.json")) as f:
        model_json = json.load(f)
    weights = open(os.path.join(bundle, "weights.bin"), "rb").read()
    tensors, offset = [], 0
    for spec in model_json["weightsManifest"][0]["weights"]:
        n = 1
        for d in spec["shape"]:
            n *= d
        t = torch.frombuffer(bytearray(weights[offset : offset + 4 * n]), dtype=torch.float32).reshape(spec["shape"])
        tensors.append(t)
        offset += 4 * n
    layers, i = [], 0
    for layer in model_json["modelTopology"]["config"]["layers"]:
        if layer["class_name"] != "Dense":
            continue  # dropout is the identity at inference
        kernel, bias = tensors[i], tensors[i + 1]
        i += 2
        linear = torch.nn.Linear(kernel.shape[0], kernel.shape[1])
        with torch.no_grad():
            linear.weight.copy_(kernel.T)
            linear.bias.copy_(bias)
        layers.append(linear)
        act = layer["config"].get("activation", "linear")
        if act == "softmax":
            layers.append(torch.nn.Softmax(dim=1))
        elif act in ACTIVATIONS:
            layers.append(ACTIVATIONS[act]())
    return torch.nn.Sequential(*layers).eval()


def build_app(bundle: str) -> FastAPI:
    pipeline = json.load(open(os.path.join(bundle, "pipeline.json")))
    schema = json.load(open(os.path.join(bundle, "schema.json")))
    model = load_model(bundle)
    classes = pipeline["target"]["classes"]

    fields = {}
    for f in schema["features"]:
        if f["type"] == "numeric":
            typ = float
        elif f["allowed"]:
            typ = Literal[tuple(f["allowed"])]
        else:
            typ = str
        fields[f["name"]] = (typ, ...) if f["required"] else (Optional[typ], None)
    Instance = create_model("Instance", **fields)

    class Batch(BaseModel):
        instances: List[Instance]

    def encode(rows) -> torch.Tensor:
        out = []
        for r in rows:
            vec = []
            for f in pipeline["features"]:
                v = getattr(r, f["name"])
                if f["kind"] == "numeric":
                    step = f["step"]
                    v = step["impute"] if v is None else v
                    vec.append((v - step["center"]) / step["scale"])
                elif f["kind"] == "categorical":
                    v = f["impute"] if v is None else v
                    vec.extend(1.0 if v == c else 0.0 for c in f["categories"])
                else:
                    raise ValueError(f"unsupported feature kind {f['kind']}")
            out.append(vec)
        return torch.tensor(out, dtype=torch.float32)

    app = FastAPI()

    @app.post("/v1/predict")
    def predict(body: Union[Batch, Instance]):
        rows = body.instances if isinstance(body, Batch) else [body]
        with torch.no_grad():
            probs = model(encode(rows)).tolist()
        predictions = [
            {"label": classes[max(range(len(p)), key=p.__getitem__)], "probabilities": dict(zip(classes, p))}
            for p in probs
        ]
        return {"predictions": predictions, "model_version": "reference"}

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app


def nodelay():
    # In uvicorn's worker processes the connections come from a socket the supervisor passed down, and
    # asyncio leaves TCP_NODELAY off on those: every answer then waited ~40 ms for the client's delayed ACK
    # (measured: 360 req/s at 44 ms p50 with 2 workers, 16 connections). Set it, as one process has it (set
    # there too, it changed nothing: 2,814 and 2,128 against 2,867 and 2,013 req/s).
    import socket

    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    made = HttpToolsProtocol.connection_made

    def connection_made(self, transport):
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        made(self, transport)

    HttpToolsProtocol.connection_made = connection_made


def app_from_env():
    nodelay()
    return build_app(os.environ["MLX_REFERENCE_BUNDLE"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    options = dict(host=args.host, port=args.port, http="httptools", access_log=False, log_level="warning")
    if args.workers == 1:
        uvicorn.run(build_app(args.bundle), workers=1, **options)
    else:
        # uvicorn's worker processes import the app by name: each builds its own from the bundle.
        os.environ["MLX_REFERENCE_BUNDLE"] = args.bundle
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        uvicorn.run("serve_fastapi:app_from_env", factory=True, workers=args.workers, **options)
