//! mlx's training kernels for dense MLPs, compiled to WebAssembly with SIMD (see scripts/build-wasm.js).
//!
//! Every function works on f32 arrays at byte offsets into the module's one memory, laid out and owned
//! by the caller (src/lib/train/families/tfjs-mlp/kernels.ts). Row-major throughout; a dense kernel is
//! `[inputs, units]` as in tfjs.
//!
//! Determinism: plain IEEE f32 multiplies and adds (no fused multiply-add, no relaxed SIMD), each sum
//! taken in one fixed order that does not depend on alignment, blocking or the CPU, so the same inputs
//! give the same bits on every machine. Every sum over the shared (inner) dimension runs in index
//! order from its first term; the sparse kernels take the same sums skipping exact-zero inputs, which
//! add exact zeros, so they give the same bits as the dense ones.
//!
//! Column tails (a width that is not a multiple of 4) are computed in full 4-lane vectors that read
//! up to 3 floats past a row: the caller pads every buffer by 16 bytes, and only the valid lanes are
//! stored.
#![no_std]

use core::arch::wasm32::*;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    unreachable()
}

pub const ACT_LINEAR: u32 = 0;
pub const ACT_RELU: u32 = 1;
pub const ACT_TANH: u32 = 2;
pub const ACT_SIGMOID: u32 = 3;
pub const ACT_ELU: u32 = 4;
pub const ACT_SELU: u32 = 5;

const SELU_SCALE: f32 = 1.050_700_987_355_480_5;
const SELU_ALPHA: f32 = 1.673_263_242_354_377_2;

#[inline(always)]
unsafe fn ld(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}

#[inline(always)]
unsafe fn st(p: *mut f32, v: v128) {
    v128_store(p as *mut v128, v)
}

#[inline(always)]
unsafe fn splat(p: *const f32) -> v128 {
    v128_load32_splat(p as *const u32)
}

/// Stores the first `lanes` (1..=4) lanes of `v`.
#[inline(always)]
unsafe fn st_lanes(p: *mut f32, v: v128, lanes: usize) {
    if lanes >= 4 {
        st(p, v);
        return;
    }
    *p = f32x4_extract_lane::<0>(v);
    if lanes > 1 {
        *p.add(1) = f32x4_extract_lane::<1>(v);
    }
    if lanes > 2 {
        *p.add(2) = f32x4_extract_lane::<2>(v);
    }
}

/// `v` with every subnormal lane (0 < |x| < 2⁻¹²⁶) replaced by +0; normal numbers, zeros, infinities and
/// NaN are kept. The optimisers store what they compute through this: weight decay drives the weights
/// of a unit that is never active (a dead ReLU) and the second moments of tiny gradients towards zero
/// geometrically, into the subnormal range, where every multiply that touches them costs ~100 cycles on
/// many x86 CPUs (a microcode assist) — a model with a fifth of its weights subnormal predicted 15×
/// slower. Flushing them is deterministic and the same on every CPU, like the rest of the arithmetic.
#[inline(always)]
fn flush(v: v128) -> v128 {
    v128_andnot(v, f32x4_lt(f32x4_abs(v), f32x4_splat(f32::MIN_POSITIVE)))
}

/// `flush` of one value (the same result as a lane of `flush`: a subnormal or −0 gives +0).
#[inline(always)]
fn flush1(x: f32) -> f32 {
    if f32::from_bits(x.to_bits() & 0x7fff_ffff) < f32::MIN_POSITIVE {
        0.0
    } else {
        x
    }
}

#[inline(always)]
fn relu(v: v128) -> v128 {
    // max, not pmax: a NaN stays NaN, so divergence shows in the loss.
    f32x4_max(v, f32x4_splat(0.0))
}

