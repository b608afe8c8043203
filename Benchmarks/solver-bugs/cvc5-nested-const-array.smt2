; cvc5 1.0.3 (Debian) and 1.4.2 (PyPI, with --arrays-exp) answer `sat`; the answer is `unsat`
; (Z3 says so, and cvc5's own model gives the row of g the value (as const ... 0), so element 7
; is 0, not 3). It needs an outer index of an uninterpreted sort: with S = Int cvc5 answers unsat.
; Found by Benchmarks/recheck-smt.sh: the base case of the parametric proof of
; Proofs/policy/two-guests-confused-deputy.proof, where the access matrix starts as a constant
; array of constant arrays over the sorts Subject and Object, is the one query of the bundled
; Proofs/ on which cvc5 disagrees with Z3.
(set-info :status unsat)
(set-logic ALL)
(declare-sort S 0)
(declare-fun h () S)
(declare-fun g () S)
(assert (distinct h g))
(assert (= (select (select (store ((as const (Array S (Array Int Int))) ((as const (Array Int Int)) 0)) h ((as const (Array Int Int)) 3)) g) 7) 3))
(check-sat)
