package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * "At least one event in a window" is kept once asked and follows every event after: new customers, other refs,
 * days before the window, later-dated events, a ref-less window; a new day builds it again; only the last windows
 * asked are kept. Each answer is checked against a scan of the events.
 */
class WindowUnionsTest {

	private static final long TODAY = 20_600;

	private record Event(int ord, String kind, String ref, long day) {
	}

	private final Random random = new Random(23);

	private final BehaviourIndex index = new BehaviourIndex();

	private final List<Event> events = new ArrayList<>();

	private final RoaringBitmap all = RoaringBitmap.bitmapOfRange(0, 200_000);

	@Test
	void aKeptWindowFollowsEveryEventAndANewDayBuildsItAgain() {
		for (int i = 0; i < 60_000; i++) {
			add(random.nextInt(200_000), "link_clicked", random.nextBoolean() ? "L1" : "L2", TODAY - random.nextInt(40));
		}
		assertThat(index.unionKept("link_clicked", "L1", 7, TODAY)).isFalse();
		check("L1", 7, TODAY);
		assertThat(index.unionKept("link_clicked", "L1", 7, TODAY)).as("kept once asked").isTrue();
		assertThat(index.atLeastBound(Expr.Metric.COUNT, "link_clicked", "L1", TODAY, 7, 1))
			.as("a kept window's size is exact").isEqualTo(scan("link_clicked", "L1", 7, TODAY).getLongCardinality());
		check(null, 10, TODAY);
		int newcomer = firstWithout("L1", 7, TODAY);
		add(newcomer, "link_clicked", "L1", TODAY);
		assertThat(index.atLeast(Expr.Metric.COUNT, "link_clicked", "L1", TODAY, 7, 1, all).contains(newcomer)).isTrue();
		// another ref, a day before the window: not in it; a later-dated event: in it; any ref joins the ref-less window
		int other = firstWithout("L1", 7, TODAY);
		add(other, "link_clicked", "L2", TODAY);
		int early = firstWithout("L1", 7, TODAY);
		add(early, "link_clicked", "L1", TODAY - 7);
		int later = firstWithout("L1", 7, TODAY);
		add(later, "link_clicked", "L1", TODAY + 3);
		add(random.nextInt(200_000), "order_paid", null, TODAY);
		check("L1", 7, TODAY);
		check("L2", 7, TODAY);
		check(null, 10, TODAY);
		assertThat(index.atLeast(Expr.Metric.COUNT, "link_clicked", null, TODAY, 10, 1, all).contains(other)).isTrue();
		// the next day: days leave the window, so it is built again
		assertThat(index.unionKept("link_clicked", "L1", 7, TODAY + 1)).isFalse();
		check("L1", 7, TODAY + 1);
		assertThat(index.unionKept("link_clicked", "L1", 7, TODAY + 1)).isTrue();
	}

	@Test
	void onlyTheLastWindowsAskedAreKept() {
		int refs = WindowUnions.KEPT / 2 + 4;
		for (int i = 0; i < 20_000; i++) {
			add(random.nextInt(200_000), "link_clicked", "L" + random.nextInt(refs), TODAY - random.nextInt(40));
		}
		for (int ref = 0; ref < refs; ref++) {
			for (int days : new int[] { 3, 14 }) {
				check("L" + ref, days, TODAY);
			}
		}
		assertThat(index.unionKept("link_clicked", "L0", 3, TODAY)).as("the first asked is gone").isFalse();
		assertThat(index.unionKept("link_clicked", "L" + (refs - 1), 14, TODAY)).isTrue();
		assertThat(index.bytes()).isGreaterThan(WindowUnions.KEPT * 64L);
	}

	@Test
	void keptWindowsStayUnderTheirBytes() {
		RoaringBitmap big = RoaringBitmap.bitmapOf(random.ints(50_000, 0, 2_000_000).toArray());
		long size = big.getSizeInBytes() + 64;
		WindowUnions unions = new WindowUnions(10, size * 5 / 2);
		for (int ref = 0; ref < 3; ref++) {
			unions.keep("link_clicked", ref, 7, TODAY, big.clone());
		}
		assertThat(unions.size()).as("two fit in the bytes, not three").isEqualTo(2);
		assertThat(unions.get("link_clicked", 0, 7, TODAY)).as("the least recently asked went").isNull();
		assertThat(unions.get("link_clicked", 2, 7, TODAY)).isEqualTo(big);
		// one larger than the bytes alone is still kept: it was just built
		RoaringBitmap huge = RoaringBitmap.bitmapOf(random.ints(200_000, 0, 2_000_000).toArray());
		unions.keep("group_joined", 1, 30, TODAY, huge);
		assertThat(unions.size()).isEqualTo(1);
		assertThat(unions.get("group_joined", 1, 30, TODAY)).isSameAs(huge);
	}

	private void add(int ord, String kind, String ref, long day) {
		index.add(ord, kind, day, ref, 0);
		events.add(new Event(ord, kind, ref, day));
	}

	/** The engine's answer (kept or built) equals the scan, over everyone and over a few. */
	private void check(String ref, int days, long today) {
		RoaringBitmap expected = scan("link_clicked", ref, days, today);
		assertThat(expected.isEmpty()).isFalse();
		RoaringBitmap got = index.atLeast(Expr.Metric.COUNT, "link_clicked", ref, today, days, 1, all);
		assertThat(RoaringBitmap.and(got, all)).as("%s in %d days", ref, days).isEqualTo(expected);
		RoaringBitmap few = RoaringBitmap.bitmapOf(expected.first(), expected.last(), firstWithout(ref, days, today));
		got = index.atLeast(Expr.Metric.COUNT, "link_clicked", ref, today, days, 1, few);
		assertThat(RoaringBitmap.and(got, few)).isEqualTo(RoaringBitmap.and(expected, few));
	}

	private RoaringBitmap scan(String kind, String ref, int days, long today) {
		RoaringBitmap r = new RoaringBitmap();
		for (Event e : events) {
			if (e.kind.equals(kind) && (ref == null || ref.equals(e.ref)) && e.day > today - days) {
				r.add(e.ord);
			}
		}
		return r;
	}

	private int firstWithout(String ref, int days, long today) {
		RoaringBitmap in = scan("link_clicked", ref, days, today);
		int ord = random.nextInt(200_000);
		while (in.contains(ord)) {
			ord = (ord + 1) % 200_000;
		}
		return ord;
	}
}