/// `out[m×n] = a[m×k] · w[k×n] (+ b[n])`, then ReLU when `act` is ACT_RELU (other activations are
/// applied by the caller). `b` 0 = no bias. Each output starts from its bias and adds `a[r,p]·w[p,c]`
/// for p = 0..k in order.
#[no_mangle]
pub unsafe extern "C" fn dense_forward(
    a: *const f32,
    m: usize,
    k: usize,
    w: *const f32,
    n: usize,
    b: *const f32,
    act: u32,
    out: *mut f32,
) {
    let relu_out = act == ACT_RELU;
    let mut r = 0;
    while r + 4 <= m {
        let mut c = 0;
        while c < n {
            if c + 8 <= n {
                forward_4x8(a.add(r * k), k, w.add(c), n, b, c, relu_out, out.add(r * n + c));
                c += 8;
            } else {
                forward_4x4(a.add(r * k), k, w.add(c), n, b, c, relu_out, out.add(r * n + c), n - c);
                c += 4;
            }
        }
        r += 4;
    }
    while r < m {
        let mut c = 0;
        while c < n {
            forward_1x4(a.add(r * k), k, w.add(c), n, b, c, relu_out, out.add(r * n + c), n - c);
            c += 4;
        }
        r += 1;
    }
}

#[inline(always)]
unsafe fn bias4(b: *const f32, c: usize) -> v128 {
    // +0 + b: a sum never starts from −0, so skipping exact-zero terms cannot change its sign.
    let zero = f32x4_splat(0.0);
    if b.is_null() {
        zero
    } else {
        f32x4_add(zero, ld(b.add(c)))
    }
}

#[inline(always)]
unsafe fn forward_4x8(
    a: *const f32,
    k: usize,
    w: *const f32,
    n: usize,
    b: *const f32,
    c: usize,
    relu_out: bool,
    out: *mut f32,
) {
    let b0 = bias4(b, c);
    let b1 = bias4(b, c + 4);
    let (mut a00, mut a01, mut a10, mut a11, mut a20, mut a21, mut a30, mut a31) = (b0, b1, b0, b1, b0, b1, b0, b1);
    let (r0, r1, r2, r3) = (a, a.add(k), a.add(2 * k), a.add(3 * k));
    let mut wp = w;
    for p in 0..k {
        let w0 = ld(wp);
        let w1 = ld(wp.add(4));
        let x0 = splat(r0.add(p));
        a00 = f32x4_add(a00, f32x4_mul(x0, w0));
        a01 = f32x4_add(a01, f32x4_mul(x0, w1));
        let x1 = splat(r1.add(p));
        a10 = f32x4_add(a10, f32x4_mul(x1, w0));
        a11 = f32x4_add(a11, f32x4_mul(x1, w1));
        let x2 = splat(r2.add(p));
        a20 = f32x4_add(a20, f32x4_mul(x2, w0));
        a21 = f32x4_add(a21, f32x4_mul(x2, w1));
        let x3 = splat(r3.add(p));
        a30 = f32x4_add(a30, f32x4_mul(x3, w0));
        a31 = f32x4_add(a31, f32x4_mul(x3, w1));
        wp = wp.add(n);
    }
    if relu_out {
        a00 = relu(a00);
        a01 = relu(a01);
        a10 = relu(a10);
        a11 = relu(a11);
        a20 = relu(a20);
        a21 = relu(a21);
        a30 = relu(a30);
        a31 = relu(a31);
    }
    st(out, a00);
    st(out.add(4), a01);
    st(out.add(n), a10);
    st(out.add(n + 4), a11);
    st(out.add(2 * n), a20);
    st(out.add(2 * n + 4), a21);
    st(out.add(3 * n), a30);
    st(out.add(3 * n + 4), a31);
}

