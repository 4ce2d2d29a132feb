#!/usr/bin/env python3
"""Renders Demo/articles.py into the snapshot format, in Demo/corpus/.

Each related item quotes a fragment of the story it points at, with that
story's publish time, so the links resolve the way the crawler's do. Items
marked "x:" quote stories that are not in the corpus. A few files are made
odd on purpose: one GB18030, one with CRLF line ends, one with a BOM, one
truncated, one with full-width colons; and four that are not snapshots.
Run from the repository root: python3 Demo/make-demo.py
"""
import datetime
import hashlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
from articles import ARTICLES  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "corpus")
NBSP = "\u00a0"
by_key = {a[0]: a for a in ARTICLES}


def file_name(index, key):
    return "%03d_%s.txt" % (index, hashlib.sha1(key.encode()).hexdigest()[:16])


def body_text(article):
    """The text a related excerpt may be cut from: paragraphs and headings."""
    parts = []
    for paragraph in article[7]:
        if paragraph == "[img]":
            continue
        parts.append(paragraph[3:] if paragraph.startswith("## ") else paragraph)
    return "".join(parts)


def excerpt_of(key, salt):
    text = body_text(by_key[key])
    start = (len(key) * 7 + salt * 11) % max(1, len(text) - 40)
    return "..." + text[start:start + 38]


def outside_date(text):
    digest = int(hashlib.sha1(text.encode()).hexdigest(), 16)
    day = datetime.datetime(2023, 1, 1) + datetime.timedelta(minutes=digest % (700 * 24 * 60))
    return day.strftime("%Y-%m-%d %H:%M:00")


def render(index, article):
    key, category, source, date, title, byline, note, paragraphs, related = article
    colon = "：" if key == "pension" else ":"
    separator = "  " if key == "pension" else NBSP
    lines = ["• 我的订阅", "  • " + category, "", title, "",
             separator.join(["类别%s%s" % (colon, category), "发布时间%s%s" % (colon, date), "来源%s%s" % (colon, source)])]
    if byline:
        lines += ["", byline]
    if note:
        lines += ["", note]
    for paragraph in paragraphs:
        if paragraph == "[img]":
            lines += ["", title]
        elif paragraph.startswith("## "):
            lines += ["", paragraph[3:]]
        else:
            lines += ["", paragraph]
    if key == "tea":  # a truncated snapshot: the crawler stopped after the body
        return "\n".join(lines) + "\n"
    captured = datetime.datetime.strptime(date, "%Y-%m-%d %H:%M:%S") + datetime.timedelta(hours=3, minutes=17)
    url = "https://news.example.cn/%s/%s.html" % (date[:4], key) if index % 3 == 0 else ""
    lines += ["", "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录,本站未对信息做任何修改,信息内容不代表本站立场。",
              "", "快照生成时间:" + captured.strftime("%Y-%m-%d %H:%M:%S"),
              "", "本站信息快照查询为非营利公共服务,如有侵权请联系我们进行删除。",
              "", "信息原文地址:" + url, ""]
    for salt, target in enumerate(related):
        if target.startswith("x:"):
            text = target[2:]
            lines += [text, outside_date(text)]
        else:
            if salt % 2 == 1:
                lines.append(by_key[target][4])
            lines += [excerpt_of(target, salt), by_key[target][3]]
    lines.append("更多关于%s的资讯:" % category)
    return "\n".join(lines)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    for index, article in enumerate(ARTICLES):
        key = article[0]
        text = render(index, article)
        if key == "beidou":
            data = text.replace("\n", "\r\n").encode("utf-8")
        elif key == "granary":
            data = text.encode("gb18030")
        elif key == "road":
            data = b"\xef\xbb\xbf" + text.encode("utf-8")
        else:
            data = text.encode("utf-8")
        folder = os.path.join(OUT, article[1] if index % 2 == 0 else "")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, file_name(index, key)), "wb") as out:
            out.write(data)
    # Files a real dump contains that are not snapshots.
    with open(os.path.join(OUT, "096_0000000000000000.txt"), "wb") as out:
        out.write(b"")
    with open(os.path.join(OUT, "097_ffffffffffffffff.txt"), "wb") as out:
        out.write(bytes(range(0, 256)) * 4)
    with open(os.path.join(OUT, "crawler-notes.md"), "w", encoding="utf-8") as out:
        out.write("# 抓取记录\n\n- 第一轮:41 篇\n- 待补:国际频道\n")
    with open(os.path.join(OUT, "098_1234567890abcdef.txt"), "w", encoding="utf-8") as out:
        out.write("这个文件只有一段普通文字,没有标题、没有类别,也没有快照的页脚。\n")
    print("wrote %d articles and 4 files that are not snapshots to %s" % (len(ARTICLES), OUT))


if __name__ == "__main__":
    main()
