;; GBDT prediction in WebAssembly: the same walk and the same additions as the JavaScript loop
;; in predict.ts (the reference), over the compiled forest copied into this module's memory.
;; Assembled by scripts/gen-gbdt-wasm.mjs into predict-wasm.ts. Pointers are byte offsets.
;;
;; Nodes (compile.ts): feature i32, threshold f64, child i32 (left child; the right child is
;; child + 1; a leaf is its own child), flags u8 (bit 0: missing goes right, bit 1: categorical),
;; leaf u8, value f64, catCount i32, catOffset i32 (into catRight, u8: 1 = goes right; entry
;; catCount is for missing values and unknown codes).
;;
;; Rows go by blocks of 256, and within a block tree by tree (a tree's nodes stay in the nearest
;; cache), four rows walking a tree together (their steps overlap in the CPU). One step is written
;; out at each use, as V8 does not inline the call: from node $sn and value $sv, categorical: a
;; code 0..count-1 reads its table entry, anything else (NaN, unknown) entry `count`; numeric:
;; child + (v > threshold, or v missing and missing values go right). A leaf stays where it is.
(module
  (import "env" "memory" (memory 1))

  ;; out[r × k + (t mod k)] += value of the leaf row r reaches in tree t, for rows [0, rows) and
  ;; trees [0, trees). out holds the baselines on entry.
  (func (export "predict")
        (param $x i32) (param $rows i32) (param $width i32) (param $out i32) (param $k i32)
        (param $roots i32) (param $trees i32)
        (param $feature i32) (param $threshold i32) (param $child i32) (param $flags i32) (param $leaf i32)
        (param $value i32) (param $catCount i32) (param $catOffset i32) (param $catRight i32)
    (local $r0 i32) (local $r1 i32) (local $r i32) (local $t i32) (local $c i32) (local $root i32)
    (local $rowBytes i32) (local $kBytes i32) (local $o i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $sn i32) (local $sv f64) (local $four i32) (local $fl i32) (local $count i32) (local $code i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 3)))
    (local.set $kBytes (i32.shl (local.get $k) (i32.const 3)))
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.ge_u (local.get $r0) (local.get $rows)))
        (local.set $r1 (i32.add (local.get $r0) (i32.const 256)))
        (if (i32.gt_u (local.get $r1) (local.get $rows)) (then (local.set $r1 (local.get $rows))))
        (local.set $t (i32.const 0))
        (local.set $c (i32.const 0))
        (block $treesDone
          (loop $tree
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $trees)))
            (local.set $root (i32.load (i32.add (local.get $roots) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $r (local.get $r0))
            ;; Four rows at a time.
            (block $quadsDone
              (loop $quad
                (br_if $quadsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $r1)))
                (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $rowBytes))))
                (local.set $x1 (i32.add (local.get $x0) (local.get $rowBytes)))
                (local.set $x2 (i32.add (local.get $x1) (local.get $rowBytes)))
                (local.set $x3 (i32.add (local.get $x2) (local.get $rowBytes)))
                (local.set $a0 (local.get $root))
                (local.set $a1 (local.get $root))
                (local.set $a2 (local.get $root))
                (local.set $a3 (local.get $root))
                (block $walked
                  (loop $walk
                    (br_if $walked
                      (i32.and
                        (i32.and (i32.load8_u (i32.add (local.get $leaf) (local.get $a0)))
                                 (i32.load8_u (i32.add (local.get $leaf) (local.get $a1))))
                        (i32.and (i32.load8_u (i32.add (local.get $leaf) (local.get $a2)))
                                 (i32.load8_u (i32.add (local.get $leaf) (local.get $a3))))))
                    (local.set $a0
                      (block (result i32)
                        (local.set $sn (local.get $a0))
                        (local.set $sv (f64.load (i32.add (local.get $x0) (i32.shl (i32.load (i32.add (local.get $feature) (i32.shl (local.get $a0) (i32.const 2)))) (i32.const 3)))))
                        (local.set $four (i32.shl (local.get $sn) (i32.const 2)))
                        (local.set $fl (i32.load8_u (i32.add (local.get $flags) (local.get $sn))))
                        (if (result i32) (i32.and (local.get $fl) (i32.const 2))
                          (then
                            (local.set $count (i32.load (i32.add (local.get $catCount) (local.get $four))))
                            (local.set $code (i32.trunc_sat_f64_s (local.get $sv)))
                            (local.set $code
                              (select (local.get $code) (local.get $count)
                                (i32.and
                                  (i32.and (f64.eq (f64.convert_i32_s (local.get $code)) (local.get $sv)) (i32.ge_s (local.get $code) (i32.const 0)))
                                  (i32.lt_s (local.get $code) (local.get $count)))))
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.load8_u (i32.add (local.get $catRight) (i32.add (i32.load (i32.add (local.get $catOffset) (local.get $four))) (local.get $code))))))
                          (else
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.or (f64.gt (local.get $sv) (f64.load (i32.add (local.get $threshold) (i32.shl (local.get $sn) (i32.const 3)))))
                                (i32.and (f64.ne (local.get $sv) (local.get $sv)) (local.get $fl))))))))
                    (local.set $a1
                      (block (result i32)
                        (local.set $sn (local.get $a1))
                        (local.set $sv (f64.load (i32.add (local.get $x1) (i32.shl (i32.load (i32.add (local.get $feature) (i32.shl (local.get $a1) (i32.const 2)))) (i32.const 3)))))
                        (local.set $four (i32.shl (local.get $sn) (i32.const 2)))
                        (local.set $fl (i32.load8_u (i32.add (local.get $flags) (local.get $sn))))
                        (if (result i32) (i32.and (local.get $fl) (i32.const 2))
                          (then
                            (local.set $count (i32.load (i32.add (local.get $catCount) (local.get $four))))
                            (local.set $code (i32.trunc_sat_f64_s (local.get $sv)))
                            (local.set $code
                              (select (local.get $code) (local.get $count)
                                (i32.and
                                  (i32.and (f64.eq (f64.convert_i32_s (local.get $code)) (local.get $sv)) (i32.ge_s (local.get $code) (i32.const 0)))
                                  (i32.lt_s (local.get $code) (local.get $count)))))
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.load8_u (i32.add (local.get $catRight) (i32.add (i32.load (i32.add (local.get $catOffset) (local.get $four))) (local.get $code))))))
                          (else
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.or (f64.gt (local.get $sv) (f64.load (i32.add (local.get $threshold) (i32.shl (local.get $sn) (i32.const 3)))))
                                (i32.and (f64.ne (local.get $sv) (local.get $sv)) (local.get $fl))))))))
                    (local.set $a2
                      (block (result i32)
                        (local.set $sn (local.get $a2))
                        (local.set $sv (f64.load (i32.add (local.get $x2) (i32.shl (i32.load (i32.add (local.get $feature) (i32.shl (local.get $a2) (i32.const 2)))) (i32.const 3)))))
                        (local.set $four (i32.shl (local.get $sn) (i32.const 2)))
                        (local.set $fl (i32.load8_u (i32.add (local.get $flags) (local.get $sn))))
                        (if (result i32) (i32.and (local.get $fl) (i32.const 2))
                          (then
                            (local.set $count (i32.load (i32.add (local.get $catCount) (local.get $four))))
                            (local.set $code (i32.trunc_sat_f64_s (local.get $sv)))
                            (local.set $code
                              (select (local.get $code) (local.get $count)
                                (i32.and
                                  (i32.and (f64.eq (f64.convert_i32_s (local.get $code)) (local.get $sv)) (i32.ge_s (local.get $code) (i32.const 0)))
                                  (i32.lt_s (local.get $code) (local.get $count)))))
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.load8_u (i32.add (local.get $catRight) (i32.add (i32.load (i32.add (local.get $catOffset) (local.get $four))) (local.get $code))))))
                          (else
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.or (f64.gt (local.get $sv) (f64.load (i32.add (local.get $threshold) (i32.shl (local.get $sn) (i32.const 3)))))
                                (i32.and (f64.ne (local.get $sv) (local.get $sv)) (local.get $fl))))))))
                    (local.set $a3
                      (block (result i32)
                        (local.set $sn (local.get $a3))
                        (local.set $sv (f64.load (i32.add (local.get $x3) (i32.shl (i32.load (i32.add (local.get $feature) (i32.shl (local.get $a3) (i32.const 2)))) (i32.const 3)))))
                        (local.set $four (i32.shl (local.get $sn) (i32.const 2)))
                        (local.set $fl (i32.load8_u (i32.add (local.get $flags) (local.get $sn))))
                        (if (result i32) (i32.and (local.get $fl) (i32.const 2))
                          (then
                            (local.set $count (i32.load (i32.add (local.get $catCount) (local.get $four))))
                            (local.set $code (i32.trunc_sat_f64_s (local.get $sv)))
                            (local.set $code
                              (select (local.get $code) (local.get $count)
                                (i32.and
                                  (i32.and (f64.eq (f64.convert_i32_s (local.get $code)) (local.get $sv)) (i32.ge_s (local.get $code) (i32.const 0)))
                                  (i32.lt_s (local.get $code) (local.get $count)))))
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.load8_u (i32.add (local.get $catRight) (i32.add (i32.load (i32.add (local.get $catOffset) (local.get $four))) (local.get $code))))))
                          (else
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.or (f64.gt (local.get $sv) (f64.load (i32.add (local.get $threshold) (i32.shl (local.get $sn) (i32.const 3)))))
                                (i32.and (f64.ne (local.get $sv) (local.get $sv)) (local.get $fl))))))))
                    (br $walk)))
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $k)) (local.get $c)) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load (i32.add (local.get $value) (i32.shl (local.get $a0) (i32.const 3))))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load (i32.add (local.get $value) (i32.shl (local.get $a1) (i32.const 3))))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load (i32.add (local.get $value) (i32.shl (local.get $a2) (i32.const 3))))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load (i32.add (local.get $value) (i32.shl (local.get $a3) (i32.const 3))))))
                (local.set $r (i32.add (local.get $r) (i32.const 4)))
                (br $quad)))
            ;; The last rows of the block one by one.
            (block $rowsDone
              (loop $row
                (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r1)))
                (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $rowBytes))))
                (local.set $a0 (local.get $root))
                (block $walked1
                  (loop $walk1
                    (br_if $walked1 (i32.load8_u (i32.add (local.get $leaf) (local.get $a0))))
                    (local.set $a0
                      (block (result i32)
                        (local.set $sn (local.get $a0))
                        (local.set $sv (f64.load (i32.add (local.get $x0) (i32.shl (i32.load (i32.add (local.get $feature) (i32.shl (local.get $a0) (i32.const 2)))) (i32.const 3)))))
                        (local.set $four (i32.shl (local.get $sn) (i32.const 2)))
                        (local.set $fl (i32.load8_u (i32.add (local.get $flags) (local.get $sn))))
                        (if (result i32) (i32.and (local.get $fl) (i32.const 2))
                          (then
                            (local.set $count (i32.load (i32.add (local.get $catCount) (local.get $four))))
                            (local.set $code (i32.trunc_sat_f64_s (local.get $sv)))
                            (local.set $code
                              (select (local.get $code) (local.get $count)
                                (i32.and
                                  (i32.and (f64.eq (f64.convert_i32_s (local.get $code)) (local.get $sv)) (i32.ge_s (local.get $code) (i32.const 0)))
                                  (i32.lt_s (local.get $code) (local.get $count)))))
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.load8_u (i32.add (local.get $catRight) (i32.add (i32.load (i32.add (local.get $catOffset) (local.get $four))) (local.get $code))))))
                          (else
                            (i32.add (i32.load (i32.add (local.get $child) (local.get $four)))
                              (i32.or (f64.gt (local.get $sv) (f64.load (i32.add (local.get $threshold) (i32.shl (local.get $sn) (i32.const 3)))))
                                (i32.and (f64.ne (local.get $sv) (local.get $sv)) (local.get $fl))))))))
                    (br $walk1)))
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $k)) (local.get $c)) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load (i32.add (local.get $value) (i32.shl (local.get $a0) (i32.const 3))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $row)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (if (i32.eq (local.get $c) (local.get $k)) (then (local.set $c (i32.const 0))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tree)))
        (local.set $r0 (local.get $r1))
        (br $block)))))