/// Four rows of a column tail (1 to 4 valid lanes): four independent sums, not one dependent chain.
#[inline(always)]
unsafe fn forward_4x4(
    a: *const f32,
    k: usize,
    w: *const f32,
    n: usize,
    b: *const f32,
    c: usize,
    relu_out: bool,
    out: *mut f32,
    lanes: usize,
) {
    let b0 = bias4(b, c);
    let (mut s0, mut s1, mut s2, mut s3) = (b0, b0, b0, b0);
    let (r0, r1, r2, r3) = (a, a.add(k), a.add(2 * k), a.add(3 * k));
    let mut wp = w;
    for p in 0..k {
        let wv = ld(wp);
        s0 = f32x4_add(s0, f32x4_mul(splat(r0.add(p)), wv));
        s1 = f32x4_add(s1, f32x4_mul(splat(r1.add(p)), wv));
        s2 = f32x4_add(s2, f32x4_mul(splat(r2.add(p)), wv));
        s3 = f32x4_add(s3, f32x4_mul(splat(r3.add(p)), wv));
        wp = wp.add(n);
    }
    if relu_out {
        s0 = relu(s0);
        s1 = relu(s1);
        s2 = relu(s2);
        s3 = relu(s3);
    }
    st_lanes(out, s0, lanes);
    st_lanes(out.add(n), s1, lanes);
    st_lanes(out.add(2 * n), s2, lanes);
    st_lanes(out.add(3 * n), s3, lanes);
}

#[inline(always)]
unsafe fn forward_1x4(
    a: *const f32,
    k: usize,
    w: *const f32,
    n: usize,
    b: *const f32,
    c: usize,
    relu_out: bool,
    out: *mut f32,
    lanes: usize,
) {
    let mut acc = bias4(b, c);
    let mut wp = w;
    for p in 0..k {
        acc = f32x4_add(acc, f32x4_mul(splat(a.add(p)), ld(wp)));
        wp = wp.add(n);
    }
    if relu_out {
        acc = relu(acc);
    }
    st_lanes(out, acc, lanes);
}

/// One non-zero of a sparse row: its column (or row, in a column list) and value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Entry {
    pub idx: u32,
    pub val: f32,
}

#[inline(always)]
unsafe fn splat_val(e: *const Entry) -> v128 {
    v128_load32_splat(core::ptr::addr_of!((*e).val) as *const u32)
}

/// The same as `dense_forward` with `a` given as compressed sparse rows (row r's non-zeros are
/// `ent[ptr[r]..ptr[r+1]]`, in column order): terms of exact-zero inputs are skipped, the others added
/// in column order. Entries whose value is +0 (row-store padding) add +0·w, as the dense kernel does.
#[no_mangle]
pub unsafe extern "C" fn sparse_forward(
    ptr: *const u32,
    ent: *const Entry,
    m: usize,
    w: *const f32,
    n: usize,
    b: *const f32,
    act: u32,
    out: *mut f32,
) {
    let relu_out = act == ACT_RELU;
    for r in 0..m {
        let (start, end) = (*ptr.add(r) as usize, *ptr.add(r + 1) as usize);
        let o = out.add(r * n);
        let mut c = 0;
        while c < n {
            if c + 16 <= n {
                let (mut s0, mut s1, mut s2, mut s3) = (bias4(b, c), bias4(b, c + 4), bias4(b, c + 8), bias4(b, c + 12));
                for e in start..end {
                    let x = splat_val(ent.add(e));
                    let wp = w.add((*ent.add(e)).idx as usize * n + c);
                    s0 = f32x4_add(s0, f32x4_mul(x, ld(wp)));
                    s1 = f32x4_add(s1, f32x4_mul(x, ld(wp.add(4))));
                    s2 = f32x4_add(s2, f32x4_mul(x, ld(wp.add(8))));
                    s3 = f32x4_add(s3, f32x4_mul(x, ld(wp.add(12))));
                }
                if relu_out {
                    s0 = relu(s0);
                    s1 = relu(s1);
                    s2 = relu(s2);
                    s3 = relu(s3);
                }
                st(o.add(c), s0);
                st(o.add(c + 4), s1);
                st(o.add(c + 8), s2);
                st(o.add(c + 12), s3);
                c += 16;
            } else {
                let mut s = bias4(b, c);
                for e in start..end {
                    let wp = w.add((*ent.add(e)).idx as usize * n + c);
                    s = f32x4_add(s, f32x4_mul(splat_val(ent.add(e)), ld(wp)));
                }
                if relu_out {
                    s = relu(s);
                }
                st_lanes(o.add(c), s, n - c);
                c += 4;
            }
        }
    }
}

