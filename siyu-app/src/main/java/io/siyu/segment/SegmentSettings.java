package io.siyu.segment;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Segments ({@code siyu.segment.*}).
 *
 * @param zone        the corp's calendar: days of behaviour windows and of "added" dates
 * @param orderKind   the timeline kind of orders (RFM scores)
 * @param sampleSize  customers shown with a preview count
 * @param eventSlack  events re-read after an index build (ids this far below the build's highest) to catch
 *                    transactions that committed late; larger than the number of events written concurrently
 * @param parallelism threads that evaluate one large query together (parts of the ordinal space); 0 = one per core,
 *                    1 = the caller's thread alone
 */
@ConfigurationProperties("siyu.segment")
public record SegmentSettings(@DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("order_paid") String orderKind,
		@DefaultValue("20") int sampleSize, @DefaultValue("10000") long eventSlack,
		@DefaultValue("0") int parallelism) {

	/** The threads a query may use, at least 1. */
	public int threads() {
		return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
	}
}
