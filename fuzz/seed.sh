#!/bin/sh
# Seeds fuzz/corpus/extract with the shared reports, each prefixed by the byte that selects its
# container kind in fuzz_targets/extract.rs (0 text, 1 HTML, 2 DOCX, 3 PDF, 4 Word 97, 5 MHTML,
# 6 spreadsheet, 7 OFD), and with the reader's own printed test files (tests/printed: .doc, .mht,
# .mhtml, .xlsx, .xls, .ods, .ofd among them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${1:-$here/../../shared}
out=$here/corpus/extract
mkdir -p "$out"
printed=$here/../crates/extract/tests/printed
for f in "$shared"/seeds/*.txt "$shared"/corpus/*.txt "$shared"/corpus/*.html "$shared"/corpus/*.docx "$shared"/corpus/*.pdf \
    "$printed"/*.doc "$printed"/*.mht "$printed"/*.mhtml "$printed"/*.xlsx "$printed"/*.xls "$printed"/*.ods "$printed"/*.ofd; do
    [ -f "$f" ] || continue
    case "$f" in
        *.txt) k='\000' ;;
        *.html) k='\001' ;;
        *.docx) k='\002' ;;
        *.pdf) k='\003' ;;
        *.doc) k='\004' ;;
        *.mht | *.mhtml) k='\005' ;;
        *.xlsx | *.xls | *.ods) k='\006' ;;
        *.ofd) k='\007' ;;
    esac
    { printf "$k"; cat "$f"; } > "$out/$(basename "$f")"
done
echo "seeded $(ls "$out" | wc -l) files into $out"

# API bodies: a valid application and consultation (first byte: the route, see api_body.rs).
api=$here/corpus/api_body
mkdir -p "$api"
printf '\000{"agency":"fuzz","applicant":{"email": "test@example.cn", "kind":"natural","name":"张三","id_number":"11010519491231002X","phone":"13800000000","address":"某市某路1号"},"delivery":"电子邮件","items":["2024年财政预算"],"secret":"fuzz-secret-1"}' > "$api/application.json"
printf '\001{"agency":"fuzz","question":"如何申请政府信息公开？","asker_name":"李四","asker_contact":"13900000000","secret":"fuzz-secret-2"}' > "$api/consultation.json"
printf '\002{"agency":"fuzz","applicant":{"email": "test@example.cn", "kind":"commercial","name":"某公司","id_number":"91110000100000000X","phone":"01012345678","address":"某市"},"channel":"in_person","delivery":"当面领取","registered_on":"2025-03-02","items":["项目清单"]}' > "$api/case.json"
echo "seeded $(ls "$api" | wc -l) API bodies into $api"