/// `dw[k×n] = a[m×k]ᵀ · d[m×n]` (overwritten): each entry sums `a[r,i]·d[r,c]` for r = 0..m in order,
/// starting from the first term.
#[no_mangle]
pub unsafe extern "C" fn weight_grad(a: *const f32, m: usize, k: usize, d: *const f32, n: usize, dw: *mut f32) {
    let mut i = 0;
    while i + 4 <= k {
        let mut c = 0;
        while c < n {
            if c + 8 <= n {
                wgrad_4x8(a.add(i), m, k, d.add(c), n, dw.add(i * n + c));
                c += 8;
            } else {
                wgrad_4x4(a.add(i), m, k, d.add(c), n, dw.add(i * n + c), n - c);
                c += 4;
            }
        }
        i += 4;
    }
    while i < k {
        let mut c = 0;
        while c < n {
            wgrad_1x4(a.add(i), m, k, d.add(c), n, dw.add(i * n + c), n - c);
            c += 4;
        }
        i += 1;
    }
}

#[inline(always)]
unsafe fn wgrad_4x8(a: *const f32, m: usize, k: usize, d: *const f32, n: usize, dw: *mut f32) {
    let z = f32x4_splat(0.0);
    let (mut a00, mut a01, mut a10, mut a11, mut a20, mut a21, mut a30, mut a31) = (z, z, z, z, z, z, z, z);
    let (mut ap, mut dp) = (a, d);
    for _ in 0..m {
        let d0 = ld(dp);
        let d1 = ld(dp.add(4));
        let x0 = splat(ap);
        a00 = f32x4_add(a00, f32x4_mul(x0, d0));
        a01 = f32x4_add(a01, f32x4_mul(x0, d1));
        let x1 = splat(ap.add(1));
        a10 = f32x4_add(a10, f32x4_mul(x1, d0));
        a11 = f32x4_add(a11, f32x4_mul(x1, d1));
        let x2 = splat(ap.add(2));
        a20 = f32x4_add(a20, f32x4_mul(x2, d0));
        a21 = f32x4_add(a21, f32x4_mul(x2, d1));
        let x3 = splat(ap.add(3));
        a30 = f32x4_add(a30, f32x4_mul(x3, d0));
        a31 = f32x4_add(a31, f32x4_mul(x3, d1));
        ap = ap.add(k);
        dp = dp.add(n);
    }
    st(dw, a00);
    st(dw.add(4), a01);
    st(dw.add(n), a10);
    st(dw.add(n + 4), a11);
    st(dw.add(2 * n), a20);
    st(dw.add(2 * n + 4), a21);
    st(dw.add(3 * n), a30);
    st(dw.add(3 * n + 4), a31);
}

/// Four rows of `dw` in a column tail (1 to 4 valid lanes): four independent sums.
#[inline(always)]
unsafe fn wgrad_4x4(a: *const f32, m: usize, k: usize, d: *const f32, n: usize, dw: *mut f32, lanes: usize) {
    let z = f32x4_splat(0.0);
    let (mut s0, mut s1, mut s2, mut s3) = (z, z, z, z);
    let (mut ap, mut dp) = (a, d);
    for _ in 0..m {
        let dv = ld(dp);
        s0 = f32x4_add(s0, f32x4_mul(splat(ap), dv));
        s1 = f32x4_add(s1, f32x4_mul(splat(ap.add(1)), dv));
        s2 = f32x4_add(s2, f32x4_mul(splat(ap.add(2)), dv));
        s3 = f32x4_add(s3, f32x4_mul(splat(ap.add(3)), dv));
        ap = ap.add(k);
        dp = dp.add(n);
    }
    st_lanes(dw, s0, lanes);
    st_lanes(dw.add(n), s1, lanes);
    st_lanes(dw.add(2 * n), s2, lanes);
    st_lanes(dw.add(3 * n), s3, lanes);
}

