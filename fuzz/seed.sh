#!/bin/sh
# Seeds fuzz/corpus/extract with the shared reports, each prefixed by the byte that selects its
# container kind in fuzz_targets/extract.rs (0 text, 1 HTML, 2 DOCX, 3 PDF).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${1:-$here/../../shared}
out=$here/corpus/extract
mkdir -p "$out"
for f in "$shared"/seeds/*.txt "$shared"/corpus/*.txt "$shared"/corpus/*.html "$shared"/corpus/*.docx "$shared"/corpus/*.pdf; do
    [ -f "$f" ] || continue
    case "$f" in
        *.txt) k='\000' ;;
        *.html) k='\001' ;;
        *.docx) k='\002' ;;
        *.pdf) k='\003' ;;
    esac
    { printf "$k"; cat "$f"; } > "$out/$(basename "$f")"
done
echo "seeded $(ls "$out" | wc -l) files into $out"
