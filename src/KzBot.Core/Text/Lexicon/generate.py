#!/usr/bin/env python3
"""Generates src/KzBot.Core/Text/Lexicon/related-words.tsv from WordNet 3.0.

Source: Princeton WordNet 3.0 database files as packaged by Debian (`apt-get install wordnet-base`, files in
/usr/share/wordnet). Licence: the WordNet 3.0 licence (BSD-style; use, copying and redistribution allowed with
the copyright notice), reproduced in the header of the generated file.

Each line is `word<TAB>kind:related,...` for common English words (a sense tagged at least once in WordNet's
semantic concordance, cntlist.rev), with these kinds:
  syn  other words of the same synset in the word's most frequent senses (troops -> soldiery, come -> arrive)
  der  derivationally related words (currency -> current, soldier -> soldiery via the verb "soldier")
  hyp  the direct hypernym of a noun's or verb's most frequent sense (treaty -> written agreement -> agreement)
  of   the country a capital city belongs to (Moscow -> Russia): capitals are searched as their countries
and `word<TAB>base:lemma` for irregular verb forms (sent -> send, came -> come) from verb.exc. A common word with
none of these is listed alone, so the bot still knows it as English ("policy" is no typo and no name).
Only single-word lemmas are kept. Run: python3 src/KzBot.Core/Text/Lexicon/generate.py [/usr/share/wordnet] > src/KzBot.Core/Text/Lexicon/related-words.tsv
"""
import collections
import os
import sys

WN = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SENSES = 2          # the most frequent senses of a word that contribute synonyms
MAX_RELATED = 12    # per kind, so a very polysemous word does not expand into noise


def read_data(pos):
    synsets = {}
    with open(os.path.join(WN, "data." + POS[pos]), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            head, _, _gloss = line.partition(" | ")
            parts = head.split()
            offset, ss_type = parts[0], parts[2]
            n = int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(n)]
            i = 4 + 2 * n
            pcount = int(parts[i])
            i += 1
            pointers = []
            for _ in range(pcount):
                sym, off, ppos, st = parts[i:i + 4]
                pointers.append((sym, off, "a" if ppos == "s" else ppos, int(st[:2], 16), int(st[2:], 16)))
                i += 4
            synsets[(pos, offset)] = (words, pointers)
    return synsets


def read_index(pos):
    index = {}
    with open(os.path.join(WN, "index." + POS[pos]), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split()
            lemma, p, synset_cnt, p_cnt = parts[0], parts[1], int(parts[2]), int(parts[3])
            offsets = parts[4 + p_cnt + 2:]
            index[lemma] = offsets[:synset_cnt]
    return index


def tagged_lemmas():
    tagged = set()
    with open(os.path.join(WN, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            key, _num, count = line.split()
            if int(count) > 0:
                tagged.add(key.split("%")[0])
    return tagged


def single(word):
    return word.isalpha() and len(word) > 1


def main():
    data = {}
    index = {}
    for pos in POS:
        data.update(read_data(pos))
        index[pos] = read_index(pos)
    common = tagged_lemmas()
    capital = ("n", "08691669")  # national capital

    related = collections.defaultdict(lambda: collections.defaultdict(list))

    def add(word, kind, other):
        other = other.split("(")[0]
        if other != word and single(other) and other not in related[word][kind] and len(related[word][kind]) < MAX_RELATED:
            related[word][kind].append(other)

    for pos in POS:
        for lemma, offsets in index[pos].items():
            if not single(lemma):
                continue
            for rank, off in enumerate(offsets):
                words, pointers = data[(pos, off)]
                is_capital = any(sym == "@i" and (p, o) == capital for sym, o, p, _, _ in pointers)
                if is_capital:
                    for sym, o, p, _, _ in pointers:
                        if sym == "#p":
                            for w in data[(p, o)][0]:
                                add(lemma, "of", w)
                    for w in words:
                        if w.startswith("capital_of_"):
                            add(lemma, "of", w[len("capital_of_"):])
                if lemma not in common or rank >= SENSES:
                    continue
                for w in words:
                    add(lemma, "syn", w)
                own = words.index(lemma) + 1 if lemma in words else 0
                for sym, o, p, src, _dst in pointers:
                    if sym == "+" and src in (0, own):
                        for w in data[(p, o)][0]:
                            add(lemma, "der", w)
                    if sym == "@" and rank == 0 and pos in "nv":
                        for w in data[(p, o)][0]:
                            add(lemma, "hyp", w)

    # Verbs only: the noun and adjective exceptions map plurals and comparatives the stemmer already handles.
    base = {}
    for pos in "v":
        path = os.path.join(WN, POS[pos] + ".exc")
        with open(path, encoding="latin-1") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and single(parts[0]) and single(parts[1]) and parts[1] in common:
                    base.setdefault(parts[0], parts[1])

    print("# Generated by src/KzBot.Core/Text/Lexicon/generate.py from Princeton WordNet 3.0 (Debian wordnet-base). Do not edit.")
    print("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy, modify")
    print("# and distribute this software and database and its documentation for any purpose and without fee or")
    print("# royalty is hereby granted, provided that you agree to comply with the copyright notice and statements,")
    print("# including the disclaimer (https://wordnet.princeton.edu/license-and-commercial-use).")
    known = {w for pos in POS for w in index[pos] if w in common and single(w)}
    for word in sorted(set(related) | set(base) | known):
        fields = []
        if word in base:
            fields.append("base:" + base[word])
        for kind in ("syn", "der", "hyp", "of"):
            if related[word].get(kind):
                fields.append(kind + ":" + ",".join(related[word][kind]))
        print("\t".join([word] + fields))


main()