#[inline(always)]
unsafe fn wgrad_1x4(a: *const f32, m: usize, k: usize, d: *const f32, n: usize, dw: *mut f32, lanes: usize) {
    let mut acc = f32x4_splat(0.0);
    for r in 0..m {
        acc = f32x4_add(acc, f32x4_mul(splat(a.add(r * k)), ld(d.add(r * n))));
    }
    st_lanes(dw, acc, lanes);
}

/// The same as `weight_grad` with `a` as compressed sparse rows (`ptr`, `ent`): the non-zeros are
/// regrouped by column (a stable counting sort into the caller's scratch `col_ptr[k+1]` and `col`,
/// whose entries hold the row), then row i of `dw` sums `a[r,i]·d[r,:]` over the rows where input i is
/// non-zero, in row order from +0 (a column without non-zeros gives +0, as the dense sum of zero
/// terms does).
#[no_mangle]
pub unsafe extern "C" fn sparse_weight_grad(
    ptr: *const u32,
    ent: *const Entry,
    m: usize,
    k: usize,
    d: *const f32,
    n: usize,
    dw: *mut f32,
    col_ptr: *mut u32,
    col: *mut Entry,
) {
    let nnz = *ptr.add(m) as usize;
    for i in 0..=k {
        *col_ptr.add(i) = 0;
    }
    for e in 0..nnz {
        *col_ptr.add((*ent.add(e)).idx as usize + 1) += 1;
    }
    for i in 0..k {
        *col_ptr.add(i + 1) += *col_ptr.add(i);
    }
    // col_ptr[i] is where column i starts; filling moves it to where column i ends (= i+1 starts).
    for r in 0..m {
        for e in *ptr.add(r) as usize..*ptr.add(r + 1) as usize {
            let Entry { idx, val } = *ent.add(e);
            let at = *col_ptr.add(idx as usize) as usize;
            *col.add(at) = Entry { idx: r as u32, val };
            *col_ptr.add(idx as usize) = (at + 1) as u32;
        }
    }
    let mut start = 0usize;
    for i in 0..k {
        let end = *col_ptr.add(i) as usize;
        let row = dw.add(i * n);
        let mut c = 0;
        while c + 16 <= n {
            let z = f32x4_splat(0.0);
            let (mut s0, mut s1, mut s2, mut s3) = (z, z, z, z);
            for e in start..end {
                let x = splat_val(col.add(e));
                let dr = d.add((*col.add(e)).idx as usize * n + c);
                s0 = f32x4_add(s0, f32x4_mul(x, ld(dr)));
                s1 = f32x4_add(s1, f32x4_mul(x, ld(dr.add(4))));
                s2 = f32x4_add(s2, f32x4_mul(x, ld(dr.add(8))));
                s3 = f32x4_add(s3, f32x4_mul(x, ld(dr.add(12))));
            }
            st(row.add(c), s0);
            st(row.add(c + 4), s1);
            st(row.add(c + 8), s2);
            st(row.add(c + 12), s3);
            c += 16;
        }
        while c < n {
            let mut s = f32x4_splat(0.0);
            for e in start..end {
                let dr = d.add((*col.add(e)).idx as usize * n + c);
                s = f32x4_add(s, f32x4_mul(splat_val(col.add(e)), ld(dr)));
            }
            st_lanes(row.add(c), s, n - c);
            c += 4;
        }
        start = end;
    }
}

