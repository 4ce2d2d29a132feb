/// Words and names the generator builds its invented news from. Written for
/// this project; any resemblance to real reports is the nature of news.
enum Vocabulary {
    static let categories = ["国内", "国际", "财经", "科技", "体育", "文化", "教育", "健康", "社会", "汽车", "房产", "旅游"]

    static let sources = [
        "海滨日报", "山城晚报", "江南都市报", "北方新闻网", "西部时报", "东湖融媒", "草原之声",
        "云岭新闻", "湾区财经", "高原日报", "运河晚报", "新潮科技网", "星城电视台", "岭南观察",
    ]

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "林", "何"]
    static let givenNames = ["晓明", "丽华", "建国", "海燕", "志强", "雪梅", "文博", "静怡", "子涵", "浩然", "佳琪", "宇航", "思远", "春生"]

    static let nouns = [
        "社区", "街道", "居民", "志愿者", "企业", "学校", "医院", "农田", "港口", "公园", "地铁", "图书馆",
        "博物馆", "体育馆", "菜市场", "合作社", "实验室", "研究院", "工厂", "码头", "高铁站", "机场", "乡村",
        "山区", "湿地", "海岸线", "老城区", "新城区", "产业园", "开发区", "服务中心", "养老院", "幼儿园",
        "夜市", "书店", "民宿", "茶园", "果园", "渔村", "牧场", "电网", "水库", "隧道", "大桥", "公交线路",
        "数据中心", "芯片", "机器人", "无人机", "新能源汽车", "充电桩", "光伏板", "风电场", "储能电站",
        "网络平台", "短视频", "直播间", "冠军", "球队", "马拉松", "运动员", "教练", "赛事", "展览", "话剧",
        "非遗技艺", "古建筑", "传统节日", "课程", "教师", "学生", "家长", "考试", "奖学金", "门诊", "医生",
        "疫苗", "药品", "体检", "房价", "租金", "楼盘", "物业", "景区", "游客", "航线", "签证", "股市",
        "债券", "汇率", "消费", "出口", "订单", "供应链", "小微企业", "贷款", "税收", "预算",
    ]

    static let verbs = [
        "推进", "开展", "提升", "完善", "建设", "改造", "升级", "启动", "发布", "举办", "组织", "落实",
        "探索", "创新", "保障", "优化", "扩大", "引进", "培育", "打造", "服务", "支持", "加强", "推动",
        "实现", "突破", "恢复", "稳定", "增加", "减少", "调整", "监测", "评估", "修复", "开通", "签约",
    ]

    static let adjectives = [
        "绿色", "智慧", "便民", "高质量", "精细化", "常态化", "数字化", "多元", "安全", "稳定", "持续",
        "全面", "重点", "基层", "综合", "专业", "公益", "特色", "传统", "现代", "国际化", "区域",
    ]

    static let phrases = [
        "取得明显成效", "受到群众欢迎", "形成良好氛围", "带动周边发展", "解决实际困难", "提供有力支撑",
        "迈出坚实一步", "释放发展活力", "增强获得感", "守住安全底线", "打通最后一公里", "跑出加速度",
        "交出亮眼成绩单", "注入新动能", "织密保障网", "按下快进键", "擦亮城市名片", "走深走实",
    ]

    static let latinWords = ["AI", "5G", "GDP", "CPI", "App", "Wi-Fi", "NBA", "CBD", "VR", "Snapshot", "Metro", "Expo"]

    static let connectors = ["同时", "此外", "据介绍", "目前", "下一步", "记者了解到", "数据显示", "与此同时", "近年来", "截至目前"]

    static let quoteVerbs = ["说", "介绍", "表示", "告诉记者", "坦言"]

    static let roles = ["记者", "通讯员", "编辑", "摄影"]

    /// One list of words as UTF-8 in one buffer: a pick appends its bytes
    /// with no array or string retained on the way.
    struct WordList: Sendable {
        private let bytes: [UInt8]
        /// Word i is `bytes[starts[i]..<starts[i + 1]]`.
        private let starts: [Int]

        init(_ words: [String]) {
            var bytes: [UInt8] = []
            var starts = [0]
            for word in words {
                bytes += word.utf8
                starts.append(bytes.count)
            }
            self.bytes = bytes
            self.starts = starts
        }

        var count: Int { starts.count - 1 }

        /// Appends word `index` to `text`.
        func append(_ index: Int, to text: inout [UInt8]) {
            let range = starts[index]..<starts[index + 1]
            bytes.withUnsafeBufferPointer { text.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        }

        /// Appends a word drawn as `SplitMix64.pick` would draw it from the list.
        func appendPick(to text: inout [UInt8], _ rng: inout SplitMix64) {
            append(rng.pickIndex(count), to: &text)
        }
    }

    /// The words as UTF-8, made once, for the generator's sentences (a
    /// class: one reference to take, not one for each list).
    final class UTF8Words: Sendable {
        let connectors = WordList(Vocabulary.connectors)
        let nouns = WordList(Vocabulary.nouns)
        let verbs = WordList(Vocabulary.verbs)
        let adjectives = WordList(Vocabulary.adjectives)
        let phrases = WordList(Vocabulary.phrases)
        let latinWords = WordList(Vocabulary.latinWords)
        let surnames = WordList(Vocabulary.surnames)
        let givenNames = WordList(Vocabulary.givenNames)
        let quoteVerbs = WordList(Vocabulary.quoteVerbs)
        /// Punctuation: `,`, `、`, `个`, `“`, `。”`, `。`, `……`.
        let marks = WordList([",", "、", "个", "“", "。”", "。", "……"])
        static let comma = 0, enumerationComma = 1, counter = 2, openQuote = 3, closeQuotation = 4, fullStop = 5, ellipsis = 6
    }

    static let utf8 = UTF8Words()
}
