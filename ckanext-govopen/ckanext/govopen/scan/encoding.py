"""Character-encoding detection for delimited text files.

Order: a BOM (UTF-8, UTF-16, GB18030) decides. Otherwise the first bytes
that are not ASCII (searched up to ``SNIFF_LIMIT`` into the file, so a long
ASCII preamble does not fool it) are decoded strictly as UTF-8, GB18030 and
CP950 (Big5 with the Microsoft extensions, then Big5-HKSCS). UTF-8 wins when
it decodes (valid UTF-8 is practically never accidental). When both GB18030
and Big5 decode, the one whose text has more of the most frequent Chinese
characters (simplified and traditional forms, plus words common in tables)
wins; wrongly decoded text is made of rare characters. Pure ASCII is UTF-8.
"""
import codecs
import re

SNIFF_LIMIT = 8 << 20
WINDOW = 64 << 10

_NON_ASCII = re.compile(rb"[\x80-\xff]")

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (b"\x84\x31\x95\x33", "gb18030"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Frequent characters (simplified and traditional forms) and table vocabulary.
COMMON = frozenset(
    "的一是不了人在有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自之"
    "年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些"
    "主样樣理心她本前开開但因只从從想实實日军軍者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外"
    "将將两兩高间間由问問很最重并物手应應战戰向头頭文体體政美相见見被利什二等产產或新己制身果加西月话話合回特代内內信"
    "表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣题題"
    "活更别別打女变變四总總何电電数數安少报報才结結反受目太量再感建务務做接必场場件计計管期市直资資命山金指许許统統区"
    "區保至队隊形社便空决決治展马馬科司五基书書非则則听聽白界达達光放强強即像难難且权權思王象完设設式色路记記南品住告"
    "类類求据據程北边邊张張该該交规規万萬取格望觉覺术術领領共确確传傳师師观觀清今切院让讓识識带帶导導争爭运運改收根干"
    "造言联聯持组組每济濟车車亲親极極林服快办辦议議往元英士证證近失转轉令准準布始存未远遠单單影具字爱愛流备備需价價"
    "城级級整府离離况況请請技际際约約示复復病息究线線官火断斷精满滿支视視消越器容照增研写寫称稱企包片史委查易早除农農"
    "找装裝广廣显顯图圖念引历歷首医醫局专專费費号號另周较較注语語仅僅考落青随隨选選列武红紅响響推势勢参參希古众眾构構"
    "房节節土投某案黑维維划劃致陈陳律足态態护護兴興派验驗责責营營星够夠章音跟志底站严嚴例防族供效续續施留讲講型料终終"
    "答紧緊黄黃绝絕奇察母京段依批群项項按河米围圍江织織害双雙境客纪紀采举舉父苏蘇低朝友止细細值仍男钱錢网網热熱助育属"
    "屬坐限速刻乐樂否威状狀率独獨球般普弹彈校苦创創假久错錯承印试試股拿预預益阳陽若微继繼送急血伤傷素药藥适適省初卫衛"
    "源食险險待述陆陸置居劳勞财財环環排福纳納欢歡警获獲模充负負云雲停木游龙龍树樹层層冷洲冲衝略范竟句室异異激村策演简"
    "簡卡判担擔州静靜退既衣您宗积積余餘县縣镇鎮乡鄉街道村社会區號碼電話地址郵編码址邮编姓名称證件籍户戶口总計合计億亿"
    "统计數據资料網站网站檔案档案格式類别类别單位单位機關机关更新頻率频率時間时间說明说明")


def from_bom(head):
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    return None


def _decodes(enc, data):
    """(ok, chars or first bad index) of a strict incremental decode of ``data``."""
    try:
        return True, codecs.getincrementaldecoder(enc)("strict").decode(data, final=False)
    except UnicodeDecodeError as e:
        return False, e.start


def score(text):
    return sum(1 for c in text if c in COMMON)


def detect(raw):
    """``(encoding, None)`` or ``(None, offset of the first byte no candidate decodes)``.

    ``raw`` is a seekable binary file at position 0; it is left at position 0.
    """
    head = raw.read(4)
    raw.seek(0)
    bom = from_bom(head)
    if bom:
        return bom, None
    pos = 0
    window = None
    while pos < SNIFF_LIMIT:
        chunk = raw.read(WINDOW)
        if not chunk:
            break
        m = _NON_ASCII.search(chunk)
        if m:
            window = chunk[m.start():] + raw.read(WINDOW)
            pos += m.start()
            break
        pos += len(chunk)
    raw.seek(0)
    if window is None:
        return "utf-8", None
    ok, _ = _decodes("utf-8", window)
    if ok:
        return "utf-8", None
    results = {}
    bad = []
    for enc in ("gb18030", "cp950", "big5hkscs"):
        ok, out = _decodes(enc, window)
        if ok:
            results[enc] = score(out)
        else:
            bad.append(out)
    if "cp950" in results:
        results.pop("big5hkscs", None)
    if not results:
        return None, pos + max(bad)
    # ties go to GB18030 (mainland files are the common case)
    order = {"gb18030": 2, "cp950": 1, "big5hkscs": 0}
    return max(results, key=lambda e: (results[e], order[e])), None