/// Compressed sparse rows of `x[m×k]`: `ptr[0..=m]` and the entries (column, value) of the non-zeros
/// (NaN counts as non-zero), in column order. With `stride` > 0 every row takes exactly `stride` + 1
/// entries (`ptr[r]` = r·(stride+1)): its non-zeros padded with (0, +0) entries, which the sparse
/// kernels add as the dense ones add zero inputs, then one entry left for the caller's row data: rows
/// of the training row store, gathered by plain copies. Returns the largest number of non-zeros in a
/// row (the caller sizes `stride` from it beforehand).
#[no_mangle]
pub unsafe extern "C" fn to_csr(x: *const f32, m: usize, k: usize, ptr: *mut u32, ent: *mut Entry, stride: usize) -> usize {
    let mut at = 0usize;
    let mut widest = 0usize;
    let zero = f32x4_splat(0.0);
    for r in 0..m {
        let start = if stride > 0 { r * (stride + 1) } else { at };
        *ptr.add(r) = start as u32;
        at = start;
        let row = x.add(r * k);
        let mut c = 0;
        while c + 4 <= k {
            // A lane is non-zero unless it equals 0 (NaN != 0 is true).
            let mut bits = i32x4_bitmask(f32x4_ne(ld(row.add(c)), zero));
            while bits != 0 {
                let lane = bits.trailing_zeros() as usize;
                *ent.add(at) = Entry { idx: (c + lane) as u32, val: *row.add(c + lane) };
                at += 1;
                bits &= bits - 1;
            }
            c += 4;
        }
        while c < k {
            let v = *row.add(c);
            if v != 0.0 || v.is_nan() {
                *ent.add(at) = Entry { idx: c as u32, val: v };
                at += 1;
            }
            c += 1;
        }
        if at - start > widest {
            widest = at - start;
        }
        if stride > 0 {
            while at < start + stride {
                *ent.add(at) = Entry { idx: 0, val: 0.0 };
                at += 1;
            }
            at += 1;
        }
    }
    *ptr.add(m) = at as u32;
    widest
}

/// The rows `order[0..n]` of a row store as one batch's sparse rows. A store row is `stride` entries
/// of inputs then one entry of row data (the target: class index or value), which goes to `meta[r]`.
#[no_mangle]
pub unsafe extern "C" fn csr_gather(
    store: *const Entry,
    stride: usize,
    order: *const u32,
    n: usize,
    ptr: *mut u32,
    ent: *mut Entry,
    meta: *mut Entry,
) {
    // Entries are 8 bytes: copy them as u64 (a loop the compiler keeps inline, no memcpy call).
    let (src, dst) = (store as *const u64, ent as *mut u64);
    for r in 0..n {
        *ptr.add(r) = (r * stride) as u32;
        let from = src.add(*order.add(r) as usize * (stride + 1));
        let to = dst.add(r * stride);
        for e in 0..stride {
            *to.add(e) = *from.add(e);
        }
        *(meta as *mut u64).add(r) = *from.add(stride);
    }
    *ptr.add(n) = (n * stride) as u32;
}

/// `db[n] = Σ_r d[r,:]`, rows in order from +0.
#[no_mangle]
pub unsafe extern "C" fn bias_grad(d: *const f32, m: usize, n: usize, db: *mut f32) {
    let mut c = 0;
    // Four column vectors per sweep: independent sums (each still row by row from +0).
    while c + 16 <= n {
        let z = f32x4_splat(0.0);
        let (mut s0, mut s1, mut s2, mut s3) = (z, z, z, z);
        let mut dp = d.add(c);
        for _ in 0..m {
            s0 = f32x4_add(s0, ld(dp));
            s1 = f32x4_add(s1, ld(dp.add(4)));
            s2 = f32x4_add(s2, ld(dp.add(8)));
            s3 = f32x4_add(s3, ld(dp.add(12)));
            dp = dp.add(n);
        }
        st(db.add(c), s0);
        st(db.add(c + 4), s1);
        st(db.add(c + 8), s2);
        st(db.add(c + 12), s3);
        c += 16;
    }
    while c < n {
        let mut acc = f32x4_splat(0.0);
        for r in 0..m {
            acc = f32x4_add(acc, ld(d.add(r * n + c)));
        }
        st_lanes(db.add(c), acc, n - c);
        c += 4;
    }
}

/// `dst[cols×rows] = src[rows×cols]ᵀ`.
#[no_mangle]
pub unsafe extern "C" fn transpose(src: *const f32, rows: usize, cols: usize, dst: *mut f32) {
    for r in 0..rows {
        for c in 0..cols {
            *dst.add(c * rows + r) = *src.add(r * cols + c);
        }
    }
}

/// Sets `len` floats to `value`.
#[no_mangle]
pub unsafe extern "C" fn fill(x: *mut f32, len: usize, value: f32) {
    for i in 0..len {
        *x.add(i) = value;
    }
}

