"""A synthetic archive of a bulletin for the benchmarks: a year of weekly issues.

Each issue has 4 to 8 stories of Chinese text in the register of a work bulletin —
names, offices, dates and figures in Arabic digits, Latin words and abbreviations
(App, PPT, 5G, GDP) — and about one story in three has a picture (a JPEG drawn here).
The same seed gives the same archive, byte for byte.  It is written into the folder
given, never into the project's manuscripts.

Usage: python benchmarks/make_archive.py FOLDER [--issues 52] [--seed 2023]
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志鹏飞宇浩然晨曦雪琳欣怡子涵嘉俊凯文博思远佳慧婷"
OFFICES = ["办公室", "执法协调处", "规划处", "财务处", "人事处", "信息中心", "法规处", "安全监管处",
           "科技处", "宣传处", "机关党委", "后勤服务中心", "档案室", "审计处"]
PLACES = ["社区", "街道", "园区", "村委会", "养老院", "学校", "医院", "工地", "码头", "服务中心"]
DEEDS = ["主动担任志愿者小组组长", "带领团队完成年度评估", "牵头编制工作方案",
         "深入一线开展调研", "利用业余时间整理档案", "组织开展安全检查", "坚持每天走访群众",
         "协调解决居民反映的问题", "推动系统升级改造", "参与防汛抢险工作"]
RESULTS = ["累计服务{n}余户、{m}多人次", "完成检查{n}次，整改问题{m}项",
           "节约经费{n}万元，效率提高{p}%", "接待来访{n}人次，满意率达{p}%",
           "培训干部{n}名，覆盖{m}个单位", "处理工单{n}件，按期办结率{p}%"]
LATIN = ["App", "PPT", "5G", "GDP", "Wi-Fi", "PDF", "QQ群", "Excel", "AI", "GPS", "U盘", "ISO 9001"]
PHRASES = ["面对困难，{name}没有退缩。", "他说：“这是我应尽的职责。”",
           "她常说：“群众的事再小也是大事。”", "大家都说，有{name}在，心里就踏实。",
           "这项工作得到了上级部门的充分肯定。", "下一步，{office}将继续总结经验、完善机制。",
           "为了方便老人使用，他们把{latin}操作步骤做成了图解。",
           "每天早上7点，{name}就来到{place}，一直忙到晚上10点以后。",
           "截至{month}月{day}日，各项指标均已完成。",
           "在同事们的帮助下，问题终于在{hours}小时内得到解决。",
           "他们还建立了{latin}工作群，第一时间回应居民的诉求。"]
HEADLINES = ["把服务送到群众身边", "守望相助　共克时艰", "一线见担当", "小岗位上的大作为",
             "用心用情解难题", "细节之处见真章", "坚守岗位　默默奉献", "让数据多跑路",
             "不负韶华　砥砺前行", "用行动诠释初心", "把好事办实", "点滴汇聚成江河"]
TITLES = ["春风行动", "奋进新征程", "服务在一线", "凝心聚力", "实干担当", "岁末回眸", "夏日坚守",
          "金秋时节", "匠心与初心", "众志成城"]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def sentence(rng: random.Random, person: str, office: str) -> str:
    phrase = rng.choice(PHRASES)
    return phrase.format(name=person, office=office, latin=rng.choice(LATIN),
                         place=rng.choice(PLACES), month=rng.randint(1, 12),
                         day=rng.randint(1, 28), hours=rng.randint(2, 48))


def paragraph(rng: random.Random, person: str, office: str) -> str:
    opening = (f"{office}{person}同志{rng.choice(DEEDS)}，"
               + rng.choice(RESULTS).format(n=rng.randint(10, 900), m=rng.randint(20, 3000),
                                            p=rng.randint(60, 99)) + "。")
    lines = [opening] + [sentence(rng, person, office) for _ in range(rng.randint(2, 5))]
    return "\n".join(lines)


def picture(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    width, height = 1600, 1067
    image = Image.new("RGB", (width, height), tuple(rng.randint(90, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        x, y = rng.randint(0, width), rng.randint(0, height)
        size = rng.randint(60, 400)
        draw.ellipse((x, y, x + size, y + size), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def quoted(text: str) -> str:
    return "|\n" + "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))


def make_issue(folder: Path, number: int, date: datetime.date, rng: random.Random) -> None:
    stories = []
    (folder / "stories").mkdir(parents=True)
    for index in range(1, rng.randint(4, 8) + 1):
        person, office = name(rng), rng.choice(OFFICES)
        body = "\n\n".join(paragraph(rng, person, office) for _ in range(rng.randint(2, 4)))
        story = [f"headline: {rng.choice(HEADLINES)}", f"byline: {office}　{person}",
                 f"body: {quoted(body)}"]
        if rng.random() < 0.35:
            (folder / "images").mkdir(exist_ok=True)
            image = f"images/{index:02d}.jpg"
            (folder / image).write_bytes(picture(rng))
            story.append(f"images:\n  - src: {image}\n    alt: {person}在{rng.choice(PLACES)}工作\n"
                         f"    caption: {person}（左）在{rng.choice(PLACES)}")
        stem = f"{index:02d}-story"
        (folder / "stories" / f"{stem}.yaml").write_text("\n".join(story) + "\n",
                                                         encoding="utf-8")
        stories.append(stem)
    issue = [f"title: {rng.choice(TITLES)}", "publication: 机关工作简报",
             f"number: {date.year}年第{number}期", f"date: {date.isoformat()}",
             "publisher: 局机关党委", "language: zh-Hans",
             "editions: [zh-Hans, zh-Hant, zh-Hant-HK]",
             f"lead: {quoted(paragraph(rng, name(rng), rng.choice(OFFICES)))}",
             "stories:", *(f"  - {stem}" for stem in stories),
             f"url: https://bulletin.example.org/{folder.name}/",
             "rights: 局机关党委编印　仅供内部交流"]
    (folder / "issue.yaml").write_text("\n".join(issue) + "\n", encoding="utf-8")


def make_archive(folder: Path, issues: int = 52, seed: int = 2023) -> list[Path]:
    """``issues`` weekly issues of 2023 in ``folder``, which must not exist yet."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    made = []
    for number in range(1, issues + 1):
        date = datetime.date(2023, 1, 2) + datetime.timedelta(weeks=number - 1)
        issue = folder / f"{date.isoformat()[:7]}-week-{number:02d}"
        make_issue(issue, number, date, rng)
        made.append(issue)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--issues", type=int, default=52)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    made = make_archive(args.folder, args.issues, args.seed)
    print(f"wrote {len(made)} issues into {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
