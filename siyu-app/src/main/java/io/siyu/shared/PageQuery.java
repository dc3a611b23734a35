package io.siyu.shared;

/** A requested page: zero-based, size clamped to [1, 200]. */
public record PageQuery(int page, int size) {

	public static final int MAX_SIZE = 200;

	public PageQuery {
		if (page < 0) {
			throw new BadRequestException("page must be ≥ 0");
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new BadRequestException("size must be between 1 and " + MAX_SIZE);
		}
	}

	public static PageQuery of(Integer page, Integer size) {
		return new PageQuery(page == null ? 0 : page, size == null ? 50 : size);
	}

	public long offset() {
		return (long) page * size;
	}

	public <T> Page<T> with(java.util.List<T> items, long total) {
		return new Page<>(items, page, size, total);
	}
}