/// `out[i] = x[i]·y[i]` (`out` may be `x`): dropout masks, forward and backward.
#[no_mangle]
pub unsafe extern "C" fn mul(x: *const f32, y: *const f32, out: *mut f32, len: usize) {
    let mut i = 0;
    while i + 4 <= len {
        st(out.add(i), f32x4_mul(ld(x.add(i)), ld(y.add(i))));
        i += 4;
    }
    while i < len {
        *out.add(i) = *x.add(i) * *y.add(i);
        i += 1;
    }
}

/// `d[i] *= act'(·)` from the activation's output `h[i]` (the derivative of each supported activation
/// is a function of its output): ReLU h>0; tanh 1−h²; sigmoid h(1−h); ELU h>0 ? 1 : h+1; SELU
/// h>0 ? λ : h+λα.
#[no_mangle]
pub unsafe extern "C" fn act_backward(d: *mut f32, h: *const f32, len: usize, act: u32) {
    let mut i = 0;
    let zero = f32x4_splat(0.0);
    let one = f32x4_splat(1.0);
    while i + 4 <= len {
        let (dv, hv) = (ld(d.add(i)), ld(h.add(i)));
        let out = match act {
            ACT_RELU => v128_and(dv, f32x4_gt(hv, zero)),
            ACT_TANH => f32x4_mul(dv, f32x4_sub(one, f32x4_mul(hv, hv))),
            ACT_SIGMOID => f32x4_mul(dv, f32x4_mul(hv, f32x4_sub(one, hv))),
            ACT_ELU => v128_bitselect(dv, f32x4_mul(dv, f32x4_add(hv, one)), f32x4_gt(hv, zero)),
            ACT_SELU => v128_bitselect(
                f32x4_mul(dv, f32x4_splat(SELU_SCALE)),
                f32x4_mul(dv, f32x4_add(hv, f32x4_splat(SELU_SCALE * SELU_ALPHA))),
                f32x4_gt(hv, zero),
            ),
            _ => dv,
        };
        st(d.add(i), out);
        i += 4;
    }
    while i < len {
        let (dv, hv) = (*d.add(i), *h.add(i));
        *d.add(i) = match act {
            ACT_RELU => {
                if hv > 0.0 {
                    dv
                } else {
                    0.0
                }
            }
            ACT_TANH => dv * (1.0 - hv * hv),
            ACT_SIGMOID => dv * (hv * (1.0 - hv)),
            ACT_ELU => {
                if hv > 0.0 {
                    dv
                } else {
                    dv * (hv + 1.0)
                }
            }
            ACT_SELU => {
                if hv > 0.0 {
                    dv * SELU_SCALE
                } else {
                    dv * (hv + SELU_SCALE * SELU_ALPHA)
                }
            }
            _ => dv,
        };
        i += 1;
    }
}

/// Adam on `len` parameters: g += decay·w; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
/// w −= lr·(m/c1) / (√(v/c2) + ε), with c1 = 1−β1ᵗ and c2 = 1−β2ᵗ from the caller. w, m and v are
/// stored flushed (`flush`).
#[no_mangle]
pub unsafe extern "C" fn adam(
    w: *mut f32,
    g: *const f32,
    m: *mut f32,
    v: *mut f32,
    len: usize,
    lr: f32,
    beta1: f32,
    beta2: f32,
    c1: f32,
    c2: f32,
    eps: f32,
    decay: f32,
) {
    let (one_b1, one_b2) = (1.0 - beta1, 1.0 - beta2);
    let mut i = 0;
    while i + 4 <= len {
        let wv = ld(w.add(i));
        let gv = f32x4_add(ld(g.add(i)), f32x4_mul(f32x4_splat(decay), wv));
        let mv = f32x4_add(f32x4_mul(f32x4_splat(beta1), ld(m.add(i))), f32x4_mul(f32x4_splat(one_b1), gv));
        let vv = f32x4_add(
            f32x4_mul(f32x4_splat(beta2), ld(v.add(i))),
            f32x4_mul(f32x4_splat(one_b2), f32x4_mul(gv, gv)),
        );
        let step = f32x4_div(
            f32x4_mul(f32x4_splat(lr), f32x4_div(mv, f32x4_splat(c1))),
            f32x4_add(f32x4_sqrt(f32x4_div(vv, f32x4_splat(c2))), f32x4_splat(eps)),
        );
        st(m.add(i), flush(mv));
        st(v.add(i), flush(vv));
        st(w.add(i), flush(f32x4_sub(wv, step)));
        i += 4;
    }
    while i < len {
        let wv = *w.add(i);
        let gv = *g.add(i) + decay * wv;
        let mv = beta1 * *m.add(i) + one_b1 * gv;
        let vv = beta2 * *v.add(i) + one_b2 * (gv * gv);
        *m.add(i) = flush1(mv);
        *v.add(i) = flush1(vv);
        *w.add(i) = flush1(wv - (lr * (mv / c1)) / (sqrt_f32(vv / c2) + eps));
        i += 1;
    }
}

