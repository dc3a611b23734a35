package io.siyu.demo;

import java.util.List;

/** The shape of the demo corp "Demo Coffee": HQ, 3 regions, 30 stores, about 200 staff. */
final class DemoCoffee {

	static final String NAME = "Demo Coffee";

	/** Demo-only password of every demo user (listed in the README; never used outside demo mode). */
	static final String PASSWORD = "demo-2026";

	static final List<Region> REGIONS = List.of(
			new Region("华东大区", "east", List.of("上海静安店", "上海徐汇店", "上海浦东店", "杭州西湖店", "杭州滨江店", "南京新街口店",
					"苏州观前店", "宁波天一店", "合肥政务区店", "无锡崇安店")),
			new Region("华南大区", "south", List.of("广州天河店", "广州越秀店", "深圳福田店", "深圳南山店", "深圳宝安店", "东莞南城店",
					"佛山祖庙店", "厦门思明店", "福州鼓楼店", "南宁青秀店")),
			new Region("华北大区", "north", List.of("北京国贸店", "北京中关村店", "北京望京店", "天津和平店", "天津滨海店", "济南泉城店",
					"青岛市南店", "石家庄长安店", "太原迎泽店", "大连中山店")));

	static final List<String> SURNAMES = List.of("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱",
			"高", "林", "何", "郭", "马", "罗");

	static final List<String> GIVEN = List.of("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟",
			"涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "晨", "悦", "欣", "浩", "宇", "婷", "佳", "琳");

	/** HQ teams: operators, experts and the founder, who present the brand's personas. */
	static final List<String> HQ_POSITIONS = List.of("私域运营", "私域运营", "私域运营", "私域运营", "内容运营", "内容运营", "数据分析",
			"咖啡品鉴师", "咖啡品鉴师", "咖啡品鉴师", "营养顾问", "营养顾问", "客服专员", "客服专员", "客服专员", "客服专员", "会员经理",
			"活动策划", "创始人", "品牌总监");

	static final int GUIDES_PER_STORE = 5;

	private DemoCoffee() {
	}

	record Region(String name, String code, List<String> stores) {
	}
}
