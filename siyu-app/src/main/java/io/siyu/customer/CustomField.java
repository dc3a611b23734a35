package io.siyu.customer;

import java.util.List;

/** A field a corp defines for its customers (text, number, date, single or multiple choice). */
public record CustomField(long id, String code, String label, Type type, List<String> options, int sortOrder,
		boolean archived) {

	public CustomField {
		options = options == null ? List.of() : List.copyOf(options);
	}

	public enum Type {
		TEXT, NUMBER, DATE, SINGLE, MULTI;

		public boolean hasOptions() {
			return this == SINGLE || this == MULTI;
		}
	}
}
