package io.siyu.shared;

import java.util.List;
import java.util.function.Function;

/** The paging envelope of every collection: {@code {"items": [...], "page": 0, "size": 50, "total": 1234}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

	public <R> Page<R> map(Function<T, R> mapper) {
		return new Page<>(items.stream().map(mapper).toList(), page, size, total);
	}

	public long pages() {
		return total == 0 ? 1 : (total + size - 1) / size;
	}

	public boolean hasNext() {
		return (long) (page + 1) * size < total;
	}

	public boolean hasPrevious() {
		return page > 0;
	}
}
