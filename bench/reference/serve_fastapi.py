#!/usr/bin/env python3
"""Reference server for `npm run bench -- serve`: the course-standard Python stack (FastAPI + uvicorn +
PyTorch, from Debian) serving the SAME model as `mlx serve`: it reads the mlx bundle (tfjs model.json +
weights.bin, pipeline.json, schema.json), rebuilds the MLP in torch with the trained weights, validates
requests with pydantic models built from schema.json, and preprocesses exactly like pipeline.json.

usage: serve_fastapi.py --bundle DIR [--host 127.0.0.1] [--port 8000]
"""
import argparse
import json
import os
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run(build_app(args.bundle), host=args.host, port=args.port, workers=1, http="httptools", access_log=False, log_level="warning")
