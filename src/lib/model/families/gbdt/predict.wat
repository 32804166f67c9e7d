;; GBDT prediction in WebAssembly over the forest image of forest-image.ts (the JavaScript walk in
;; predict.ts is the reference: the same leaves, added in the same order, so the same scores to the
;; bit). Assembled by scripts/gen-gbdt-wasm.mjs into predict-wasm.ts. Pointers are byte offsets into
;; the shared memory (wasm-forest.ts lays it out; the worker of predict-threads.ts shares it).
;;
;; Rows are first turned into one byte per feature ("bin"): a numeric value becomes its rank among
;; the distinct thresholds the forest uses on that feature (the number of thresholds below it; 255
;; for NaN), so `x > threshold j` ⇔ `rank > j` exactly; a categorical value becomes its code when it
;; is an integer in [0, count), else `count` (missing or unknown). Codes of 8 consecutive rows are
;; interleaved feature by feature: byte ((r >> 3) × width + f) × 8 + (r & 7).
;;
;; Every node is a 32-byte record: [0] its feature × 8, [4] the address of its left child record (the
;; right one follows it), [8] the address of its 256-byte table (entry = the code's step: 0 = left,
;; 32 = right; a leaf points to the zero table at address 0 and to itself, so it never moves),
;; [16] its value (f64). One step is branch-free whatever the split: n = child(n) + table(n)[code].
;;
;; Every node also has a 16-byte compact record: [0] the address of its left child's compact record
;; (a leaf: itself), [4] its split word w (bits 0-7 the compared rank j, bit 8 the shift s, 9-30 the
;; feature × 8, bit 31 set for internal nodes), [8] a leaf's value (f64) or an internal node's table
;; address (i32: 0, the zero table, for a numeric split; a categorical split's table, shared with its
;; 32-byte record). Its step:  n = child(n) + 16 × ((code + s) mod 256 > j) + table(n)[code] / 2.
;; A numeric split compares the code with its threshold's index j (a missing value that goes left has
;; s = 1 and j + 1: 255 wraps to 0, every rank r becomes r + 1); a categorical split and a leaf have
;; j = 255, which no code exceeds, and a leaf reads the zero table, so it never moves. More work per
;; step than a table lookup, but a numeric split touches its record alone: what a single row, walked
;; in a server that waits between requests (its caches cold), pays for is the cache lines it brings back.
;;
;; "walk": rows by blocks of 1024, within a block tree by tree (a tree's records and tables stay in the
;; nearest cache), 8 rows walking a tree in lockstep over the 32-byte records until all 8 stand on a
;; leaf (their steps overlap in the CPU); the last rows (fewer than 8: a single-row request is one) one
;; by one over the compact records, each walking 8 trees in lockstep.
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; out[r × k + (t mod k)] += the value of the leaf row r reaches in tree t, for rows [0, rows) and
  ;; trees [0, trees); `codes` is the code group of row 0, `roots` and `compactRoots` the addresses of
  ;; the roots' records and compact records.
  (func (export "walk")
        (param $codes i32) (param $rows i32) (param $width i32) (param $out i32) (param $k i32)
        (param $roots i32) (param $compactRoots i32) (param $trees i32)
    (local $r0 i32) (local $r1 i32) (local $r i32) (local $t i32) (local $col i32) (local $root i32)
    (local $kBytes i32) (local $o i32) (local $g i32) (local $rowOut i32)
    (local $c i32) (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32) (local $w4 i32) (local $w5 i32) (local $w6 i32) (local $w7 i32)
    (local $n0 i32) (local $t0 i32) (local $n1 i32) (local $t1 i32) (local $n2 i32) (local $t2 i32) (local $n3 i32) (local $t3 i32) (local $n4 i32) (local $t4 i32) (local $n5 i32) (local $t5 i32) (local $n6 i32) (local $t6 i32) (local $n7 i32) (local $t7 i32)
    (local.set $kBytes (i32.shl (local.get $k) (i32.const 3)))
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.ge_u (local.get $r0) (local.get $rows)))
        (local.set $r1 (i32.add (local.get $r0) (i32.const 1024)))
        (if (i32.gt_u (local.get $r1) (local.get $rows)) (then (local.set $r1 (local.get $rows))))
        (local.set $t (i32.const 0))
        (local.set $col (i32.const 0))
        (block $treesDone
          (loop $tree
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $trees)))
            (local.set $root (i32.load (i32.add (local.get $roots) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $r (local.get $r0))
            (block $groupsDone
              (loop $group
                (br_if $groupsDone (i32.gt_u (i32.add (local.get $r) (i32.const 8)) (local.get $r1)))
                (local.set $g (i32.add (local.get $codes) (i32.mul (local.get $r) (local.get $width))))
                (local.set $n0 (local.get $root)) (local.set $n1 (local.get $root)) (local.set $n2 (local.get $root)) (local.set $n3 (local.get $root)) (local.set $n4 (local.get $root)) (local.set $n5 (local.get $root)) (local.set $n6 (local.get $root)) (local.set $n7 (local.get $root))
                (block $walked
                  (loop $walk
                    (br_if $walked (i32.eqz (i32.or (i32.or (i32.or (i32.or (i32.or (i32.or (i32.or (local.tee $t0 (i32.load offset=8 (local.get $n0))) (local.tee $t1 (i32.load offset=8 (local.get $n1)))) (local.tee $t2 (i32.load offset=8 (local.get $n2)))) (local.tee $t3 (i32.load offset=8 (local.get $n3)))) (local.tee $t4 (i32.load offset=8 (local.get $n4)))) (local.tee $t5 (i32.load offset=8 (local.get $n5)))) (local.tee $t6 (i32.load offset=8 (local.get $n6)))) (local.tee $t7 (i32.load offset=8 (local.get $n7))))))
                    (local.set $n0 (i32.add (i32.load offset=4 (local.get $n0)) (i32.load8_u (i32.add (local.get $t0) (i32.load8_u offset=0 (i32.add (local.get $g) (i32.load (local.get $n0))))))))
                    (local.set $n1 (i32.add (i32.load offset=4 (local.get $n1)) (i32.load8_u (i32.add (local.get $t1) (i32.load8_u offset=1 (i32.add (local.get $g) (i32.load (local.get $n1))))))))
                    (local.set $n2 (i32.add (i32.load offset=4 (local.get $n2)) (i32.load8_u (i32.add (local.get $t2) (i32.load8_u offset=2 (i32.add (local.get $g) (i32.load (local.get $n2))))))))
                    (local.set $n3 (i32.add (i32.load offset=4 (local.get $n3)) (i32.load8_u (i32.add (local.get $t3) (i32.load8_u offset=3 (i32.add (local.get $g) (i32.load (local.get $n3))))))))
                    (local.set $n4 (i32.add (i32.load offset=4 (local.get $n4)) (i32.load8_u (i32.add (local.get $t4) (i32.load8_u offset=4 (i32.add (local.get $g) (i32.load (local.get $n4))))))))
                    (local.set $n5 (i32.add (i32.load offset=4 (local.get $n5)) (i32.load8_u (i32.add (local.get $t5) (i32.load8_u offset=5 (i32.add (local.get $g) (i32.load (local.get $n5))))))))
                    (local.set $n6 (i32.add (i32.load offset=4 (local.get $n6)) (i32.load8_u (i32.add (local.get $t6) (i32.load8_u offset=6 (i32.add (local.get $g) (i32.load (local.get $n6))))))))
                    (local.set $n7 (i32.add (i32.load offset=4 (local.get $n7)) (i32.load8_u (i32.add (local.get $t7) (i32.load8_u offset=7 (i32.add (local.get $g) (i32.load (local.get $n7))))))))
                    (br $walk)))
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $k)) (local.get $col)) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n0))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n1))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n2))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n3))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n4))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n5))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n6))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=16 (local.get $n7))))
                (local.set $o (i32.add (local.get $o) (local.get $kBytes)))
                (local.set $r (i32.add (local.get $r) (i32.const 8)))
                (br $group)))
            (local.set $col (i32.add (local.get $col) (i32.const 1)))
            (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tree)))
        ;; The rows after the block's last group of 8 (at most 7, in the last block: a single-row request
        ;; is one) one by one over the compact records, 8 trees in lockstep (their steps overlap in the
        ;; CPU), then the trees left one by one. Each cell still gets its trees' leaves in tree order: the same sums to the bit.
        (local.set $r (i32.add (local.get $r0) (i32.and (i32.sub (local.get $r1) (local.get $r0)) (i32.const -8))))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r1)))
            (local.set $g (i32.add (i32.add (local.get $codes) (i32.mul (i32.and (local.get $r) (i32.const -8)) (local.get $width))) (i32.and (local.get $r) (i32.const 7))))
            (local.set $rowOut (i32.add (local.get $out) (i32.shl (i32.mul (local.get $r) (local.get $k)) (i32.const 3))))
            (local.set $t (i32.const 0))
            (local.set $col (i32.const 0))
            (block $lanesDone
              (loop $lanes
                (br_if $lanesDone (i32.gt_u (i32.add (local.get $t) (i32.const 8)) (local.get $trees)))
                (local.set $root (i32.add (local.get $compactRoots) (i32.shl (local.get $t) (i32.const 2))))
                (local.set $n0 (i32.load offset=0 (local.get $root)))
                (local.set $n1 (i32.load offset=4 (local.get $root)))
                (local.set $n2 (i32.load offset=8 (local.get $root)))
                (local.set $n3 (i32.load offset=12 (local.get $root)))
                (local.set $n4 (i32.load offset=16 (local.get $root)))
                (local.set $n5 (i32.load offset=20 (local.get $root)))
                (local.set $n6 (i32.load offset=24 (local.get $root)))
                (local.set $n7 (i32.load offset=28 (local.get $root)))
                (block $treeWalked
                  (loop $treeWalk
                    (br_if $treeWalked (i32.ge_s (i32.or (i32.or (i32.or (i32.or (i32.or (i32.or (i32.or (local.tee $w0 (i32.load offset=4 (local.get $n0))) (local.tee $w1 (i32.load offset=4 (local.get $n1)))) (local.tee $w2 (i32.load offset=4 (local.get $n2)))) (local.tee $w3 (i32.load offset=4 (local.get $n3)))) (local.tee $w4 (i32.load offset=4 (local.get $n4)))) (local.tee $w5 (i32.load offset=4 (local.get $n5)))) (local.tee $w6 (i32.load offset=4 (local.get $n6)))) (local.tee $w7 (i32.load offset=4 (local.get $n7)))) (i32.const 0)))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w0) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n0 (i32.add (i32.load (local.get $n0)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w0) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w0) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n0)) (i32.const 0) (i32.lt_s (local.get $w0) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w1) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n1 (i32.add (i32.load (local.get $n1)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w1) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w1) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n1)) (i32.const 0) (i32.lt_s (local.get $w1) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w2) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n2 (i32.add (i32.load (local.get $n2)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w2) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w2) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n2)) (i32.const 0) (i32.lt_s (local.get $w2) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w3) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n3 (i32.add (i32.load (local.get $n3)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w3) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w3) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n3)) (i32.const 0) (i32.lt_s (local.get $w3) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w4) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n4 (i32.add (i32.load (local.get $n4)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w4) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w4) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n4)) (i32.const 0) (i32.lt_s (local.get $w4) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w5) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n5 (i32.add (i32.load (local.get $n5)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w5) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w5) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n5)) (i32.const 0) (i32.lt_s (local.get $w5) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w6) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n6 (i32.add (i32.load (local.get $n6)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w6) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w6) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n6)) (i32.const 0) (i32.lt_s (local.get $w6) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w7) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n7 (i32.add (i32.load (local.get $n7)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w7) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w7) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n7)) (i32.const 0) (i32.lt_s (local.get $w7) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (br $treeWalk)))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n0))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n1))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n2))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n3))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n4))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n5))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n6))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n7))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $t (i32.add (local.get $t) (i32.const 8)))
                (br $lanes)))
            (block $treesLeft
              (loop $treeLeft
                (br_if $treesLeft (i32.ge_u (local.get $t) (local.get $trees)))
                (local.set $n0 (i32.load (i32.add (local.get $compactRoots) (i32.shl (local.get $t) (i32.const 2)))))
                (block $walked1
                  (loop $walk1
                    (br_if $walked1 (i32.ge_s (local.tee $w0 (i32.load offset=4 (local.get $n0))) (i32.const 0)))
                    (local.set $c (i32.load8_u (i32.add (local.get $g) (i32.and (i32.shr_u (local.get $w0) (i32.const 9)) (i32.const 0x3fffff)))))
                    (local.set $n0 (i32.add (i32.load (local.get $n0)) (i32.or
                      (i32.shl (i32.gt_u (i32.and (i32.add (local.get $c) (i32.and (i32.shr_u (local.get $w0) (i32.const 8)) (i32.const 1))) (i32.const 255)) (i32.and (local.get $w0) (i32.const 255))) (i32.const 4))
                      (i32.shr_u (i32.load8_u (i32.add (select (i32.load offset=8 (local.get $n0)) (i32.const 0) (i32.lt_s (local.get $w0) (i32.const 0))) (local.get $c))) (i32.const 1)))))
                    (br $walk1)))
                (local.set $o (i32.add (local.get $rowOut) (i32.shl (local.get $col) (i32.const 3))))
                (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load offset=8 (local.get $n0))))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (if (i32.eq (local.get $col) (local.get $k)) (then (local.set $col (i32.const 0))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $treeLeft)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $row)))
        (local.set $r0 (local.get $r1))
        (br $block))))

  ;; The codes of rows [0, rows) (x: row-major f64, rows × width) into `codes` (row 0 starts a group).
  ;; kind[f] (u8): 0 unused by the forest (no code written), 1 numeric: rank by a branch-free binary
  ;; search of the 256-entry ascending table at the address table[f] (i32; padded with +Infinity, so
  ;; padding never counts; NaN compares false everywhere, then takes 255), 2 categorical with count[f] (i32).
  (func (export "bin")
        (param $x i32) (param $rows i32) (param $width i32) (param $codes i32)
        (param $kind i32) (param $count i32) (param $table i32)
    (local $f i32) (local $r i32) (local $xp i32) (local $v f64) (local $b i32) (local $tb i32)
    (local $n i32) (local $code i32) (local $rowBytes i32) (local $cp i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 3)))
    (block $featsDone
      (loop $feat
        (br_if $featsDone (i32.ge_u (local.get $f) (local.get $width)))
        (local.set $xp (i32.add (local.get $x) (i32.shl (local.get $f) (i32.const 3))))
        (local.set $r (i32.const 0))
        (if (i32.eq (i32.load8_u (i32.add (local.get $kind) (local.get $f))) (i32.const 1))
          (then
            (local.set $tb (i32.load (i32.add (local.get $table) (i32.shl (local.get $f) (i32.const 2)))))
            (block $d1 (loop $l1
              (br_if $d1 (i32.ge_u (local.get $r) (local.get $rows)))
              (local.set $v (f64.load (local.get $xp)))
              (local.set $b (i32.const 0))
              (local.set $b (select (i32.add (local.get $b) (i32.const 128)) (local.get $b)
                (f64.lt (f64.load offset=1016 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $b (select (i32.add (local.get $b) (i32.const 64)) (local.get $b)
                (f64.lt (f64.load offset=504 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $b (select (i32.add (local.get $b) (i32.const 32)) (local.get $b)
                (f64.lt (f64.load offset=248 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $b (select (i32.add (local.get $b) (i32.const 16)) (local.get $b)
                (f64.lt (f64.load offset=120 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $b (select (i32.add (local.get $b) (i32.const 8)) (local.get $b)
                (f64.lt (f64.load offset=56 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $b (select (i32.add (local.get $b) (i32.const 4)) (local.get $b)
                (f64.lt (f64.load offset=24 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $b (select (i32.add (local.get $b) (i32.const 2)) (local.get $b)
                (f64.lt (f64.load offset=8 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $b (select (i32.add (local.get $b) (i32.const 1)) (local.get $b)
                (f64.lt (f64.load offset=0 (i32.add (local.get $tb) (i32.shl (local.get $b) (i32.const 3)))) (local.get $v))))
              (local.set $cp (i32.add (i32.add (local.get $codes) (i32.shl (i32.add (i32.mul (i32.shr_u (local.get $r) (i32.const 3)) (local.get $width)) (local.get $f)) (i32.const 3))) (i32.and (local.get $r) (i32.const 7))))
              (i32.store8 (local.get $cp) (select (i32.const 255) (local.get $b) (f64.ne (local.get $v) (local.get $v))))
              (local.set $xp (i32.add (local.get $xp) (local.get $rowBytes)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $l1)))))
        (if (i32.eq (i32.load8_u (i32.add (local.get $kind) (local.get $f))) (i32.const 2))
          (then
            (local.set $n (i32.load (i32.add (local.get $count) (i32.shl (local.get $f) (i32.const 2)))))
            (block $d2 (loop $l2
              (br_if $d2 (i32.ge_u (local.get $r) (local.get $rows)))
              (local.set $v (f64.load (local.get $xp)))
              (local.set $code (i32.trunc_sat_f64_s (local.get $v)))
              (local.set $cp (i32.add (i32.add (local.get $codes) (i32.shl (i32.add (i32.mul (i32.shr_u (local.get $r) (i32.const 3)) (local.get $width)) (local.get $f)) (i32.const 3))) (i32.and (local.get $r) (i32.const 7))))
              (i32.store8 (local.get $cp)
                (select (local.get $code) (local.get $n)
                  (i32.and
                    (i32.and (f64.eq (f64.convert_i32_s (local.get $code)) (local.get $v)) (i32.ge_s (local.get $code) (i32.const 0)))
                    (i32.lt_s (local.get $code) (local.get $n)))))
              (local.set $xp (i32.add (local.get $xp) (local.get $rowBytes)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $l2)))))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $feat))))

  ;; Reads one word of every 64-byte line of [from, to) and returns their sum (so that no load can be
  ;; dropped): the compact records brought into the caches by independent loads, which the CPU issues
  ;; many at a time, before a single row's walk, whose loads depend on each other, needs them.
  (func (export "touch") (param $from i32) (param $to i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $from))))
        (local.set $from (i32.add (local.get $from) (i32.const 64)))
        (br $line)))
    (local.get $sum)))
