"""PDF -> OFD (GB/T 33190) with PyMuPDF's character positions: the OFD test files of this
folder (see README.md). Usage: python3 pdf2ofd.py OUTDIR FILE.pdf...

Modes (chosen per file by a hash of its name, so all are exercised):
  line: one TextObject per PyMuPDF line, tight Boundary, one TextCode, DeltaX per glyph
        (spaces dropped, their width folded into the next delta) -- as Word->OFD converters do.
  char: one TextObject per character.
  ctm:  one TextObject per span whose Boundary is the whole page and whose CTM scales a
        10x drawing down, X/Y in that space.
"""
import sys, os, zlib
import pymupdf
from xml.sax.saxutils import escape

MM = 25.4 / 72.0
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'

def f(v): return f"{v:.3f}"

def page_xml(page, mode):
    objs = []
    oid = [100]
    def nid():
        oid[0] += 1; return oid[0]
    d = page.get_text("rawdict")
    for b in d["blocks"]:
        for l in b.get("lines", []):
            if l["dir"] != (1.0, 0.0):
                continue
            spans = l["spans"]
            chars = []  # (c, x, y, size, bbox)
            for s in spans:
                for ch in s["chars"]:
                    chars.append((ch["c"], ch["origin"][0], ch["origin"][1], s["size"], ch["bbox"]))
            if not chars: continue
            if mode == "char":
                for c, x, y, size, bb in chars:
                    if c.isspace(): continue
                    bx, by = bb[0], bb[1]
                    objs.append(f'<ofd:TextObject ID="{nid()}" Boundary="{f(bx*MM)} {f(by*MM)} {f((bb[2]-bb[0])*MM)} {f((bb[3]-bb[1])*MM)}" Font="1" Size="{f(size*MM)}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="{f((x-bx)*MM)}" Y="{f((y-by)*MM)}">{escape(c)}</ofd:TextCode></ofd:TextObject>')
            elif mode == "line":
                x0 = min(c[4][0] for c in chars); y0 = min(c[4][1] for c in chars)
                x1 = max(c[4][2] for c in chars); y1 = max(c[4][3] for c in chars)
                kept = [c for c in chars if not c[0].isspace()]
                if not kept: continue
                size = max(c[3] for c in kept)
                deltas = [ (kept[i+1][1]-kept[i][1])*MM for i in range(len(kept)-1)]
                text = "".join(c[0] for c in kept)
                dx = (' DeltaX="' + " ".join(f(v) for v in deltas) + '"') if deltas else ""
                objs.append(f'<ofd:TextObject ID="{nid()}" Boundary="{f(x0*MM)} {f(y0*MM)} {f((x1-x0)*MM)} {f((y1-y0)*MM)}" Font="1" Size="{f(size*MM)}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="{f((kept[0][1]-x0)*MM)}" Y="{f((kept[0][2]-y0)*MM)}"{dx}>{escape(text)}</ofd:TextCode></ofd:TextObject>')
            else:  # ctm
                for s in spans:
                    cs = [c for c in s["chars"] if not c["c"].isspace()]
                    if not cs: continue
                    w, h = page.rect.width*MM, page.rect.height*MM
                    deltas = [(cs[i+1]["origin"][0]-cs[i]["origin"][0])*MM*10 for i in range(len(cs)-1)]
                    dx = (' DeltaX="' + " ".join(f(v) for v in deltas) + '"') if deltas else ""
                    text = "".join(c["c"] for c in cs)
                    objs.append(f'<ofd:TextObject ID="{nid()}" Boundary="0 0 {f(w)} {f(h)}" CTM="0.1 0 0 0.1 0 0" Font="1" Size="{f(s["size"]*MM*10)}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="{f(cs[0]["origin"][0]*MM*10)}" Y="{f(cs[0]["origin"][1]*MM*10)}"{dx}>{escape(text)}</ofd:TextCode></ofd:TextObject>')
    w, h = page.rect.width*MM, page.rect.height*MM
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Area><ofd:PhysicalBox>0 0 {f(w)} {f(h)}</ofd:PhysicalBox></ofd:Area>'
            f'<ofd:Content><ofd:Layer ID="2" Type="Body">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')

def convert(src, dst, mode):
    import zipfile
    doc = pymupdf.open(src)
    pages = [page_xml(p, mode) for p in doc]
    w, h = doc[0].rect.width*MM, doc[0].rect.height*MM
    root = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{zlib.crc32(src.encode()):08x}</ofd:DocID><ofd:Creator>pdf2ofd2 (PyMuPDF)</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    plist = "".join(f'<ofd:Page ID="{i+1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
    document = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>1000000</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {f(w)} {f(h)}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{plist}</ofd:Pages></ofd:Document>')
    pubres = f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", root)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/PublicRes.xml", pubres)
        for i, p in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", p)

if __name__ == "__main__":
    out = sys.argv[1]
    force = os.environ.get("MODE")
    for src in sys.argv[2:]:
        stem = os.path.basename(src).rsplit(".", 1)[0]
        mode = force or ["line", "char", "ctm"][zlib.crc32(stem.encode()) % 3]
        convert(src, os.path.join(out, stem + ".ofd"), mode)
