#!/usr/bin/env python3
"""Briefs under variants of one notice, from a planted corpus's briefs.

Usage: Benchmarks/notice-variants.py SNAPREAD PLANTED TRUTH.json OUT [CUT]

PLANTED is a corpus of `snapgen --briefs N --copies-truth TRUTH.json` (N at
least 70). OUT gets 30 briefs under the notice, 20 each under its own variant
of it (one character changed at a place of its own, away from both ends),
CUT (default 5) under the notice cut into two paragraphs at its middle, and 10
briefs twice: under the notice and under a variant (one story each). The
corpus is indexed cold with SNAPREAD (its cache under OUT.cache) and the pairs
of `copy_group` are scored against that truth: only the 10 are one story.
"""
import glob, itertools, json, os, shutil, sqlite3, subprocess, sys

snapread, planted, truth_file, out = sys.argv[1:5]
cut = int(sys.argv[5]) if len(sys.argv) > 5 else 5
notice = ("(本报综合消息)以上内容由本报新闻中心根据各地通讯员来稿整理编发,如需转载请注明出处并保留作者署名。"
          "读者如发现稿件内容有误,欢迎拨打新闻热线或通过客户端留言反映,我们将及时核实更正。"
          "更多本地资讯请关注本报微信公众号、微博账号和新闻客户端,感谢您的阅读与支持。")
briefs = [f["file"] for f in json.load(open(truth_file))["files"] if f["kind"] == "brief-decoy"]
assert len(briefs) >= 60 + cut, "the planted corpus needs more briefs"
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)

def variant(place):
    return notice[:place] + "國" + notice[place + 1:]

def copy(source, name, text_of=lambda text: text):
    text = open(os.path.join(planted, source), encoding="utf-8").read()
    assert notice in text, source
    open(os.path.join(out, name), "w", encoding="utf-8").write(text_of(text))

truth = set()
for n, source in enumerate(briefs[:50 + cut]):
    name = os.path.basename(source)
    if n < 30:
        copy(source, name)
    elif n < 50:
        copy(source, name, lambda text: text.replace(notice, variant(24 + 3 * (n - 30))))
    else:
        middle = len(notice) // 2
        copy(source, name, lambda text: text.replace(notice, notice[:middle] + "\n\n" + notice[middle:]))
for n, source in enumerate(briefs[50 + cut:60 + cut]):
    name = os.path.basename(source)
    copy(source, name)
    copy(source, "v" + name, lambda text: text.replace(notice, variant(30 + 5 * n)))
    truth.add((name, "v" + name))

cache = out.rstrip("/") + ".cache"
shutil.rmtree(cache, ignore_errors=True)
subprocess.run([snapread, "index", out], check=True, env=dict(os.environ, XDG_CACHE_HOME=cache), stdout=subprocess.DEVNULL)
database = sqlite3.connect(glob.glob(cache + "/snapread/*/index.sqlite")[0])
groups = {}
for path, group in database.execute("SELECT a.path, g.grp FROM copy_group g JOIN article a ON a.docno = g.docno"):
    groups.setdefault(group, []).append(os.path.basename(path))
found = {pair for files in groups.values() for pair in itertools.combinations(sorted(files), 2)}
print(f"{len(os.listdir(out))} files; one story: {len(found & truth)} of {len(truth)} pairs found;"
      f" pairs that are not one story: {len(found - truth)}")
