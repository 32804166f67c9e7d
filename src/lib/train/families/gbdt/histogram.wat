;; The GBDT histogram kernel in WebAssembly (the JavaScript version, buildHistogramsJs in
;; kernels.ts, is the reference: same additions in the same order, so bit-identical sums).
;; Assembled by scripts/gen-gbdt-wasm.mjs into histogram-wasm.ts. All pointers are byte offsets
;; into the one shared memory that holds the trainer's buffers.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; ordGrad[i] = grad[part[i]] (and the same for hessians) for i in [from, to): 32-bit copies.
  (func (export "gather") (param $part i32) (param $from i32) (param $to i32) (param $src i32) (param $dst i32)
    (local $i i32)
    (local.set $i (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (i32.store
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i32.load
            (i32.add (local.get $src)
              (i32.shl (i32.load (i32.add (local.get $part) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Adds the samples at partition positions [from, to) to one feature's bins (24 bytes per bin:
  ;; sum of gradients, sum of hessians, count).
  (func $one (param $col i32) (param $base i32) (param $part i32) (param $from i32) (param $to i32)
        (param $og i32) (param $oh i32) (param $const i32)
    (local $i i32) (local $a i32) (local $g f64) (local $h f64) (local $four i32)
    (local.set $i (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $four (i32.shl (local.get $i) (i32.const 2)))
        (local.set $g (f64.promote_f32 (f32.load (i32.add (local.get $og) (local.get $four)))))
        (local.set $h
          (select (f64.const 0) (f64.promote_f32 (f32.load (i32.add (local.get $oh) (local.get $four)))) (local.get $const)))
        (local.set $a
          (i32.add (local.get $base)
            (i32.mul (i32.const 24)
              (i32.load8_u (i32.add (local.get $col) (i32.load (i32.add (local.get $part) (local.get $four))))))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $g)))
        (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (local.get $h)))
        (f64.store offset=16 (local.get $a) (f64.add (f64.load offset=16 (local.get $a)) (f64.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Histograms of every feature (four columns per pass over the samples, then the rest one by
  ;; one) into out, which the caller has zeroed: out + (f × nb + bin) × 24.
  (func (export "hist") (param $binned i32) (param $rows i32) (param $part i32) (param $from i32) (param $to i32)
        (param $og i32) (param $oh i32) (param $out i32) (param $width i32) (param $nb i32) (param $const i32)
    (local $f i32) (local $i i32) (local $p i32) (local $four i32) (local $g f64) (local $h f64) (local $a i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $stride i32)
    (local.set $stride (i32.mul (local.get $nb) (i32.const 24)))
    (block $blocks
      (loop $block
        (br_if $blocks (i32.gt_u (i32.add (local.get $f) (i32.const 4)) (local.get $width)))
        (local.set $c0 (i32.add (local.get $binned) (i32.mul (local.get $f) (local.get $rows))))
        (local.set $c1 (i32.add (local.get $c0) (local.get $rows)))
        (local.set $c2 (i32.add (local.get $c1) (local.get $rows)))
        (local.set $c3 (i32.add (local.get $c2) (local.get $rows)))
        (local.set $b0 (i32.add (local.get $out) (i32.mul (local.get $f) (local.get $stride))))
        (local.set $b1 (i32.add (local.get $b0) (local.get $stride)))
        (local.set $b2 (i32.add (local.get $b1) (local.get $stride)))
        (local.set $b3 (i32.add (local.get $b2) (local.get $stride)))
        (local.set $i (local.get $from))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
            (local.set $four (i32.shl (local.get $i) (i32.const 2)))
            (local.set $p (i32.load (i32.add (local.get $part) (local.get $four))))
            (local.set $g (f64.promote_f32 (f32.load (i32.add (local.get $og) (local.get $four)))))
            (local.set $h
              (select (f64.const 0) (f64.promote_f32 (f32.load (i32.add (local.get $oh) (local.get $four)))) (local.get $const)))
            (local.set $a (i32.add (local.get $b0) (i32.mul (i32.const 24) (i32.load8_u (i32.add (local.get $c0) (local.get $p))))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $g)))
            (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (local.get $h)))
            (f64.store offset=16 (local.get $a) (f64.add (f64.load offset=16 (local.get $a)) (f64.const 1)))
            (local.set $a (i32.add (local.get $b1) (i32.mul (i32.const 24) (i32.load8_u (i32.add (local.get $c1) (local.get $p))))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $g)))
            (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (local.get $h)))
            (f64.store offset=16 (local.get $a) (f64.add (f64.load offset=16 (local.get $a)) (f64.const 1)))
            (local.set $a (i32.add (local.get $b2) (i32.mul (i32.const 24) (i32.load8_u (i32.add (local.get $c2) (local.get $p))))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $g)))
            (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (local.get $h)))
            (f64.store offset=16 (local.get $a) (f64.add (f64.load offset=16 (local.get $a)) (f64.const 1)))
            (local.set $a (i32.add (local.get $b3) (i32.mul (i32.const 24) (i32.load8_u (i32.add (local.get $c3) (local.get $p))))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $g)))
            (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (local.get $h)))
            (f64.store offset=16 (local.get $a) (f64.add (f64.load offset=16 (local.get $a)) (f64.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.set $f (i32.add (local.get $f) (i32.const 4)))
        (br $block)))
    (block $singles
      (loop $single
        (br_if $singles (i32.ge_u (local.get $f) (local.get $width)))
        (call $one
          (i32.add (local.get $binned) (i32.mul (local.get $f) (local.get $rows)))
          (i32.add (local.get $out) (i32.mul (local.get $f) (local.get $stride)))
          (local.get $part) (local.get $from) (local.get $to) (local.get $og) (local.get $oh) (local.get $const))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $single))))

  ;; Stable partition of positions [from, to) (partitionRange in kernels.ts is the reference: same
  ;; order on each side): every index is written to both left[l] and right[r] and only the side it
  ;; goes to advances (its direction cannot be predicted). $bits = 0: numeric split, bins <= $bin go
  ;; left, and the missing bin when $missingLeft; else the address of 8 words whose set bits are the
  ;; bins that go left. $col is the split feature's binned column. Returns how many went left.
  (func (export "partition") (param $part i32) (param $from i32) (param $to i32) (param $col i32) (param $bin i32)
        (param $missingBin i32) (param $missingLeft i32) (param $bits i32) (param $left i32) (param $right i32)
        (result i32)
    (local $i i32) (local $l i32) (local $r i32) (local $idx i32) (local $b i32) (local $go i32)
    (local.set $i (local.get $from))
    (local.set $l (local.get $from))
    (local.set $r (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $idx (i32.load (i32.add (local.get $part) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b (i32.load8_u (i32.add (local.get $col) (local.get $idx))))
        (local.set $go
          (if (result i32) (local.get $bits)
            (then
              (i32.and
                (i32.shr_u
                  (i32.load (i32.add (local.get $bits) (i32.shl (i32.shr_u (local.get $b) (i32.const 5)) (i32.const 2))))
                  (local.get $b))
                (i32.const 1)))
            (else
              (i32.or (i32.le_s (local.get $b) (local.get $bin))
                (i32.and (i32.eq (local.get $b) (local.get $missingBin)) (local.get $missingLeft))))))
        (i32.store (i32.add (local.get $left) (i32.shl (local.get $l) (i32.const 2))) (local.get $idx))
        (i32.store (i32.add (local.get $right) (i32.shl (local.get $r) (i32.const 2))) (local.get $idx))
        (local.set $l (i32.add (local.get $l) (local.get $go)))
        (local.set $r (i32.add (local.get $r) (i32.xor (local.get $go) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $l) (local.get $from)))
)
