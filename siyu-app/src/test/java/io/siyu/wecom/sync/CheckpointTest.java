package io.siyu.wecom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.siyu.wecom.sync.Checkpoint.Phase;

class CheckpointTest {

	List<List<String>> batches = List.of(List.of("a", "b"), List.of("c", "d"), List.of("e"));

	@Test
	void survivesItsTextFormIncludingCursorsWithColons() {
		Checkpoint checkpoint = new Checkpoint(Phase.CUSTOMERS, 1, "c", "cur:sor:1");

		assertThat(Checkpoint.parse(checkpoint.encode())).isEqualTo(checkpoint);
		assertThat(Checkpoint.parse(null)).isEqualTo(Checkpoint.start());
	}

	@Test
	void movesThroughPagesAndBatches() {
		Checkpoint first = Checkpoint.at(Phase.CUSTOMERS);

		Checkpoint samePage = first.nextPage(batches, "next");
		Checkpoint nextBatch = samePage.nextPage(batches, "");

		assertThat(samePage).isEqualTo(new Checkpoint(Phase.CUSTOMERS, 0, "a", "next"));
		assertThat(nextBatch).isEqualTo(new Checkpoint(Phase.CUSTOMERS, 1, "c", ""));
		assertThat(new Checkpoint(Phase.CUSTOMERS, 2, "e", "").nextPage(batches, ""))
			.isEqualTo(new Checkpoint(Phase.CUSTOMERS, 3, "", ""));
	}

	@Test
	void startsThePhaseOverWhenTheMemberListShiftedUnderIt() {
		Checkpoint stored = new Checkpoint(Phase.CUSTOMERS, 1, "c", "next");
		List<List<String>> afterALeaver = List.of(List.of("b", "c"), List.of("d", "e"));

		assertThat(stored.within(batches)).isEqualTo(stored);
		assertThat(stored.within(afterALeaver)).isEqualTo(Checkpoint.at(Phase.CUSTOMERS));
		assertThat(new Checkpoint(Phase.CUSTOMERS, 3, "", "").within(batches).batch()).isEqualTo(3);
	}
}