/// Plain gradient descent: w −= lr·(g + decay·w), stored flushed (`flush`).
#[no_mangle]
pub unsafe extern "C" fn sgd(w: *mut f32, g: *const f32, len: usize, lr: f32, decay: f32) {
    let mut i = 0;
    while i + 4 <= len {
        let wv = ld(w.add(i));
        let gv = f32x4_add(ld(g.add(i)), f32x4_mul(f32x4_splat(decay), wv));
        st(w.add(i), flush(f32x4_sub(wv, f32x4_mul(f32x4_splat(lr), gv))));
        i += 4;
    }
    while i < len {
        let wv = *w.add(i);
        *w.add(i) = flush1(wv - lr * (*g.add(i) + decay * wv));
        i += 1;
    }
}

/// RMSProp: g += decay·w; a = ρ·a + (1−ρ)·g²; w −= lr·g / √(a + ε); a and w stored flushed (`flush`).
#[no_mangle]
pub unsafe extern "C" fn rmsprop(w: *mut f32, g: *const f32, a: *mut f32, len: usize, lr: f32, rho: f32, eps: f32, decay: f32) {
    let one_rho = 1.0 - rho;
    let mut i = 0;
    while i + 4 <= len {
        let wv = ld(w.add(i));
        let gv = f32x4_add(ld(g.add(i)), f32x4_mul(f32x4_splat(decay), wv));
        let av = f32x4_add(f32x4_mul(f32x4_splat(rho), ld(a.add(i))), f32x4_mul(f32x4_splat(one_rho), f32x4_mul(gv, gv)));
        st(a.add(i), flush(av));
        let step = f32x4_div(f32x4_mul(f32x4_splat(lr), gv), f32x4_sqrt(f32x4_add(av, f32x4_splat(eps))));
        st(w.add(i), flush(f32x4_sub(wv, step)));
        i += 4;
    }
    while i < len {
        let wv = *w.add(i);
        let gv = *g.add(i) + decay * wv;
        let av = rho * *a.add(i) + one_rho * (gv * gv);
        *a.add(i) = flush1(av);
        *w.add(i) = flush1(wv - (lr * gv) / sqrt_f32(av + eps));
        i += 1;
    }
}

#[inline(always)]
fn sqrt_f32(x: f32) -> f32 {
    // f32.sqrt, correctly rounded like f32x4.sqrt.
    f32x4_extract_lane::<0>(f32x4_sqrt(f32x4_splat(x)))
}

/// A dropout mask: `out[i]` = `scale` where a uniform draw u ≥ `rate`, else 0. The draws are mulberry32
/// from `seed`, the same stream as src/lib/random.ts.
#[no_mangle]
pub unsafe extern "C" fn dropout_mask(out: *mut f32, len: usize, seed: u32, rate: f64, scale: f32) {
    let mut state = seed;
    for i in 0..len {
        state = state.wrapping_add(0x6d2b_79f5);
        let mut t = state;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        let u = ((t ^ (t >> 14)) as f64) / 4_294_967_296.0;
        *out.add(i) = if u >= rate { scale } else { 0.0 };
    }
}
