package io.siyu.acquisition;

/** Channel code (渠道活码), store code (门店活码), parcel/campaign code (包裹卡), acquisition link (获客链接). */
public enum CodeKind {
	CHANNEL("ch"), STORE("st"), PARCEL("pc"), LINK("ln");

	final String prefix;

	CodeKind(String prefix) {
		this.prefix = prefix;
	}
}
