// Compiles the training kernels (wasm/mlp-train.rs) to the WebAssembly module committed at
// src/lib/model/families/tfjs-mlp/mlp-train.wasm. Run it after editing the Rust source:
//
//   node scripts/build-wasm.js            (RUSTC=/path/to/rustc to pick a compiler)
//
// Needs a rustc with the wasm32-unknown-unknown target: `rustup target add wasm32-unknown-unknown`, or
// Debian's `apt-get install rustc libstd-rust-dev-wasm32` (1.63 and later work). Neither install nor run
// time needs it: the .wasm is committed, and `npm run build` only copies it into dist/. The module
// carries the sha256 of the source it was built from (custom section `mlx-source-sha256`, checked by
// test/lib/model/families/tfjs-mlp/kernels.test.ts) and the compiler's version (`mlx-built-with`).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'wasm', 'mlp-train.rs');
const target = path.join(root, 'src', 'lib', 'model', 'families', 'tfjs-mlp', 'mlp-train.wasm');
const rustc = process.env.RUSTC ?? 'rustc';

/** A WebAssembly custom section: id 0, size, name, payload (sizes as unsigned LEB128). */
function customSection(name, payload) {
  const leb = (n) => {
    const bytes = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n) byte |= 0x80;
      bytes.push(byte);
    } while (n);
    return Buffer.from(bytes);
  };
  const nameBytes = Buffer.from(name, 'utf8');
  const body = Buffer.concat([leb(nameBytes.length), nameBytes, Buffer.from(payload, 'utf8')]);
  return Buffer.concat([Buffer.of(0), leb(body.length), body]);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mlx-wasm-'));
try {
  const out = path.join(tmp, 'mlp-train.wasm');
  // opt-level 3 without fast-math: LLVM keeps every f32 operation and its order (see the source's header).
  execFileSync(
    rustc,
    [
      '--edition=2021',
      '--crate-type=cdylib',
      '--target=wasm32-unknown-unknown',
      '-Ctarget-feature=+simd128',
      '-Copt-level=3',
      '-Cpanic=abort',
      '-Clto',
      '-Cstrip=symbols',
      source,
      '-o',
      out,
    ],
    { stdio: 'inherit' },
  );
  const version = execFileSync(rustc, ['--version'], { encoding: 'utf8' }).trim();
  const sha = createHash('sha256').update(readFileSync(source)).digest('hex');
  writeFileSync(
    target,
    Buffer.concat([
      readFileSync(out),
      customSection('mlx-source-sha256', sha),
      customSection('mlx-built-with', version),
    ]),
  );
  console.log(`wrote ${path.relative(root, target)} (${version}, source sha256 ${sha.slice(0, 12)})`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
