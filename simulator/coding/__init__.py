"""Understanding the helper: what each of the trainee's turns does, in MI and peer terms.

Public names, by module: ``codes`` (``Coding``, ``Coder``, ``PeerFlag``: what every coder
returns), ``coder`` (``MICoder``: the trained MITI coder), ``rule_coder`` (the fine MI moves by
rule), ``peer_codes`` (``peer_flags``: scope, self-disclosure, crisis, secrecy...), ``stigma``
(``find_stigmatizing_terms``, the shared lexicon in ``lexicons/``), ``coach`` (coaching tips).
"""
